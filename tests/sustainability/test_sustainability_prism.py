"""The prism on real work: change ideas, projects, PDSA cycles, milestones and cluster
initiatives rated on the three axes by whoever may edit them; blind spots and the work
meant to strengthen the weakest axis."""

import datetime

import pytest
from django.urls import reverse

from sustainability import queries
from sustainability.models import PrismRating
from tests.improvement.improvement_world import improvement_for
from tests.sustainability.sustainability_factories import make_assessment

pytestmark = pytest.mark.django_db

EFFECTS = {
    "professional_effect": "1",
    "professional_reason": "Ens opfølgning",
    "staff_effect": "-2",
    "staff_reason": "Sygeplejersker ringer uden for normeringen",
    "organisational_effect": "0",
    "organisational_reason": "Ingen ændring af samarbejdet",
}


def url(obj):
    return reverse("prism_rate", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


def test_a_change_idea_rated_from_the_driver_diagram_is_a_blind_spot(world, login):
    work = improvement_for(world, "A")
    # Staff sustainability is the weakest axis of the latest assessment.
    make_assessment(
        world.specialty_a,
        {"professional": 4, "staff": 2, "organisational": 4},
        date=datetime.date(2025, 6, 1),
    )
    client = login(world.lead_a)
    diagram = client.get(reverse("improvement_driver_diagram", args=[work.project.pk]))
    assert url(work.idea) in diagram.content.decode()  # the rating is reached from the diagram
    response = client.post(url(work.idea), EFFECTS)
    assert response.status_code == 302
    rating = PrismRating.objects.get()
    assert rating.initiative == work.idea
    assert rating.specialty == world.specialty_a
    assert rating.history.count() == 1 and rating.history.first().history_user == world.lead_a

    summary = queries.prism_summary(world.specialty_a)
    assert summary.ratings == [rating]
    assert summary.blind_spots == [rating]
    assert summary.weakest_axis == "staff"
    assert summary.strengthening == []
    assert queries.blind_spots_by_specialty([world.specialty_a, world.specialty_b]) == {
        world.specialty_a.pk: [rating],
        world.specialty_b.pk: [],
    }
    page = client.get(reverse("specialty_sustainability", args=["a"])).content.decode()
    blind = page.split('id="blinde-vinkler"')[1].split("<h3")[0]
    assert work.idea.title in blind
    weakest = page.split('id="svageste-akse"')[1].split('id="blinde-vinkler"')[0]
    assert "Ingen planlagt indsats er vurderet til at styrke Personalemæssig" in weakest
    # The diagram shows the rating of the box.
    diagram = client.get(reverse("improvement_driver_diagram", args=[work.project.pk]))
    assert "−2" in diagram.content.decode()


def test_work_that_strengthens_the_weakest_axis_is_named(world, login):
    work = improvement_for(world, "A")
    make_assessment(world.specialty_a, {"professional": 4, "staff": 2, "organisational": 4})
    client = login(world.lead_a)
    good = {**EFFECTS, "staff_effect": "2", "staff_reason": "Aflaster vagterne"}
    assert client.post(url(work.project), good).status_code == 302
    summary = queries.prism_summary(world.specialty_a)
    assert [r.initiative for r in summary.strengthening] == [work.project]
    assert summary.blind_spots == []


def test_an_axis_not_considered_is_a_blind_spot(world, login):
    work = improvement_for(world, "A")
    data = {
        **EFFECTS,
        "staff_effect": "1",
        "organisational_effect": "",
        "organisational_reason": "",
    }
    assert login(world.lead_a).post(url(work.idea), data).status_code == 302
    rating = PrismRating.objects.get()
    assert rating.organisational_effect is None
    assert queries.prism_summary(world.specialty_a).blind_spots == [rating]


def test_an_effect_needs_a_reason(world, login):
    work = improvement_for(world, "A")
    response = login(world.lead_a).post(url(work.idea), {**EFFECTS, "staff_reason": ""})
    assert response.status_code == 200
    assert "Giv en begrundelse på én linje" in response.content.decode()
    assert not PrismRating.objects.exists()


def test_a_second_visit_edits_the_same_rating(world, login):
    work = improvement_for(world, "A")
    client = login(world.lead_a)
    client.post(url(work.idea), EFFECTS)
    rating = PrismRating.objects.get()
    response = client.post(
        url(work.idea), {**EFFECTS, "staff_effect": "1", "base_version": rating.version}
    )
    assert response.status_code == 302
    assert PrismRating.objects.get().staff_effect == 1


def test_the_core_team_rates_what_it_may_edit_and_nothing_else(world, login):
    work = improvement_for(world, "A")
    client = login(world.core_a)
    # The core team edits PDSA cycles, not change ideas or projects.
    assert client.post(url(work.cycle), EFFECTS).status_code == 302
    assert client.post(url(work.idea), EFFECTS).status_code == 403
    assert client.post(url(work.project), EFFECTS).status_code == 403
    assert PrismRating.objects.get().initiative == work.cycle


def test_unknown_or_invisible_work_is_not_found(world, login):
    work_b = improvement_for(world, "B")
    client = login(world.lead_a)
    assert client.get(url(work_b.idea)).status_code == 404
    assert client.get(url(world.hospital_1)).status_code == 404
    assert client.get(reverse("prism_rate", args=["nothing", "here", 1])).status_code == 404
    assert login(world.steering).post(url(work_b.idea), EFFECTS).status_code == 403


def test_effect_out_of_range_is_refused(world, login):
    work = improvement_for(world, "A")
    response = login(world.lead_a).post(url(work.idea), {**EFFECTS, "staff_effect": "5"})
    assert response.status_code == 200
    assert "Vælg en effekt fra −2 til +2." in response.content.decode()
    assert not PrismRating.objects.exists()


def test_blind_spots_for_the_dashboard_cost_the_same_queries_for_more_data(
    world, login, django_assert_num_queries
):
    work_a, work_b = improvement_for(world, "A"), improvement_for(world, "B")
    PrismRating.objects.create(specialty=world.specialty_a, initiative=work_a.idea, staff_effect=-1)
    with django_assert_num_queries(2):  # the ratings, and one per kind of work rated
        queries.blind_spots_by_specialty([world.specialty_a, world.specialty_b])
    PrismRating.objects.create(specialty=world.specialty_a, initiative=work_a.cycle)
    PrismRating.objects.create(specialty=world.specialty_b, initiative=work_b.cycle)
    PrismRating.objects.create(specialty=world.specialty_b, initiative=work_b.idea)
    with django_assert_num_queries(3):  # more ratings, one more kind of work
        found = queries.blind_spots_by_specialty([world.specialty_a, world.specialty_b])
    assert len(found[world.specialty_a.pk]) == 2 and len(found[world.specialty_b.pk]) == 2
