"""Demo improvement work for kardiologi and for a Slagelse cluster initiative (invented,
marked as example data)."""

import datetime
import math

from django.utils import timezone

from clusters.demo import load_triple_aim_example
from clusters.models import Forum, Initiative, InitiativeStatus
from improvement.models import (
    CycleMeasure,
    DataPoint,
    DriverNode,
    ImprovementProject,
    Measure,
    PDSACycle,
)
from specialties.models import Specialty

TITLE = "Eksempeldata: færre genindlæggelser af patienter med hjertesvigt"
CLUSTER_TITLE = "Eksempeldata: færre akutte indlæggelser fra plejecentre"


def _months_before(first_of_month: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` before ``first_of_month``."""
    index = first_of_month.year * 12 + first_of_month.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def load(today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    specialty = Specialty.objects.filter(slug="kardiologi").first()
    if specialty is None or ImprovementProject.objects.filter(title=TITLE).exists():
        return 0
    project = ImprovementProject.objects.create(
        specialty=specialty,
        title=TITLE,
        aim_what="Genindlæggelser inden for 30 dage efter udskrivelse med hjertesvigt",
        aim_how_much="fra 22 % til 15 %",
        aim_by_when=today.replace(month=12, day=31),
        status="active",
        progress_score="3.0",
        progress_reason="Genindlæggelserne er faldet siden tjeklisten kom i brug; endnu ikke 15 %",
        shared_with_programme=True,
    )
    created = 1
    primary = DriverNode.objects.create(project=project, kind="primary", title="Sikker udskrivelse")
    secondary = DriverNode.objects.create(
        project=project, parent=primary, kind="secondary", title="Medicinafstemning før udskrivelse"
    )
    checklist = DriverNode.objects.create(
        project=project,
        parent=secondary,
        kind="change_idea",
        title="Tjekliste ved udskrivelse",
        shared_with_programme=True,
    )
    call = DriverNode.objects.create(
        project=project, parent=primary, kind="change_idea", title="Opfølgende telefonopkald dag 3"
    )
    created += 4
    first = PDSACycle.objects.create(
        change_idea=checklist,
        title="Tjekliste på ét afsnit i to uger",
        objective="Afprøve om tjeklisten kan bruges i en travl vagt",
        predictions="Tjeklisten udfyldes ved 8 af 10 udskrivelser",
        planned_start=today - datetime.timedelta(days=70),
        planned_end=today - datetime.timedelta(days=56),
        do_what_happened="Brugt ved 14 udskrivelser",
        study_results="Udfyldt ved 11 af 14 (79 %)",
        study_learning="Punktet om vægt blev overset om natten",
        act_decision="adapt",
        act_next_step="Flyt vægtpunktet øverst og afprøv på to afsnit",
        shared_with_programme=True,
    )
    second = PDSACycle.objects.create(
        change_idea=checklist,
        previous=first,
        title="Tilpasset tjekliste på to afsnit",
        objective="Afprøve den tilpassede tjekliste på to afsnit",
        planned_start=today - datetime.timedelta(days=40),
        planned_end=today - datetime.timedelta(days=10),
        do_what_happened="Brugt på begge afsnit",
    )
    third = PDSACycle.objects.create(
        change_idea=call,
        title="Telefonopkald til ti patienter",
        objective="Afprøve opkald dag 3 efter udskrivelse",
        planned_start=today - datetime.timedelta(days=5),
        planned_end=today + datetime.timedelta(days=10),
    )
    created += 3
    outcome = Measure.objects.create(
        project=project,
        name="Genindlæggelser inden for 30 dage (%)",
        kind="outcome",
        operational_definition="Andel af udskrivelser med hjertesvigt, der følges af en akut "
        "genindlæggelse inden for 30 dage, pr. måned (Landspatientregisteret).",
        unit="%",
        direction="lower",
        target=15,
        frequency="month",
        chart_type="run",
    )
    start = today.replace(day=1)
    for n in range(24):
        value = 22 + 2 * math.sin(n) - (5 if n >= 15 else 0)
        DataPoint.objects.create(
            measure=outcome, period=_months_before(start, 23 - n), value=round(value, 1)
        )
    created += 25
    # Each cycle names the measure it aims to move, with the value the team predicts.
    for cycle, predicted in ((first, "19"), (second, "17"), (third, "16.5")):
        CycleMeasure.objects.create(cycle=cycle, measure=outcome, predicted_value=predicted)
    created += 3
    return created


def load_cluster_project(today: datetime.date | None = None) -> int:
    """A project of an initiative of Faglig Strategisk Forum, Sundhedsklynge Slagelse (the
    cluster demo's users sit in that forum). Nothing happens before the cluster demo is
    loaded or when the project exists."""
    today = today or timezone.localdate()
    forum = Forum.objects.filter(
        cluster__name="Sundhedsklynge Slagelse", name="Faglig Strategisk Forum"
    ).first()
    if forum is None or ImprovementProject.objects.filter(title=CLUSTER_TITLE).exists():
        return 0
    initiative, created = Initiative.objects.get_or_create(
        cluster=forum.cluster,
        title="Eksempeldata: akutteam i plejecentre",
        defaults={
            "proposed_by": forum,
            "status": InitiativeStatus.ACTIVE,
            "target_group": "Beboere på plejecentre i Slagelse og Sorø kommuner",
            "participants": "Slagelse Sygehus, Slagelse Kommune, Sorø Kommune og almen praksis.",
        },
    )
    created += load_triple_aim_example(initiative)
    project = ImprovementProject.objects.create(
        initiative=initiative,
        title=CLUSTER_TITLE,
        aim_what="Akutte indlæggelser af beboere på plejecentre",
        aim_how_much="20 % færre end i 2025",
        aim_by_when=today.replace(month=12, day=31),
        status="active",
    )
    primary = DriverNode.objects.create(
        project=project, kind="primary", title="Tidlig opsporing af forværring"
    )
    idea = DriverNode.objects.create(
        project=project, parent=primary, kind="change_idea", title="Triageringsværktøj i aftenvagt"
    )
    cycle = PDSACycle.objects.create(
        change_idea=idea,
        title="Triagering på ét plejecenter i to uger",
        objective="Kan aftenvagten bruge værktøjet ved alle borgere med feber?",
        planned_start=today - datetime.timedelta(days=30),
        planned_end=today - datetime.timedelta(days=16),
        do_what_happened="Brugt ved 9 borgere",
    )
    measure = Measure.objects.create(
        project=project,
        name="Akutte indlæggelser fra plejecentre pr. måned",
        kind="outcome",
        operational_definition="Antal akutte indlæggelser af borgere med bopæl på plejecenter "
        "i Slagelse og Sorø kommuner, pr. måned.",
        unit="indlæggelser",
        direction="lower",
        frequency="month",
        chart_type="c",
    )
    start = today.replace(day=1)
    for n in range(18):
        DataPoint.objects.create(
            measure=measure,
            period=_months_before(start, 17 - n),
            value=round(31 + 4 * math.sin(2 * n) - (7 if n >= 9 else 0)),
        )
    CycleMeasure.objects.create(cycle=cycle, measure=measure, predicted_value=24)
    return int(created) + 24
