import pytest

from specialties.models import Ambition


@pytest.fixture
def ambition(world):
    """Specialty A's strategic ambition (a draft)."""
    return Ambition.objects.create(
        specialty=world.specialty_a, kind="strategic", draft_text="<p>Udkast</p>"
    )
