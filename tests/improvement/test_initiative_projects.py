"""Improvement projects owned by a health-cluster initiative.

The forum that proposed the initiative governs the project: its chair and secretary
manage, its members contribute, its consultants read; people of other forums of the same
cluster see the initiative but not its projects. The permission matrix covers every URL;
these tests cover what the people of the forum rely on.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.models import Initiative
from improvement.models import DataPoint, ImprovementProject, Measure, PDSACycle
from improvement.tasks import announce_overdue_cycles
from notifications.models import Notification
from roles.permissions import restrict
from tests.clusters.cluster_world import side
from tests.conftest import assign, make_user
from tests.improvement.improvement_world import build, cluster_improvement_for

PROJECT = {
    "title": "Færre akutte indlæggelser af ældre",
    "aim_what": "Akutte indlæggelser af borgere over 75 år fra eget hjem",
    "aim_how_much": "10 % færre",
    "aim_by_when": "2027-06-30",
    "status": "active",
}


@pytest.fixture
def forum_a(world):
    return side(world, "A").forum


@pytest.fixture
def initiative(forum_a):
    return Initiative.objects.create(
        cluster=forum_a.cluster, proposed_by=forum_a, title="Sammenhængende forløb"
    )


def test_forum_chair_creates_a_project_from_the_initiative_page(world, initiative, login):
    client = login(world.owner_a)  # chair of forum A
    page = client.get(initiative.get_absolute_url())
    create_url = reverse("improvement_initiative_project_create", args=[initiative.pk])
    assert create_url in page.content.decode()

    response = client.post(create_url, PROJECT)

    project = ImprovementProject.objects.get()
    assert response["Location"] == project.get_absolute_url()
    assert project.initiative == initiative and project.specialty is None
    assert project.history.get().history_user == world.owner_a
    listed = client.get(initiative.get_absolute_url())
    assert list(listed.context["projects"]) == [project]


def test_project_page_names_the_initiative_and_the_forum_as_team(world, initiative, forum_a, login):
    imp = build(initiative)
    response = login(world.lead_a).get(imp.project.get_absolute_url())  # member of forum A
    body = response.content.decode()
    assert response.status_code == 200
    assert initiative.title in body
    assert initiative.get_absolute_url() in body
    team = {(a.kind, a.person.user) for a in response.context["team"]}
    assert team == {("forum_chair", world.owner_a), ("forum_member", world.lead_a)}
    assert not response.context["can_manage"]
    assert response.context["can_contribute"]


def test_member_contributes_a_cycle_but_cannot_change_the_project(world, initiative, login):
    imp = build(initiative)
    client = login(world.lead_a)
    response = client.post(
        reverse("improvement_pdsa_create", args=[imp.project.pk, imp.idea.pk]),
        {
            "title": "Opkald til hjemmeplejen",
            "objective": "Kan hjemmeplejen ringe inden kl. 10?",
            "planned_start": "2026-11-02",
            "planned_end": "2026-11-20",
        },
    )
    assert response.status_code == 302
    assert PDSACycle.objects.filter(title="Opkald til hjemmeplejen").exists()

    before = imp.project.title
    response = client.post(
        reverse("improvement_project_update", args=[imp.project.pk]),
        {**PROJECT, "version": imp.project.version},
    )
    assert response.status_code == 403
    imp.project.refresh_from_db()
    assert imp.project.title == before


def test_people_of_another_forum_in_the_cluster_see_the_initiative_not_its_project(
    world, initiative, login
):
    imp = build(initiative)
    client = login(world.core_a)  # consultant of the theme committee of cluster A
    page = client.get(initiative.get_absolute_url())
    assert page.status_code == 200
    assert list(page.context["projects"]) == []
    assert imp.project.get_absolute_url() not in page.content.decode()
    assert client.get(imp.project.get_absolute_url()).status_code == 404
    assert client.get(imp.measure.get_absolute_url()).status_code == 404


def test_no_crossing_between_specialty_and_cluster_projects(world, initiative):
    specialty_project = build(world.specialty_a, title="Specialets projekt")
    cluster_project = build(initiative, title="Klyngens projekt")
    lead_rows = set(restrict(DataPoint.objects.all(), world.lead_a))  # lead of A, member of forum A
    assert lead_rows == {specialty_project.point, cluster_project.point}
    chair_change = set(restrict(Measure.objects.all(), world.owner_a, "change"))
    assert chair_change == {cluster_project.measure}  # chairs forum A; owns specialty A
    assert set(restrict(ImprovementProject.objects.all(), world.owner_b)) == set()
    steering = set(restrict(ImprovementProject.objects.all(), world.steering))
    assert steering == {specialty_project.project, cluster_project.project}
    assert set(restrict(ImprovementProject.objects.all(), world.steering, "change")) == set()


def test_restrict_costs_the_same_queries_with_more_projects(world, initiative):
    build(initiative)
    build(world.specialty_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            list(restrict(PDSACycle.objects.all(), world.lead_a, "contribute"))
        return len(ctx.captured_queries)

    count()  # the user's model-wide permissions are cached on the first call
    before = count()
    build(initiative, title="To")
    build(world.specialty_a, title="To")
    assert count() == before


def test_a_project_has_exactly_one_owner(world, initiative):
    with transaction.atomic(), pytest.raises(IntegrityError):
        ImprovementProject.objects.create(
            specialty=world.specialty_a,
            initiative=initiative,
            title="Begge",
            aim_what="x",
            aim_how_much="x",
            aim_by_when="2027-01-01",
        )
    with transaction.atomic(), pytest.raises(IntegrityError):
        ImprovementProject.objects.create(
            title="Ingen", aim_what="x", aim_how_much="x", aim_by_when="2027-01-01"
        )


def test_a_cluster_project_cannot_take_a_strength_position(world, initiative):
    project = ImprovementProject(
        initiative=initiative,
        strength_position=world.position_a,
        title="Forkert",
        aim_what="x",
        aim_how_much="x",
        aim_by_when="2027-01-01",
    )
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "strength_position" in error.value.message_dict


def test_the_form_for_a_cluster_project_has_no_strength_position(world, initiative, login):
    url = reverse("improvement_initiative_project_create", args=[initiative.pk])
    response = login(world.owner_a).get(url)
    assert "strength_position" not in response.context["form"].fields
    response = login(world.owner_a).post(url, {**PROJECT, "title": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert not ImprovementProject.objects.exists()


def test_deleting_a_cluster_project_returns_to_the_initiative(world, initiative, login):
    imp = build(initiative)
    response = login(world.owner_a).post(
        reverse("improvement_project_delete", args=[imp.project.pk])
    )
    assert response["Location"] == initiative.get_absolute_url()
    assert not ImprovementProject.objects.exists()


def test_an_overdue_cluster_cycle_is_announced_to_the_forum_that_runs_it(
    world, initiative, forum_a
):
    secretary = make_user("sekretaer", email="sekretaer@example.org")
    assign(secretary, "forum_secretary", forum_a)
    outsider = make_user("udenfor")
    assign(outsider, "forum_member", side(world, "B").forum)
    imp = build(initiative)

    day_after = (imp.cycle.planned_end + datetime.timedelta(days=1)).isoformat()
    assert announce_overdue_cycles(day_after) == 1

    told = Notification.objects.filter(event="cycle_overdue")
    # The chair (owner_a), the secretary and the member who contributes (lead_a).
    assert set(told.values_list("recipient__username", flat=True)) == {
        "owner_a",
        "sekretaer",
        "lead_a",
    }
    assert set(told.values_list("url", flat=True)) == {imp.cycle.get_absolute_url()}


def test_the_overdue_list_of_the_chair_shows_the_cluster_cycle(world, login):
    imp = cluster_improvement_for(world, "A")
    response = login(world.owner_a).get(reverse("improvement_index"))
    assert imp.cycle in response.context["overdue"]
    assert imp.project in response.context["page"].object_list
