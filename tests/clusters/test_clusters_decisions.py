import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clusters.models import AgendaItem, Meeting


@pytest.fixture
def decisions(cw):
    later = Meeting.objects.create(
        forum=cw.a.forum,
        starts_at=timezone.make_aware(datetime.datetime(2025, 9, 4, 16, 0)),
        place="Slagelse Sygehus",
        status="held",
    )
    AgendaItem.objects.create(
        meeting=later,
        number=1,
        title="Brev til Sundhedsdatastyrelsen",
        case_id="EMN-2025-00042",
        decision="<p>Der udarbejdes et fælles brev om FMK.</p>",
    )
    cw.a.closed.decision = "<p>Fortroligt: ny formand vælges.</p>"
    cw.a.closed.save()
    AgendaItem.objects.create(
        meeting=cw.b.meeting, number=3, title="B's sag", decision="<p>Klynge B beslutter.</p>"
    )
    return later


def _log(client, **params):
    return client.get(reverse("decision_log"), params)


def test_the_log_shows_decisions_the_user_may_see(cw, decisions, login):
    member = _log(login(cw.world.lead_a)).content.decode()
    assert "Der udarbejdes et fælles brev om FMK." in member
    assert "Dagsordenen blev godkendt." in member
    assert "Fortroligt" in member  # member of forum A sees the closed item
    assert "Klynge B beslutter." not in member

    outsider_in_cluster = _log(login(cw.world.core_a)).content.decode()
    assert "Der udarbejdes et fælles brev om FMK." in outsider_in_cluster
    assert "Fortroligt" not in outsider_in_cluster

    assert "Fortroligt" not in _log(login(cw.world.nobody)).content.decode()
    # The steering group reads the programme but not a forum's closed items; the
    # administrators (programme secretariat) do.
    steering = _log(login(cw.world.steering)).content.decode()
    assert "Klynge B beslutter." in steering and "Fortroligt" not in steering
    admin = _log(login(cw.world.admin)).content.decode()
    assert "Klynge B beslutter." in admin and "Fortroligt" in admin


def test_search_by_text_case_id_forum_and_period(cw, decisions, login):
    client = login(cw.world.lead_a)
    found = _log(client, q="fælles brev").context["page"].object_list
    assert [i.title for i in found] == ["Brev til Sundhedsdatastyrelsen"]
    found = _log(client, q="EMN-2025-00042").context["page"].object_list
    assert [i.title for i in found] == ["Brev til Sundhedsdatastyrelsen"]
    found = _log(client, date_to="2025-06-30").context["page"].object_list
    assert {i.meeting_id for i in found} == {cw.a.meeting.pk}
    found = _log(client, forum=cw.a.forum.pk, date_from="2025-09-01").context["page"]
    assert [i.title for i in found.object_list] == ["Brev til Sundhedsdatastyrelsen"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "'; DROP TABLE clusters_agendaitem; --"},
        {"q": "x" * 5000},
        {"forum": "999999"},
        {"date_from": "2025-13-45"},
        {"date_from": "2025-09-01", "date_to": "2025-01-01"},
    ],
)
def test_bad_searches_give_clear_errors_and_no_500(cw, decisions, login, params):
    client = login(cw.world.lead_a)
    response = _log(client, **params)
    assert response.status_code == 200
    assert AgendaItem.objects.count() == 6  # nothing dropped
    if params.get("q", "").startswith("'"):
        assert not response.context["page"].object_list
    else:
        assert response.context["form"].errors


def test_a_forum_the_user_cannot_see_is_not_a_choice(cw, decisions, login):
    response = _log(login(cw.world.lead_a), forum=cw.b.forum.pk)
    assert "forum" in response.context["form"].errors


def test_the_log_keeps_its_query_count_when_decisions_double(
    cw, decisions, login, django_assert_max_num_queries
):
    client = login(cw.world.core_a)
    client.get(reverse("decision_log"))
    with django_assert_max_num_queries(20) as first:
        _log(client, q="brev")
    for number in range(10, 30):
        AgendaItem.objects.create(
            meeting=decisions, number=number, title=f"Brev {number}", decision="<p>brev</p>"
        )
    with django_assert_max_num_queries(20) as second:
        _log(client, q="brev")
    assert len(first.captured_queries) == len(second.captured_queries)
