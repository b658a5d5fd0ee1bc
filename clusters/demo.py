"""Demo data: the Slagelse cluster with its forums, the meeting of 3 April 2025 (items
retold from the public minutes, seed 002) and the prioritised initiatives; and the Randers
cluster with its fourteen laboratories (seed 001).

``load()`` is idempotent: it looks objects up by name before creating them and never
changes what is already there. Call it inside ``acting_as(...)``. It uses the hospitals and
municipalities of ``load_demo`` when they exist.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from bass.demo_data import DEMO_PASSWORD
from bass.models import Hospital, Municipality
from clusters.models import (
    AgendaItem,
    Cluster,
    ClusterKind,
    Forum,
    ForumKind,
    Initiative,
    InitiativeStatus,
    Meeting,
    MeetingStatus,
)
from roles.models import Person, RoleAssignment

SLAGELSE = "Sundhedsklynge Slagelse"
RANDERS = "Randersklyngen"
STRATEGIC = "Faglig Strategisk Forum"
ELDERLY = "Temaudvalg for sammenhængende patientforløb for sårbare ældre"
CHRONIC = "Temaudvalg for styrket indsats for borgere med kronisk sygdom"
CHILDREN = "Temaudvalg for trivsel for børn, unge og deres familier"
CASE = "EMN-2024-10711"

# (number, title, document id, summary, recommendation, case, finances, decision)
ITEMS = [
    (
        1,
        "Velkommen og godkendelse af dagsordenen",
        "12069979",
        "<p>Forummet byder gæster velkommen og godkender dagsordenen.</p>",
        "<p>Det indstilles, at forummet godkender dagsordenen.</p>",
        "",
        "",
        "<p>Dagsordenen blev godkendt.</p>",
    ),
    (
        2,
        "Beslutning om henvendelse til Sundhedsdatastyrelsen",
        "12071258",
        "<p>Temaudvalget for sårbare ældre foreslår, at forummet på klyngens vegne beder "
        "Sundhedsdatastyrelsen om at fremrykke en rettelse af Fælles Medicinkort, fordi "
        "problemet ikke kan løses inden for indsatsen Medicin i sektorovergang.</p>",
        "<p>Det indstilles, at forummet beslutter, om den manglende information i FMK skal "
        "rejses over for Sundhedsdatastyrelsen.</p>",
        "<p>Når en patient udskrives til kommunen, kan medicin udleveret fra sygehuset afvige "
        "fra det, der står i FMK (fx en anden styrke), uden at kommunens personale kan se "
        "hvorfor. Sygehusets kommentarer kommer ikke med over i FMK. Følgen er kasseret "
        "medicin og risiko for, at patienten mangler medicin.</p>"
        "<p>Indtil videre beskriver sygehuset afvigelserne i en korrespondance efter en fast "
        "skabelon. Det giver ekstra manuelt arbejde i begge sektorer. Den varige løsning er, "
        "at FMK får oplysningerne fra sygehusets journal. Det er et landsdækkende problem.</p>",
        "<p>Ingen.</p>",
        "<p>Klyngen skriver et fælles brev til Sundhedsdatastyrelsen med kopi til andre "
        "relevante styrelser, og de øvrige regioner spørges, om de kender problemet.</p>",
    ),
    (
        3,
        "Indstilling af forbedringsinitiativer til Det Nationale Ledelsesprogram",
        "12077217",
        "<p>Forummet skal vælge og prioritere, hvilke forbedringsinitiativer klyngen indstiller "
        "til Det Nationale Ledelsesprogram.</p>",
        "<ol><li>Forummet indstiller temaudvalgenes forslag i prioriteret rækkefølge.</li>"
        "<li>Forummet drøfter, om flere kommuner vil deltage.</li></ol>",
        "<p>Programmet løber fra september 2025 til juni 2026 og styrker deltagernes evne til "
        "at lede forbedringer på tværs af sektorer. Klyngen kan få plads til et eller to "
        "initiativer; formandskabet foreslår at sende alle tre forslag i prioriteret "
        "rækkefølge.</p>",
        "<p>Ingen udgifter, der kræver særskilt stillingtagen.</p>",
        "<p>Forummet prioriterede: 1. Basal palliation, 2. Rekruttering til "
        "rehabiliteringsforløb, 3. Den forebyggende udskrivelse.</p>",
    ),
    (
        4,
        "Evaluering af klyngens fælles læringsdag",
        "12071476",
        "<p>Klyngen holdt fælles læringsdag den 26. marts 2025; forummet evaluerer dagen.</p>",
        "<p>Det indstilles, at forummet evaluerer læringsdagen.</p>",
        "<p>Forummets medlemmer og temaudvalgenes formænd og konsulenter delte viden om "
        "udvalgenes arbejde og om, hvad der bør føres videre i en ny organisering.</p>",
        "<p>Ingen udgifter, der kræver særskilt stillingtagen.</p>",
        "<p>En god dag. Forummet vil især sikre, at nye indsatser ikke hviler på enkelte "
        "personer, nu hvor sundhedsrådene afløser klyngerne.</p>",
    ),
    (
        5,
        "Orientering om sundhedsreformen og omstillingen mod det nære sundhedsvæsen",
        "12071279",
        "<p>Regionen forbereder sundhedsreformen i seks delprogrammer. Forummets "
        "næstformand leder delprogrammet om omstilling mod det nære sundhedsvæsen og "
        "orienterer om opgaven.</p>",
        "<p>Det indstilles, at forummet tager orienteringen til efterretning.</p>",
        "<p>Delprogrammet har to spor: opgaver, der flytter fra kommune til region, og det "
        "udadvendte sygehus. Målet er en klar retning for det nære sundhedsvæsen og stabil "
        "drift af de flyttede opgaver fra 1. januar 2027.</p>",
        "<p>Ingen udgifter, der kræver særskilt stillingtagen.</p>",
        "<p>Orienteringen blev taget til efterretning.</p>",
    ),
    (
        6,
        "Eventuelt",
        "12086663",
        "<p>Medlemmerne orienterer om emner af fælles interesse.</p>",
        "<p>Det indstilles, at forummet tager orienteringen til efterretning.</p>",
        "",
        "<p>Ingen udgifter, der kræver særskilt stillingtagen.</p>",
        "<p>Der blev orienteret om en ny konsulent til MedCom-kommunikation mellem kommuner "
        "og almen praksis og om sygehusets arbejde med patienter, der udskrives kort efter "
        "en overflytning.</p>",
    ),
]

# (title, proposed by, rank, participants)
SLAGELSE_INITIATIVES = [
    (
        "Basal palliation – kompetenceudvikling på tværs af sektorer",
        ELDERLY,
        1,
        "NSR Sygehuse, Slagelse Kommune, Sorø Kommune og et lægecenter i Næstved.",
    ),
    (
        "Rekruttering af borgere til rehabiliteringsforløb",
        CHRONIC,
        2,
        "NSR Sygehuse og Ringsted Kommune; plads til endnu en kommune og almen praksis.",
    ),
    (
        "Den forebyggende udskrivelse",
        CHRONIC,
        3,
        "NSR Sygehuse og Ringsted Kommune; plads til endnu en kommune.",
    ),
]

RANDERS_LABORATORIES = [
    "Behandling af borgere med KOL i eget hjem",
    "Forebyggelse af uhensigtsmæssige indlæggelser",
    "Sårbehandling",
    "Børn med inkontinens",
    "Pakkeforløb for hoftenære frakturer",
    "Fælles model for beslutning og implementering",
    "Geriatri – udkørende geriatrisk team",
    "Ny visitationsmodel for Randersklyngen",
    "Når hjemmet er ønsket om det sidste levested",
    "Sårbare patienter med misbrugsproblematikker",
    "Demens",
    "Rehabilitering – tilbage til arbejdsmarkedet",
    "Rehabilitering – den ældre medicinske patient",
    "Bedre indsats for den psykiatriske patient",
]

# username: (first name, last name, role kind on Faglig Strategisk Forum)
USERS = {
    "klynge_formand": ("Karen", "Klyngeformand", "forum_chair"),
    "klynge_sekretaer": ("Sofie", "Sekretær", "forum_secretary"),
    "klynge_medlem": ("Mads", "Medlem", "forum_member"),
}


class _Counter:
    def __init__(self):
        self.created = 0

    def __call__(self, pair):
        obj, was_created = pair
        self.created += was_created
        return obj


@transaction.atomic
def load() -> int:
    """Create the demo clusters; returns the number of objects created."""
    count = _Counter()
    slagelse = count(
        Cluster.objects.get_or_create(
            name=SLAGELSE,
            defaults={
                "kind": ClusterKind.CLUSTER,
                "general_practice": "Praktiserende læger i klyngens fire kommuner "
                "(repræsentation via PLO).",
                "period_from": datetime.date(2022, 1, 1),
                "period_to": datetime.date(2027, 1, 1),
            },
        )
    )
    if not slagelse.hospitals.exists():
        slagelse.hospitals.set(Hospital.objects.filter(name__in=["Slagelse Sygehus"]))
    if not slagelse.municipalities.exists():
        slagelse.municipalities.set(
            Municipality.objects.filter(name__in=["Næstved", "Slagelse", "Ringsted", "Sorø"])
        )
    forums = {
        name: count(
            Forum.objects.get_or_create(cluster=slagelse, name=name, defaults={"kind": kind})
        )
        for name, kind in [
            ("Politisk forum", ForumKind.POLITICAL),
            (STRATEGIC, ForumKind.STRATEGIC),
            (ELDERLY, ForumKind.THEME),
            (CHRONIC, ForumKind.THEME),
            (CHILDREN, ForumKind.THEME),
        ]
    }
    strategic = forums[STRATEGIC]
    starts_at = timezone.make_aware(datetime.datetime(2025, 4, 3, 16, 30))
    meeting = count(
        Meeting.objects.get_or_create(
            forum=strategic,
            starts_at=starts_at,
            defaults={"place": "Microsoft Teams", "status": MeetingStatus.HELD},
        )
    )
    for number, title, doc_id, summary, recommendation, case, finances, decision in ITEMS:
        count(
            AgendaItem.objects.get_or_create(
                meeting=meeting,
                number=number,
                defaults={
                    "title": title,
                    "case_id": CASE,
                    "document_id": doc_id,
                    "summary": summary,
                    "recommendation": recommendation,
                    "case_presentation": case,
                    "finances": finances,
                    "decision": decision,
                },
            )
        )
    for title, proposer, rank, participants in SLAGELSE_INITIATIVES:
        count(
            Initiative.objects.get_or_create(
                cluster=slagelse,
                title=title,
                defaults={
                    "proposed_by": forums[proposer],
                    "participants": participants,
                    "status": InitiativeStatus.PRIORITISED,
                    "priority_rank": rank,
                    "decision_text": "Indstillet til Det Nationale Ledelsesprogram i "
                    "prioriteret rækkefølge (punkt 3).",
                    "decided_at": meeting,
                },
            )
        )
    _load_randers(count)
    _load_users(count, strategic)
    return count.created


def _load_randers(count) -> None:
    randers = count(
        Cluster.objects.get_or_create(
            name=RANDERS,
            defaults={
                "general_practice": "Almen praksis i Randers, Favrskov, Norddjurs og Syddjurs.",
                "period_from": datetime.date(2011, 1, 1),
            },
        )
    )
    leaders = count(
        Forum.objects.get_or_create(
            cluster=randers,
            name="Tværsektorielt lederforum",
            defaults={"kind": ForumKind.STRATEGIC},
        )
    )
    for title in RANDERS_LABORATORIES:
        count(
            Initiative.objects.get_or_create(
                cluster=randers,
                title=title,
                defaults={
                    "proposed_by": leaders,
                    "status": InitiativeStatus.ACTIVE,
                    "target_group": "",
                    "description": "<p>Laboratorium i Randersklyngens laboratoriemodel. "
                    "Status er eksempeldata.</p>",
                },
            )
        )


def _load_users(count, forum: Forum) -> None:
    forum_type = ContentType.objects.get_for_model(Forum)
    for username, (first, last, kind) in USERS.items():
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        count.created += created
        person = count(Person.objects.get_or_create(user=user))
        count(
            RoleAssignment.objects.get_or_create(
                person=person,
                kind=kind,
                content_type=forum_type,
                object_id=forum.pk,
                defaults={"valid_from": datetime.date(2025, 1, 1), "reason": "Demodata"},
            )
        )
