"""A signed-in request saves the session at most once a minute, and the idle timeout is
kept: a request after a minute or more moves the session's expiry on."""

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bass.middleware import SessionRefreshMiddleware


def _session_writes(captured) -> int:
    return sum(
        1
        for q in captured.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def test_the_session_is_saved_at_most_once_a_minute(world, client):
    client.force_login(world.steering)
    client.get("/sygehuse/")
    key = client.session.session_key
    expiry = Session.objects.get(session_key=key).expire_date
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/sygehuse/").status_code == 200
    assert _session_writes(captured) == 0
    assert Session.objects.get(session_key=key).expire_date == expiry
    # A minute later (the stored refresh moved back): saved once, the expiry moves on.
    session = client.session
    session[SessionRefreshMiddleware.KEY] -= SessionRefreshMiddleware.INTERVAL
    session.save()
    before = Session.objects.get(session_key=key).expire_date
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/sygehuse/").status_code == 200
    assert _session_writes(captured) == 1
    assert Session.objects.get(session_key=key).expire_date >= before
    with CaptureQueriesContext(connection) as captured:
        client.get("/sygehuse/")
    assert _session_writes(captured) == 0


def test_an_anonymous_visit_writes_no_session(db, client):
    with CaptureQueriesContext(connection) as captured:
        client.get("/log-ind/")
    assert _session_writes(captured) == 0
