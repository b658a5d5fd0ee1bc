"""The specialty miniguide's sustainability chapter in print: profile, trend, the prism of
planned work and its blind spots; the driver diagram drawn, scaled to the page."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from programme.miniguide import specialty_context
from sustainability.models import PrismRating
from tests.improvement.improvement_world import improvement_for
from tests.sustainability.sustainability_factories import make_assessment

pytestmark = pytest.mark.django_db


def test_the_miniguide_prints_trend_prism_blind_spots_and_the_drawn_diagram(world):
    work = improvement_for(world, "A")
    scores = {"professional": 4, "staff": 2, "organisational": 3}
    make_assessment(world.specialty_a, scores, date=datetime.date(2025, 4, 1))
    make_assessment(world.specialty_a, scores, date=datetime.date(2025, 10, 1))
    PrismRating.objects.create(
        specialty=world.specialty_a,
        initiative=work.idea,
        professional_effect=1,
        professional_reason="Ens opfølgning",
        staff_effect=-1,
        staff_reason="Flere opkald i dagvagten",
    )
    with translation.override("da"):
        html = render_to_string(
            "pdf/specialty_miniguide.html", specialty_context(world.specialty_a, "da")
        )
    chapter = html.partition("De tre perspektiver over tid")[2]
    assert "Prismet på det planlagte arbejde" in chapter
    assert "Ingen planlagt indsats er vurderet til at styrke Personalemæssig" in chapter
    blind = chapter.partition("<h3>Blinde vinkler")[2]
    assert f"{work.idea.title}: Personalemæssig bæredygtighed −1" in blind
    assert "ikke overvejet" in blind  # organisational was left unconsidered
    diagram = html.split("driver-diagram-figure")[1]
    assert diagram.index("<svg") < diagram.index(work.idea.title)
    assert 'width="100%"' in diagram.split(">")[1]  # scaled to the page
