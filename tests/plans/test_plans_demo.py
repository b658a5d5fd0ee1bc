"""The demo data command: phases for the demo specialties, a plan, a grant; idempotent."""

import io

import pytest
from django.core.management import call_command

from bass.history import system_user
from plans.models import Grant, Milestone, PhaseChange, Spending
from plans.queries import progress_by_specialty
from specialties.models import Specialty
from tests.conftest import DEMO_TODAY


@pytest.mark.django_db
def test_load_plans_demo_is_idempotent_and_written_by_the_system_user():
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_plans_demo", stdout=io.StringIO(), today=DEMO_TODAY)
    counts = (PhaseChange.objects.count(), Milestone.objects.count(), Spending.objects.count())
    assert counts[0] >= 10 and counts[1] >= 10 and counts[2] >= 2
    call_command("load_plans_demo", stdout=io.StringIO(), today=DEMO_TODAY)
    assert counts == (
        PhaseChange.objects.count(),
        Milestone.objects.count(),
        Spending.objects.count(),
    )
    kardiologi = Specialty.objects.get(slug="kardiologi")
    progress = progress_by_specialty([kardiologi], on=DEMO_TODAY)[kardiologi.pk]
    assert progress.phase.phase.name == "Implementering"
    assert progress.late >= 1 and progress.at_risk >= 1 and progress.milestones_done >= 3
    assert 0 < progress.spent < progress.granted
    g = Grant.objects.get(specialty=kardiologi)
    assert g.history.get().history_user == system_user()
    assert "Eksempeldata" in g.note
