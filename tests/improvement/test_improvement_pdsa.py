"""PDSA cycles: the four phases, derived status, ramps of cycles, overdue cycles."""

import datetime

import pytest
from django.urls import reverse

from improvement.models import DriverNode, PDSACycle
from improvement.queries import overdue_cycles
from tests.improvement.improvement_world import TODAY, build


@pytest.fixture
def imp(world):
    return build(world.specialty_a)


def _plan(**extra):
    data = {
        "title": "Opkald dag 2",
        "objective": "Kan sygeplejersken ringe til fem patienter?",
        "predictions": "Vi når fire af fem",
        "planned_start": "2026-01-05",
        "planned_end": "2026-01-09",
    }
    data.update(extra)
    return data


def test_core_team_creates_a_cycle_on_a_change_idea(world, imp, login):
    client = login(world.core_a)
    url = reverse("improvement_pdsa_create", args=[imp.project.pk, imp.idea.pk])
    page = client.get(url)
    html = page.content.decode()
    for phase in ("Plan", "Do", "Study", "Act"):
        assert f"<h2>{phase}</h2>" in html
    response = client.post(url, _plan())
    assert response.status_code == 302
    cycle = PDSACycle.objects.get(title="Opkald dag 2")
    assert cycle.change_idea == imp.idea
    assert cycle.status == "plan"
    assert cycle.history.get().history_user == world.core_a


def test_a_cycle_tests_change_ideas_only(world, imp, login):
    client = login(world.lead_a)
    url = reverse("improvement_pdsa_create", args=[imp.project.pk, imp.secondary.pk])
    assert client.get(url).status_code == 404


def test_missing_plan_and_bad_dates_are_form_errors(world, imp, login):
    client = login(world.core_a)
    url = reverse("improvement_pdsa_create", args=[imp.project.pk, imp.idea.pk])
    response = client.post(url, _plan(objective="", planned_end="2026-01-01"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "objective" in errors and "planned_end" in errors
    response = client.post(url, _plan(planned_start="ikke en dato"))
    assert "planned_start" in response.context["form"].errors
    assert PDSACycle.objects.count() == 1


def test_status_follows_the_phases_filled_in(world, imp, login):
    client = login(world.core_a)
    url = reverse("improvement_pdsa_update", args=[imp.cycle.pk])
    base = {
        "title": imp.cycle.title,
        "objective": imp.cycle.objective,
        "planned_start": imp.cycle.planned_start.isoformat(),
        "planned_end": imp.cycle.planned_end.isoformat(),
    }
    steps = [
        ({"do_what_happened": "Ringede til fem"}, "do"),
        ({"study_results": "Fire af fem som forudsagt"}, "study"),
        ({"act_decision": "adapt", "act_next_step": "Prøv med ti patienter"}, "done"),
    ]
    filled = {}
    for version, (fields, status) in enumerate(steps, start=1):
        filled.update(fields)
        response = client.post(url, {**base, **filled, "base_version": version})
        assert response.status_code == 302, response.context["form"].errors
        imp.cycle.refresh_from_db()
        assert imp.cycle.status == status
    page = client.get(imp.cycle.get_absolute_url()).content.decode()
    assert "Prøv med ti patienter" in page


def test_act_without_study_is_refused(world, imp, login):
    client = login(world.core_a)
    response = client.post(
        reverse("improvement_pdsa_update", args=[imp.cycle.pk]),
        _plan(act_decision="adopt", base_version=1),
    )
    assert response.status_code == 200
    assert "act_decision" in response.context["form"].errors


def test_next_cycle_copies_the_plan_and_links_the_ramp(world, imp, login):
    imp.cycle.plan_who = "Sygeplejerske Hansen"
    imp.cycle.study_learning = "Formiddag er bedst"
    imp.cycle.act_decision = "adapt"
    imp.cycle.act_next_step = "Ti patienter over to uger"
    imp.cycle.save()
    client = login(world.core_a)
    url = reverse("improvement_pdsa_next", args=[imp.cycle.pk])
    form = client.get(url).context["form"]
    assert form.initial["plan_who"] == "Sygeplejerske Hansen"
    assert form.initial["objective"] == "Ti patienter over to uger"
    assert form.initial["previous"] == imp.cycle.pk
    response = client.post(
        url,
        _plan(
            title="Ti patienter",
            objective=form.initial["objective"],
            previous=imp.cycle.pk,
        ),
    )
    assert response.status_code == 302
    new = PDSACycle.objects.get(title="Ti patienter")
    assert new.previous == imp.cycle
    assert new.status == "plan"
    page = client.get(imp.cycle.get_absolute_url()).content.decode()
    assert new.get_absolute_url() in page


def test_previous_cycle_must_be_on_the_same_change_idea(world, imp, login):
    other_idea = DriverNode.objects.create(
        project=imp.project, parent=imp.primary, kind="change_idea", title="Anden idé"
    )
    client = login(world.core_a)
    url = reverse("improvement_pdsa_create", args=[imp.project.pk, other_idea.pk])
    response = client.post(url, _plan(previous=imp.cycle.pk))
    assert "previous" in response.context["form"].errors


def test_overdue_cycles_for_the_lead_only(world, imp, login):
    assert list(overdue_cycles(world.lead_a)) == [imp.cycle]
    assert list(overdue_cycles(world.admin)) == [imp.cycle]
    for persona in (world.core_a, world.owner_a, world.owner_b, world.steering, world.nobody):
        assert not overdue_cycles(persona).exists()
    page = login(world.lead_a).get(imp.project.get_absolute_url())
    assert page.context["overdue"] == [imp.cycle]
    page = login(world.core_a).get(imp.project.get_absolute_url())
    assert page.context["overdue"] == []


def test_overdue_cycles_of_other_specialties_stay_hidden(world, imp):
    build(world.specialty_b)
    assert list(overdue_cycles(world.lead_a)) == [imp.cycle]


def test_overdue_cycles_costs_constant_queries(world, imp, django_assert_max_num_queries):
    for i in range(5):
        PDSACycle.objects.create(
            change_idea=imp.idea,
            title=f"Cyklus {i}",
            objective="x",
            planned_start=TODAY - datetime.timedelta(days=30),
            planned_end=TODAY - datetime.timedelta(days=2),
        )
    # The permissions (2), the content types of the two owner routes (2), the cycles (1).
    with django_assert_max_num_queries(5):
        cycles = list(overdue_cycles(world.lead_a))
        assert [c.change_idea.project.specialty for c in cycles]
    assert len(cycles) == 6


def test_lead_deletes_a_cycle_after_confirmation(world, imp, login):
    client = login(world.lead_a)
    url = reverse("improvement_pdsa_delete", args=[imp.cycle.pk])
    assert client.get(url).status_code == 200
    assert PDSACycle.objects.exists()
    assert client.post(url).status_code == 302
    assert not PDSACycle.objects.exists()
