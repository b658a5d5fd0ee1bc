"""Demo data: two finalised assessments per specialty, idempotent, marked as examples."""

import pytest
from django.core.management import call_command

from sustainability.models import Assessment, PrismRating
from sustainability.queries import latest_profiles
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.django_db


def test_demo_gives_every_specialty_a_trend(world):
    call_command("load_sustainability_demo", today=DEMO_TODAY)
    assert Assessment.objects.finalised().count() == 4
    assert Assessment.objects.filter(is_example=False).count() == 0
    profiles = latest_profiles([world.specialty_a, world.specialty_b])
    for profile in profiles.values():
        assert profile.previous is not None
        assert all(value is not None for value in profile.trend.values())
    assert PrismRating.objects.filter(staff_effect__lt=0, is_example=True).count() == 2
    history = Assessment.objects.first().history.earliest()
    assert history.history_user.username == "system"
    # Twice changes nothing.
    call_command("load_sustainability_demo", today=DEMO_TODAY)
    assert Assessment.objects.count() == 4
