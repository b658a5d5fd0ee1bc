"""Improvement projects: lists, the project page, create, edit and delete."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement.models import DataPoint, DriverNode, ImprovementProject, Measure, PDSACycle
from tests.improvement.improvement_world import TODAY, build


@pytest.fixture
def imp(world):
    return build(world.specialty_a)


def test_index_lists_only_visible_projects(world, imp, login):
    other = build(world.specialty_b, title="Faldforebyggelse")
    response = login(world.lead_a).get(reverse("improvement_index"))
    assert list(response.context["page"].object_list) == [imp.project]
    response = login(world.steering).get(reverse("improvement_index"))
    assert set(response.context["page"].object_list) == {imp.project, other.project}
    response = login(world.nobody).get(reverse("improvement_index"))
    assert not response.context["page"].object_list
    assert 'class="empty"' in response.content.decode()


def test_specialty_list_and_new_project_button(world, imp, login):
    url = reverse("improvement_specialty_projects", args=[world.specialty_a.slug])
    response = login(world.lead_a).get(url)
    assert list(response.context["page"].object_list) == [imp.project]
    assert response.context["can_add"]
    response = login(world.core_a).get(url)
    assert not response.context["can_add"]


def test_list_pages_double_the_data_same_queries(world, login):
    build(world.specialty_a)
    client = login(world.lead_a)
    url_a = reverse("improvement_specialty_projects", args=[world.specialty_a.slug])

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = (count(reverse("improvement_index")), count(url_a))
    build(world.specialty_a, title="Nummer to")
    build(world.specialty_a, title="Nummer tre")
    assert (count(reverse("improvement_index")), count(url_a)) == before


def test_lead_creates_a_project_with_an_aim(world, login):
    client = login(world.lead_a)
    url = reverse("improvement_project_create", args=[world.specialty_a.slug])
    response = client.post(
        url,
        {
            "title": "Hurtigere udredning",
            "strength_position": world.position_a.pk,
            "aim_what": "Tid fra henvisning til udredning",
            "aim_how_much": "90 % inden for 14 dage",
            "aim_by_when": "2026-12-31",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    project = ImprovementProject.objects.get()
    assert project.specialty == world.specialty_a
    assert project.strength_position == world.position_a
    assert response["Location"] == project.get_absolute_url()


def test_strength_position_of_another_specialty_is_not_offered(world, login):
    client = login(world.lead_a)
    url = reverse("improvement_project_create", args=[world.specialty_a.slug])
    response = client.post(
        url,
        {
            "title": "x",
            "strength_position": world.position_b.pk,
            "aim_what": "x",
            "aim_how_much": "x",
            "aim_by_when": "2026-12-31",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    assert "strength_position" in response.context["form"].errors
    assert not ImprovementProject.objects.exists()


def test_project_page_shows_aim_team_diagram_and_measures(world, imp, login):
    response = login(world.core_a).get(imp.project.get_absolute_url())
    html = response.content.decode()
    assert imp.project.aim_how_much in html
    team = {a.person.user for a in response.context["team"]}
    assert team == {world.owner_a, world.lead_a, world.core_a}
    assert imp.idea.title in html and imp.cycle.title in html
    assert "<svg" in html and imp.measure.name in html
    assert not response.context["can_manage"] and response.context["can_contribute"]
    assert reverse("improvement_project_delete", args=[imp.project.pk]) not in html


def test_team_leaves_out_ended_roles(world, imp, login):
    from roles.models import RoleAssignment

    assignment = RoleAssignment.objects.get(person=world.core_a.person)
    assignment.valid_to = TODAY
    assignment.save()
    response = login(world.lead_a).get(imp.project.get_absolute_url())
    assert world.core_a not in {a.person.user for a in response.context["team"]}


def _grow(imp, cycles: int, points: int):
    for i in range(cycles):
        PDSACycle.objects.create(
            change_idea=imp.idea,
            title=f"Cyklus {i}",
            objective="x",
            planned_start=TODAY - datetime.timedelta(days=10),
            # Every other cycle is overdue, so the lead's overdue list grows too.
            planned_end=TODAY + datetime.timedelta(days=10 if i % 2 else -1),
        )
    node = DriverNode.objects.create(
        project=imp.project, parent=imp.primary, kind="change_idea", title=f"Idé {cycles}"
    )
    assert node.pk
    measure = Measure.objects.create(
        project=imp.project,
        name=f"Proces {cycles}",
        kind="process",
        operational_definition="x",
        direction="higher",
        chart_type="p",
    )
    for i in range(points):
        DataPoint.objects.create(
            measure=measure,
            period=datetime.date(2020 + i // 12, i % 12 + 1, 1),
            numerator=i % 5,
            denominator=10,
        )


def test_project_page_queries_do_not_grow_with_cycles_or_points(world, imp, login):
    client = login(world.lead_a)
    url = imp.project.get_absolute_url()
    _grow(imp, cycles=10, points=12)
    client.get(url)  # warm the content-type cache and the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    small = len(ctx.captured_queries)
    _grow(imp, cycles=100, points=60)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx.captured_queries) == small
    assert small <= 21  # the boxes' measures and the prism ratings added one each


def test_lead_deletes_project_with_everything_in_it(world, imp, login):
    client = login(world.lead_a)
    url = reverse("improvement_project_delete", args=[imp.project.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert ImprovementProject.objects.exists()
    response = client.post(url)
    assert response.status_code == 302
    for model in (ImprovementProject, DriverNode, PDSACycle, Measure, DataPoint):
        assert not model.objects.exists()
        # Each cascaded deletion is in history, with the user who deleted the project.
        gone = model.history.filter(history_type="-")
        assert gone.exists()
        assert set(gone.values_list("history_user", flat=True)) == {world.lead_a.pk}
    assert ImprovementProject.history.filter(history_type="-").count() == 1
    assert DriverNode.history.filter(history_type="-").count() == 3


def test_core_team_cannot_delete_or_edit_the_project(world, imp, login):
    client = login(world.core_a)
    assert (
        client.post(reverse("improvement_project_delete", args=[imp.project.pk])).status_code == 403
    )
    assert (
        client.get(reverse("improvement_project_update", args=[imp.project.pk])).status_code == 403
    )
    assert ImprovementProject.objects.exists()
