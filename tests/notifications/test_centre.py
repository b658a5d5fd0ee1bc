"""The notification centre: what a person sees, permission checked at display time."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bass.models import Hospital
from notifications.models import Notification
from notifications.notify import notify
from specialties.models import Specialty, StrengthPosition

URL = "/notifikationer/"


@pytest.fixture
def quiet_world(world):
    Notification.objects.all().delete()  # the personas' "role given" notices
    return world


def _page(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_centre_lists_my_notifications_newest_first(quiet_world, login):
    w = quiet_world
    notify([w.owner_a], "comment", w.specialty_a, actor=w.lead_a)
    notify([w.owner_a], "mention", w.position_a, actor=w.core_a, text="@owner_a se her")
    notify([w.lead_a], "comment", w.specialty_a, actor=w.owner_a)  # someone else's
    html = _page(login(w.owner_a))
    mention = html.index("Core_A nævnte dig i")
    comment = html.index("Lead_A kommenterede <a href")
    assert mention < comment
    assert "@owner_a se her" in html
    assert "Owner_A kommenterede" not in html


def test_the_header_shows_the_unread_count(quiet_world, login):
    w = quiet_world
    client = login(w.owner_a)
    assert 'aria-label="Notifikationer: ingen ulæste"' in _page(client)
    notify([w.owner_a], "comment", w.specialty_a, actor=w.lead_a)
    notify([w.owner_a], "comment", w.specialty_a, actor=w.core_a)
    html = client.get("/").content.decode()
    assert 'aria-label="Notifikationer: 2 ulæste"' in html
    assert 'href="/notifikationer/?vis=ulaeste"' in html


def test_a_notification_about_something_i_may_not_see_disappears(quiet_world, login):
    w = quiet_world
    notify([w.owner_b], "comment", w.specialty_a, actor=w.owner_a)
    notify([w.owner_b], "comment", w.specialty_b, actor=w.steering)
    client = login(w.owner_b)
    html = _page(client)
    assert "Intern medicin: geriatri" in html
    assert "Intern medicin: kardiologi" not in html
    # ... and it leaves the unread count too once the centre has found it out of sight.
    assert Notification.objects.filter(recipient=w.owner_b, read_at__isnull=True).count() == 1
    hidden = Notification.objects.get(recipient=w.owner_b, object_id=w.specialty_a.pk)
    assert client.get(f"{URL}{hidden.pk}/aabn/").status_code == 404


def test_a_deleted_object_is_named_deleted_without_a_link(quiet_world, login):
    w = quiet_world
    position = StrengthPosition.objects.create(
        specialty=w.specialty_a, hospital=w.hospital_2, organisation_form="two_hospitals"
    )
    notify([w.owner_a], "comment", position, actor=w.lead_a)
    label = str(position)
    position.delete()
    client = login(w.owner_a)
    html = _page(client)
    assert f"{label} (slettet)" in html
    notification = Notification.objects.get(recipient=w.owner_a)
    assert f"/notifikationer/{notification.pk}/aabn/" not in html
    assert client.get(f"{URL}{notification.pk}/aabn/").status_code == 404


def test_opening_follows_the_link_and_marks_read(quiet_world, login):
    w = quiet_world
    (notification,) = notify([w.owner_a], "comment", w.specialty_a, actor=w.lead_a)
    response = login(w.owner_a).get(f"{URL}{notification.pk}/aabn/")
    assert response.status_code == 302
    assert response["Location"] == w.specialty_a.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_one_and_all_read(quiet_world, login):
    w = quiet_world
    first, second, third = (
        notify([w.owner_a], "comment", w.specialty_a, actor=actor)[0]
        for actor in (w.lead_a, w.core_a, w.steering)
    )
    client = login(w.owner_a)
    assert client.get(f"{URL}{first.pk}/laest/").status_code == 405
    response = client.post(f"{URL}{first.pk}/laest/", {"next": URL + "?vis=ulaeste"})
    assert response.status_code == 302 and response["Location"] == URL + "?vis=ulaeste"
    first.refresh_from_db()
    assert first.read_at is not None
    unread = _page(client, "?vis=ulaeste")
    assert "Lead_A kommenterede" not in unread and "Core_A kommenterede" in unread
    response = client.post(f"{URL}alle-laest/", {"next": "https://evil.example/"})
    assert response["Location"] == URL  # never off-site
    assert not Notification.objects.filter(recipient=w.owner_a, read_at__isnull=True).exists()
    assert "Du har ingen ulæste notifikationer." in _page(client, "?vis=ulaeste")


def test_i_cannot_touch_someone_elses_notification(quiet_world, login):
    w = quiet_world
    (theirs,) = notify([w.lead_a], "comment", w.specialty_a, actor=w.owner_a)
    client = login(w.owner_a)
    assert client.post(f"{URL}{theirs.pk}/laest/").status_code == 404
    assert client.get(f"{URL}{theirs.pk}/aabn/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_filter_by_kind_and_bad_filters(quiet_world, login):
    w = quiet_world
    notify([w.owner_a], "comment", w.specialty_a, actor=w.lead_a)
    notify([w.owner_a], "mention", w.specialty_a, actor=w.core_a)
    client = login(w.owner_a)
    only_mentions = _page(client, "?vis=alle&type=mention")
    assert "Core_A nævnte dig" in only_mentions and "Lead_A kommenterede" not in only_mentions
    for bad in ("?type=<script>", "?vis=x&side=abc", "?side=999", "?type=" + "x" * 5000):
        html = _page(client, bad)
        assert "<script>" not in html.split("<main", 1)[1]


def test_the_centre_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/log-ind/" in response["Location"]


def _spread(w, count: int, start: datetime.datetime, name: str):
    """``count`` notifications for owner_a about objects of four kinds, one deleted."""
    hospital = Hospital.objects.create(region=w.region, name=name, short_name=name)
    gone = StrengthPosition.objects.create(
        specialty=w.specialty_b, hospital=hospital, organisation_form="two_hospitals"
    )
    targets = [w.specialty_a, w.specialty_b, w.position_a, hospital, gone]
    for i in range(count):
        created = notify([w.owner_a], "comment", targets[i % len(targets)], actor=w.lead_a)
        Notification.objects.filter(pk=created[0].pk).update(
            created_at=start + datetime.timedelta(minutes=i)
        )
    gone.delete()


def test_double_the_data_same_queries(quiet_world, login):
    w = quiet_world
    client = login(w.owner_a)
    start = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))
    _spread(w, 15, start, "Roskilde")
    ContentType.objects.get_for_models(Hospital, StrengthPosition, Specialty)  # cached on a site
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    _spread(w, 15, start - datetime.timedelta(days=1), "Køge")
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL)
    assert response.status_code == 200
    assert Notification.objects.filter(recipient=w.owner_a).count() == 30
    assert len(response.context["rows"]) < 25  # a full page less the ones out of sight
    assert len(large.captured_queries) == len(small.captured_queries)
