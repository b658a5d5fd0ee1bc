"""Succession in the application (issue 19, point 8): the administrator lets a health
council succeed a cluster through a preview and a confirmation; initiatives, roles and open
items are carried over; the cluster's forums become read-only archives that stay readable
and searchable."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clusters.models import (
    AgendaItem,
    Cluster,
    Forum,
    Initiative,
    Meeting,
    MeetingStatus,
)
from roles.models import RoleAssignment
from roles.permissions import can
from tests.conftest import assign

STARTS = datetime.date(2025, 6, 1)  # a past date: the succession takes effect at once


def _form(cw, council_name="Sundhedsråd Vest", **targets):
    data = {"council": "", "council_name": council_name, "starts": STARTS.isoformat()}
    for forum in (cw.a.forum, cw.a.theme):
        data[f"forum_{forum.pk}"] = targets.get(forum.name, "new")
    return data


@pytest.fixture
def ranked(cw):
    """Cluster A with three ranked initiatives, one ended, and a draft meeting of forum A."""
    cw.a.initiative.priority_rank = 1
    cw.a.initiative.status = "prioritised"
    cw.a.initiative.save()
    second = Initiative.objects.create(
        cluster=cw.a.cluster, proposed_by=cw.a.forum, title="Hjertesvigt", priority_rank=2
    )
    ended = Initiative.objects.create(
        cluster=cw.a.cluster,
        proposed_by=cw.a.forum,
        title="Afsluttet indsats",
        status="ended",
        priority_rank=3,
    )
    draft = Meeting.objects.create(
        forum=cw.a.forum,
        starts_at=timezone.make_aware(datetime.datetime(2027, 2, 1, 14, 0)),
        place="Holbæk",
    )
    AgendaItem.objects.create(meeting=draft, number=1, title="Kommende punkt")
    return {"second": second, "ended": ended, "draft": draft}


def test_only_the_administrator_reaches_the_succession(cw, client):
    url = reverse("cluster_succession", args=[cw.a.cluster.pk])
    w = cw.world
    for user in (w.owner_a, w.steering, w.nobody):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(w.admin)
    page = client.get(url).content.decode()
    assert "Faglig Strategisk Forum A" in page
    assert "Sundhedsklynge A" in client.get(cw.a.cluster.get_absolute_url()).content.decode()


def test_the_preview_shows_everything_and_changes_nothing(cw, client, ranked):
    client.force_login(cw.world.admin)
    url = reverse("cluster_succession", args=[cw.a.cluster.pk])
    before = (Cluster.objects.count(), Forum.objects.count(), RoleAssignment.objects.count())
    response = client.get(url, {**_form(cw), "preview": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sundhedsråd Vest" in page
    assert "Hjertesvigt" in page and "Basal palliation" in page
    assert "Afsluttet indsats" not in page  # ended: stays in the archive
    assert "Kommende punkt" not in page and "1 åbent punkt" in page
    assert 'name="confirm"' in page
    after = (Cluster.objects.count(), Forum.objects.count(), RoleAssignment.objects.count())
    assert after == before


def test_confirmed_succession_carries_initiatives_roles_and_open_items(cw, client, ranked):
    w = cw.world
    existing = Cluster.objects.create(name="Sundhedsråd Vest", kind="council")
    council_forum = Forum.objects.create(
        cluster=existing, kind="strategic", name="Sundhedsrådets strategiske forum"
    )
    own = Initiative.objects.create(
        cluster=existing, proposed_by=council_forum, title="Rådets egen", priority_rank=1
    )
    assign(w.lead_a, "forum_member", council_forum)  # already a member of the council
    client.force_login(w.admin)
    url = reverse("cluster_succession", args=[cw.a.cluster.pk])
    data = _form(cw, council_name="", **{cw.a.forum.name: str(council_forum.pk)})
    data["council"] = str(existing.pk)
    preview = client.post(url, data).content.decode()
    assert "har allerede denne rolle i Sundhedsrådets strategiske forum" in preview

    response = client.post(url, {**data, "confirm": "1"})
    assert response.status_code == 302
    cw.a.cluster.refresh_from_db()
    assert cw.a.cluster.successor == existing
    assert cw.a.cluster.period_to == STARTS - datetime.timedelta(days=1)

    # Forums: forum A goes to the council's forum, the theme committee to a new forum.
    cw.a.forum.refresh_from_db()
    cw.a.theme.refresh_from_db()
    assert cw.a.forum.archived_into == council_forum
    new_theme = cw.a.theme.archived_into
    assert new_theme.cluster == existing and new_theme.name == cw.a.theme.name
    assert existing.forums.count() == 2

    # Initiatives: the open ones moved, ranked after the council's own; one per rank.
    moved = Initiative.objects.filter(cluster=existing).order_by("priority_rank")
    assert [(i.title, i.priority_rank) for i in moved] == [
        ("Rådets egen", 1),
        ("Basal palliation", 2),
        ("Hjertesvigt", 3),
    ]
    assert Initiative.objects.get(pk=cw.a.initiative.pk).proposed_by == new_theme
    ranked["ended"].refresh_from_db()
    assert ranked["ended"].cluster == cw.a.cluster and ranked["ended"].priority_rank == 3
    assert own.priority_rank == 1

    # Roles: owner_a chairs the council's forum and can work there at once; lead_a was
    # already a member (not given twice); core_a is consultant of the new theme committee.
    assert can(w.owner_a, "change", council_forum)
    assert can(w.owner_a, "approve_minutes", council_forum)
    assert (
        RoleAssignment.objects.on_object(council_forum).filter(person=w.lead_a.person).count() == 1
    )
    assert RoleAssignment.objects.on_object(new_theme).get(person=w.core_a.person).kind == (
        "forum_consultant"
    )
    carried = RoleAssignment.objects.filter(assigned_by=w.admin)
    assert carried.count() == 2 and {a.valid_from for a in carried} == {STARTS}

    # Open items: the meeting not yet held moved with its item; the held one stayed.
    ranked["draft"].refresh_from_db()
    assert ranked["draft"].forum == council_forum
    assert ranked["draft"].items.get().title == "Kommende punkt"
    cw.a.meeting.refresh_from_db()
    assert cw.a.meeting.forum == cw.a.forum

    # History: every change with the administrator and the reason.
    for obj in (cw.a.cluster, cw.a.forum, ranked["draft"], ranked["second"], new_theme):
        record = type(obj).history.filter(id=obj.pk).order_by("-history_id").first()
        assert record.history_user == w.admin
        assert record.history_change_reason.startswith("Afløsning: Sundhedsklynge A")


def test_a_new_council_gets_the_cluster_partners(cw, client):
    cw.a.cluster.municipalities.set(cw.world.municipalities[:2])
    client.force_login(cw.world.admin)
    url = reverse("cluster_succession", args=[cw.a.cluster.pk])
    response = client.post(url, {**_form(cw), "confirm": "1"})
    council = Cluster.objects.get(name="Sundhedsråd Vest")
    assert response.url == council.get_absolute_url()
    assert council.kind == "council" and council.period_from == STARTS
    assert council.municipalities.count() == 2
    assert set(council.forums.values_list("name", flat=True)) == {
        cw.a.forum.name,
        cw.a.theme.name,
    }
    # Confirming again changes nothing.
    again = client.post(url, {**_form(cw, council_name="Andet råd"), "confirm": "1"})
    assert again.status_code == 302
    assert not Cluster.objects.filter(name="Andet råd").exists()


def test_bad_input_is_refused_with_a_message(cw, client):
    client.force_login(cw.world.admin)
    url = reverse("cluster_succession", args=[cw.a.cluster.pk])
    other = Cluster.objects.create(name="Sundhedsråd Øst", kind="council")
    foreign = Forum.objects.create(cluster=other, kind="strategic", name="Østforum")
    data = _form(cw, council_name="", **{cw.a.forum.name: str(foreign.pk)})
    page = client.post(url, {**data, "confirm": "1"}).content.decode()
    assert "Vælg et eksisterende sundhedsråd, eller giv et nyt et navn." in page
    data["council_name"] = "Sundhedsklynge B"  # taken
    page = client.post(url, {**data, "confirm": "1"}).content.decode()
    assert "findes allerede" in page
    data["council_name"] = "Nyt råd"
    page = client.post(url, {**data, "confirm": "1"}).content.decode()
    assert "Vælg et forum i det valgte sundhedsråd." in page
    assert cw.a.cluster.successor is None and not Cluster.objects.filter(name="Nyt råd")


@pytest.fixture
def archived(cw, client):
    client.force_login(cw.world.admin)
    url = reverse("cluster_succession", args=[cw.a.cluster.pk])
    client.post(url, {**_form(cw), "confirm": "1"})
    client.logout()
    cw.a.forum.refresh_from_db()
    return cw


def test_the_archive_refuses_every_edit_on_the_server(archived, client):
    cw = archived
    w = cw.world
    council_name = cw.a.forum.archived_into.cluster.name
    for user in (w.owner_a, w.admin):
        client.force_login(user)
        for name, obj in (
            ("meeting_update", cw.a.meeting),
            ("item_create", cw.a.meeting),
            ("item_update", cw.a.item),
            ("item_decision", cw.a.item),
            ("meeting_create", cw.a.forum),
            ("standard_items", cw.a.forum),
        ):
            response = client.post(reverse(name, args=[obj.pk]), {"title": "x"})
            assert response.status_code == 403, (user, name)
            assert "er et arkiv" in response.content.decode()
        assert not can(user, "change", cw.a.meeting)
        assert not can(user, "decide_forum", cw.a.forum)
    cw.a.item.refresh_from_db()
    assert cw.a.item.title == "Velkommen og godkendelse af dagsordenen"

    # Still readable: the meeting, its minutes and history, with the archive's banner.
    client.force_login(w.lead_a)
    page = client.get(cw.a.meeting.get_absolute_url()).content.decode()
    assert f"Arkiv – afløst af {council_name}" in page
    assert cw.a.forum.archived_into.get_absolute_url() in page
    assert "Dagsordenen blev godkendt." in page
    assert reverse("item_decision", args=[cw.a.item.pk]) not in page
    assert client.get(cw.a.meeting.get_history_url()).status_code == 200
    forum_page = client.get(cw.a.forum.get_absolute_url()).content.decode()
    assert f"Arkiv – afløst af {council_name}" in forum_page


def test_search_still_finds_the_archived_decisions(archived, client):
    client.force_login(archived.world.lead_a)
    page = client.get(reverse("decision_log") + "?q=godkendt").content.decode()
    assert "Dagsordenen blev godkendt" in page or "godkendt" in page
    assert archived.a.meeting.get_absolute_url() in page


def test_the_danish_refusal(archived, client):
    client.force_login(archived.world.owner_a)
    response = client.get(
        reverse("meeting_update", args=[archived.a.meeting.pk]), HTTP_ACCEPT_LANGUAGE="da"
    )
    assert response.status_code == 403
    text = response.content.decode()
    assert "er et arkiv" in text and "kan læses, men ikke ændres" in text


def test_the_council_page_lists_the_archive(archived, client):
    client.force_login(archived.world.admin)
    council = archived.a.forum.archived_into.cluster
    page = client.get(council.get_absolute_url()).content.decode()
    assert "arkiv)" in page
    assert MeetingStatus.HELD  # the archived meeting stays held


def test_the_preview_costs_the_same_queries_for_double_the_data(cw, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cw.world.admin)
    url = reverse("cluster_succession", args=[cw.a.cluster.pk])

    def count():
        forums = list(cw.a.cluster.forums.all())
        data = {"council": "", "council_name": "Råd", "starts": STARTS.isoformat()}
        data |= {f"forum_{f.pk}": "new" for f in forums}
        data["preview"] = "1"
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, data).status_code == 200
        return len(queries)

    before = count()
    for n in range(2):
        forum = Forum.objects.create(cluster=cw.a.cluster, kind="theme", name=f"Tema {n}")
        assign(cw.world.core_a, "forum_member", forum)
        Initiative.objects.create(cluster=cw.a.cluster, proposed_by=forum, title=f"Ny {n}")
        meeting = Meeting.objects.create(
            forum=forum,
            starts_at=timezone.make_aware(datetime.datetime(2027, 3, 1, 9, 0)),
            place="Holbæk",
        )
        AgendaItem.objects.create(meeting=meeting, number=1, title="Punkt")
    assert count() == before


def test_who_joins_the_councils_forum_later_reads_the_archive(archived, client):
    cw = archived
    w = cw.world
    successor = cw.a.forum.archived_into
    assert not can(w.owner_b, "view", cw.a.meeting)
    assign(w.owner_b, "forum_member", successor)  # joins the council after the succession
    client.force_login(w.owner_b)
    page = client.get(cw.a.meeting.get_absolute_url())
    assert page.status_code == 200
    assert "Personsag om formandskabet" in page.content.decode()  # the closed item too
    found = client.get(reverse("decision_log") + "?q=godkendt").content.decode()
    assert cw.a.meeting.get_absolute_url() in found
    # Reading only: the archive refuses the member's dissent like every other change.
    response = client.post(reverse("item_dissent", args=[cw.a.item.pk]), {"text": "x"})
    assert response.status_code == 403
