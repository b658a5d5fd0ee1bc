"""Demo data: the Slagelse cluster with its forums, the meeting of 3 April 2025 (items as
the public minutes give them, seed 002: clusters/demo_minutes.py) and the prioritised
initiatives; and the Randers cluster with its fourteen laboratories (seed 001).

``load()`` is idempotent: it looks objects up by name before creating them and never
changes what is already there. Call it inside ``acting_as(...)``. It uses the hospitals and
municipalities of ``load_demo`` when they exist.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from bass.demo_data import DEMO_PASSWORD
from bass.models import Hospital, Municipality
from clusters.demo_minutes import SEED_MEETING_ITEMS
from clusters.meeting_life import freeze_sent_agenda
from clusters.models import (
    AgendaAttachment,
    AgendaItem,
    Cluster,
    ClusterKind,
    Forum,
    ForumKind,
    Initiative,
    InitiativeStatus,
    Meeting,
    MeetingStatus,
    StandardItem,
    StandardItemPosition,
    TripleAimMeasure,
    TripleAimValue,
)
from roles.models import Person, RoleAssignment

SLAGELSE = "Sundhedsklynge Slagelse"
RANDERS = "Randersklyngen"
STRATEGIC = "Faglig Strategisk Forum"
ELDERLY = "Temaudvalg for sammenhængende patientforløb for sårbare ældre"
CHRONIC = "Temaudvalg for styrket indsats for borgere med kronisk sygdom"
CHILDREN = "Temaudvalg for trivsel for børn, unge og deres familier"
CASE = "EMN-2024-10711"

# The attachments' own text is not in the minutes: a one-line placeholder PDF stands in.
_PLACEHOLDER_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

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

# The akutteam initiative (made by the improvement demo, which gives it a project): a short
# quarterly triple-aim series per dimension with a target. Invented figures, marked as such.
AKUTTEAM = "Eksempeldata: akutteam i plejecentre"
EXAMPLE_NOTE = "Eksempeldata: opdigtede tal til demonstration."
TRIPLE_AIM_QUARTERS = [datetime.date(y, m, 1) for y in (2025, 2026) for m in (1, 4, 7, 10)][:7]
# dimension: (indicator, unit, baseline, target, values per quarter)
TRIPLE_AIM_EXAMPLE = {
    "population_health": (
        "Andel beboere uden akut indlæggelse i kvartalet",
        "%",
        "78",
        "88",
        ["78", "79.5", "81", "80.5", "83", "84.5", "85"],
    ),
    "experienced_quality": (
        "Beboere og pårørende, der oplever et sammenhængende forløb",
        "%",
        "62",
        "75",
        ["62", "64", "66.5", "70", "69", "71.5", "73.5"],
    ),
    "cost_per_capita": (
        "Udgift til akutte indlæggelser pr. beboer pr. kvartal",
        "kr.",
        "4850",
        "4000",
        ["4850", "4700", "4620", "4410", "4380", "4120", "4050"],
    ),
}

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
    meeting, created = Meeting.objects.get_or_create(
        forum=strategic,
        starts_at=starts_at,
        defaults={
            "place": "Mødet holdes på Teams",
            "status": MeetingStatus.APPROVED,
            "published_at": starts_at - datetime.timedelta(days=7),
            "approved_at": starts_at + datetime.timedelta(days=7),
            "default_case_id": CASE,
        },
    )
    count.created += created
    for fields in SEED_MEETING_ITEMS:
        fields = dict(fields)
        attachments = fields.pop("attachments")
        item, created = AgendaItem.objects.get_or_create(
            meeting=meeting,
            number=fields.pop("number"),
            defaults={**fields, "case_id": CASE},
        )
        count.created += created
        if created:
            for title, document_id in attachments:
                attachment = AgendaAttachment(
                    item=item,
                    title=title,
                    document_id=document_id,
                    content_type="application/pdf",
                    size=len(_PLACEHOLDER_PDF),
                )
                attachment.file.save(f"bilag-{document_id}.pdf", ContentFile(_PLACEHOLDER_PDF))
                count.created += 1
    if not meeting.agenda_pdf:
        # The agenda as sent, which the meeting's life would have frozen when it was sent.
        # The public minutes are not rendered here: like every meeting approved before
        # the public PDF was stored, the first request has them made through the export
        # outbox (clusters.exports.public_minutes_export).
        freeze_sent_agenda(meeting)
        meeting.save()
    for title, position, order in [
        ("Godkendelse af dagsorden", StandardItemPosition.FIRST, 1),
        ("Eventuelt", StandardItemPosition.LAST, 1),
    ]:
        count(
            StandardItem.objects.get_or_create(
                forum=strategic, title=title, defaults={"position": position, "order": order}
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
    initiative = Initiative.objects.filter(cluster=slagelse, title=AKUTTEAM).first()
    if initiative is not None:
        count.created += load_triple_aim_example(initiative)
    return count.created


def load_triple_aim_example(initiative: Initiative) -> int:
    """The example triple-aim series of the akutteam initiative: indicator, baseline and
    target on each measure that has none yet, and the dated values it lacks. Returns the
    number of values created."""
    created = 0
    for measure in TripleAimMeasure.objects.filter(initiative=initiative):
        indicator, unit, baseline, target, values = TRIPLE_AIM_EXAMPLE[measure.dimension]
        if not measure.indicator and measure.target is None:
            measure.indicator = indicator
            measure.unit = unit
            measure.baseline = Decimal(baseline)
            measure.target = Decimal(target)
            measure.note = EXAMPLE_NOTE
            measure.save()
        for date, value in zip(TRIPLE_AIM_QUARTERS, values, strict=True):
            _value, was_created = TripleAimValue.objects.get_or_create(
                measure=measure,
                date=date,
                defaults={"value": Decimal(value), "note": "Eksempeldata"},
            )
            created += was_created
    return created


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
