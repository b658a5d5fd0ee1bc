"""The prism for initiatives elsewhere in the platform, through the generic key."""

import pytest
from django.urls import reverse

from sustainability import views
from sustainability.models import PrismRating

pytestmark = pytest.mark.django_db

EFFECTS = {"professional_effect": "1", "staff_effect": "-2", "organisational_effect": "0"}


@pytest.fixture
def positions_are_initiatives(monkeypatch):
    # Change ideas and cluster initiatives are other apps' models; any model governed by a
    # specialty behaves the same, so a strength position stands in for them here.
    monkeypatch.setattr(views, "PRISM_TARGETS", {"specialties.strengthposition"})


def url(slug, obj):
    return reverse(
        "prism_rate_initiative",
        args=[slug, obj._meta.app_label, obj._meta.model_name, obj.pk],
    )


def test_core_team_rates_an_initiative_and_edits_the_same_rating(
    world, login, positions_are_initiatives
):
    client = login(world.core_a)
    response = client.post(url("a", world.position_a), {**EFFECTS, "note": "Mere transport"})
    assert response.status_code == 302
    rating = PrismRating.objects.get()
    assert rating.initiative == world.position_a
    assert rating.specialty == world.specialty_a
    page = client.get(reverse("specialty_sustainability", args=["a"])).content.decode()
    assert str(world.position_a) in page.split('id="prisme"')[1]
    # A second visit edits the same rating.
    response = client.post(
        url("a", world.position_a),
        {**EFFECTS, "staff_effect": "1", "base_version": rating.version},
    )
    assert response.status_code == 302
    assert PrismRating.objects.get().staff_effect == 1


def test_initiative_of_another_specialty_or_unknown_kind_is_not_found(
    world, login, positions_are_initiatives
):
    client = login(world.admin)
    assert client.get(url("a", world.position_b)).status_code == 404
    assert client.get(url("a", world.hospital_1)).status_code == 404
    response = client.get(reverse("prism_rate_initiative", args=["a", "nothing", "here", 1]))
    assert response.status_code == 404


def test_only_contributors_rate(world, login, positions_are_initiatives):
    assert login(world.steering).post(url("a", world.position_a), EFFECTS).status_code == 403
    assert login(world.owner_b).post(url("a", world.position_a), EFFECTS).status_code == 404
    assert not PrismRating.objects.exists()


def test_effect_out_of_range_for_an_initiative_is_refused(world, login, positions_are_initiatives):
    response = login(world.owner_a).post(
        url("a", world.position_a), {**EFFECTS, "organisational_effect": "5"}
    )
    assert response.status_code == 200
    assert not PrismRating.objects.exists()
