"""Demo data for implementation plans (invented; marked "Eksempeldata" on screen).

Dates are relative to the day the demo is loaded, so the plan always shows milestones done,
on track, at risk and late.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from bass import demo_data
from bass.history import system_user
from plans.models import (
    Grant,
    Milestone,
    MilestoneDependency,
    MilestoneStatus,
    Phase,
    PhaseChange,
    Plan,
    Spending,
)
from roles.models import Person
from specialties.models import Specialty

EXAMPLE = "Eksempeldata: opfundet til demonstration."

# slug -> how many phases the specialty has been through (1 = analyse only).
PHASES_REACHED = {
    "kardiologi": 4,
    "lungesygdomme": 3,
    "endokrinologi": 2,
    "geriatri": 2,
    "akutmedicin": 2,
}

S = MilestoneStatus
# (key, title, responsible username, start offset days, length days, status, done offset,
#  depends on keys, serves)
KARDIOLOGI = [
    ("kort", "Kortlægning af patientforløb", "implementering", -300, 60, S.DONE, -242, [], ""),
    (
        "bemanding",
        "Bemandingsanalyse i begge styrkepositioner",
        "specialeejer",
        -280,
        70,
        S.DONE,
        -212,
        [],
        "",
    ),
    (
        "faglig",
        "Faglig ambition godkendt i kerneteamet",
        "implementering",
        -230,
        40,
        S.DONE,
        -185,
        ["kort"],
        "Den faglige ambition",
    ),
    (
        "visitation",
        "Fælles visitationsretningslinje",
        "implementering",
        -170,
        60,
        S.DONE,
        -95,
        ["faglig"],
        "Den faglige ambition: lige adgang",
    ),
    (
        "vagt",
        "Fælles vagtlag mellem SUH Køge og Holbæk",
        "specialeejer",
        -120,
        90,
        S.ON_TRACK,
        None,
        ["bemanding"],
        "Den strategiske ambition: robuste vagtlag",
    ),
    (
        "telemedicin",
        "Telemedicinsk opfølgning af hjertesvigt",
        "kerneteam",
        -90,
        120,
        S.AT_RISK,
        None,
        ["visitation"],
        "Forandringsidé: hjemmemonitorering",
    ),
    (
        "ekko",
        "Ekkokardiografi på tværs af matrikler",
        "implementering",
        -150,
        100,
        S.ON_TRACK,
        None,
        ["visitation"],
        "",
    ),
    (
        "uddannelse",
        "Fælles uddannelsesprogram for yngre læger",
        "kerneteam",
        -60,
        150,
        S.NOT_STARTED,
        None,
        [],
        "",
    ),
    (
        "kvalitet",
        "Kvalitetsindikatorer i fælles dashboard",
        "implementering",
        -30,
        90,
        S.ON_TRACK,
        None,
        ["visitation"],
        "",
    ),
    (
        "evaluering",
        "Evaluering efter første år",
        "specialeejer",
        60,
        45,
        S.NOT_STARTED,
        None,
        ["vagt", "telemedicin"],
        "",
    ),
]

LUNGESYGDOMME = [
    ("kol", "KOL-forløb på tværs af sygehuse", "specialeejer-lunge", -120, 90, S.DONE, -40, [], ""),
    (
        "ilt",
        "Fælles iltbehandlingsklinik",
        "specialeejer-lunge",
        -60,
        100,
        S.AT_RISK,
        None,
        ["kol"],
        "",
    ),
    (
        "sovn",
        "Søvnapnø-udredning samlet",
        "specialeejer-lunge",
        -200,
        120,
        S.ON_TRACK,
        None,
        [],
        "",
    ),
]

MILESTONES = {"kardiologi": KARDIOLOGI, "lungesygdomme": LUNGESYGDOMME}

GRANTS = {
    "kardiologi": (
        Decimal("1250000.00"),
        "Transitionsmidler BASS",
        [
            (-200, Decimal("310000.00"), "Frikøb af projektsygeplejerske"),
            (-90, Decimal("145250.50"), "Telemedicinsk udstyr"),
        ],
    ),
    "lungesygdomme": (
        Decimal("600000.00"),
        "Transitionsmidler BASS",
        [(-50, Decimal("88000.00"), "Uddannelsesdage")],
    ),
}


def load(today: datetime.date | None = None) -> int:
    """Create the demo phases, plans, milestones and grants; returns objects created."""
    today = today or timezone.localdate()
    created = 0
    phases = list(Phase.objects.order_by("order"))
    specialties = {s.slug: s for s in Specialty.objects.filter(slug__in=demo_data.SPECIALTIES)}
    for slug, specialty in specialties.items():
        if specialty.phase_changes.exists() or not phases:
            continue
        reached = PHASES_REACHED.get(slug, 1)
        for index, phase in enumerate(phases[:reached]):
            PhaseChange.objects.create(
                specialty=specialty,
                phase=phase,
                started_on=today - datetime.timedelta(days=120 * (reached - index)),
                note=EXAMPLE,
                moved_by=system_user(),
            )
            created += 1
    people = {p.user.username: p for p in Person.objects.select_related("user")}
    for slug, rows in MILESTONES.items():
        specialty = specialties.get(slug)
        if specialty is None:
            continue
        plan, was_created = Plan.objects.get_or_create(
            specialty=specialty,
            title="Implementeringsplan 2025–2027",
            defaults={"description": EXAMPLE},
        )
        if not was_created:
            continue
        created += 1
        by_key = {}
        for key, title, who, start, length, status, done, depends, serves in rows:
            by_key[key] = Milestone.objects.create(
                plan=plan,
                title=title,
                description=EXAMPLE,
                responsible=people.get(who),
                start_date=today + datetime.timedelta(days=start),
                due_date=today + datetime.timedelta(days=start + length),
                status=status,
                done_at=today + datetime.timedelta(days=done) if done is not None else None,
                serves=serves,
            )
            created += 1
            for other in depends:
                MilestoneDependency.objects.create(milestone=by_key[key], depends_on=by_key[other])
                created += 1
    for slug, (amount, pool, spendings) in GRANTS.items():
        specialty = specialties.get(slug)
        if specialty is None or specialty.grants.exists():
            continue
        grant = Grant.objects.create(
            specialty=specialty, amount=amount, year=today.year, pool=pool, note=EXAMPLE
        )
        created += 1
        for offset, spent, note in spendings:
            Spending.objects.create(
                grant=grant, date=today + datetime.timedelta(days=offset), amount=spent, note=note
            )
            created += 1
    return created
