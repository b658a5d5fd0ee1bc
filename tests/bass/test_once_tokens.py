"""A creating form sent twice (a double click, a reload of the POST) saves once."""

import re
import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from bass.models import FormToken
from clusters.models import AgendaItem
from discussion.models import Comment
from improvement.models import DataPoint
from specialties.models import Ambition, Dilemma
from tests.clusters.cluster_world import side
from tests.discussion.urls import comment_url
from tests.improvement.improvement_world import build

TOKEN = re.compile(r'name="once_token" value="([^"]+)"')


def _token(client, url) -> str:
    page = client.get(url)
    assert page.status_code == 200
    return TOKEN.search(page.content.decode()).group(1)


def _dilemma_data(token, title="Nærhed mod specialisering"):
    return {"title": title, "description": "<p>Afvejning</p>", "order": "1", "once_token": token}


@pytest.mark.django_db
def test_each_opening_of_a_creating_form_gets_its_own_token(world, login):
    client = login(world.owner_a)
    url = reverse("dilemma_create", args=[world.specialty_a.slug, "strategisk"])
    assert _token(client, url) != _token(client, url)


@pytest.mark.django_db
def test_a_dilemma_sent_twice_is_saved_once(world, login):
    client = login(world.owner_a)
    url = reverse("dilemma_create", args=[world.specialty_a.slug, "strategisk"])
    token = _token(client, url)
    first = client.post(url, _dilemma_data(token))
    second = client.post(url, _dilemma_data(token))
    dilemma = Dilemma.objects.get(specialty=world.specialty_a)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == dilemma.get_absolute_url()
    assert "Formularen blev sendt to gange; den blev kun gemt én gang." in [
        str(m) for m in get_messages(second.wsgi_request)
    ]
    assert dilemma.history.count() == 1
    # A new opening of the form is a new dilemma.
    client.post(url, _dilemma_data(_token(client, url), title="Trivsel mod fleksibilitet"))
    assert Dilemma.objects.filter(specialty=world.specialty_a).count() == 2


@pytest.mark.django_db
def test_an_invalid_first_submit_does_not_use_up_the_token(world, login):
    client = login(world.owner_a)
    url = reverse("dilemma_create", args=[world.specialty_a.slug, "strategisk"])
    token = _token(client, url)
    refused = client.post(url, _dilemma_data(token, title=""))
    assert refused.status_code == 200
    assert client.post(url, _dilemma_data(token)).status_code == 302
    assert Dilemma.objects.filter(specialty=world.specialty_a).count() == 1


@pytest.mark.django_db
def test_a_comment_sent_twice_is_saved_once(world, login):
    ambition = Ambition.objects.create(
        specialty=world.specialty_a, kind="strategic", draft_text="<p>x</p>"
    )
    client = login(world.core_a)
    detail = reverse("ambition_detail", args=[world.specialty_a.slug, "strategisk"])
    url = comment_url(ambition)
    token = _token(client, detail)
    for _ in range(2):
        assert client.post(url, {"body": "God retning", "once_token": token}).status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_an_agenda_item_sent_twice_is_saved_once(world, login):
    meeting = side(world, "A").meeting
    client = login(world.owner_a)
    url = reverse("item_create", args=[meeting.pk])
    data = {"number": "3", "title": "Opfølgning", "once_token": _token(client, url)}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert AgendaItem.objects.filter(meeting=meeting, title="Opfølgning").count() == 1


@pytest.mark.django_db
def test_data_points_sent_twice_are_saved_once(world, login):
    measure = build(world.specialty_a).measure
    client = login(world.lead_a)
    url = reverse("improvement_measure_data", args=[measure.pk])
    data = {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "5000",
        "rows-0-period": "2025-02-01",
        "rows-0-value": "7",
        "once_token": _token(client, url),
    }
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 302
    assert again["Location"] == measure.get_absolute_url()
    assert DataPoint.objects.filter(measure=measure).count() == 2  # the built one and ours


@pytest.mark.django_db
def test_without_a_token_or_with_a_malformed_one_the_form_saves_as_usual(world, login):
    client = login(world.owner_a)
    url = reverse("dilemma_create", args=[world.specialty_a.slug, "strategisk"])
    for token in ["", "x" * 500, "<script>"]:
        assert client.post(url, _dilemma_data(token)).status_code == 302
    assert Dilemma.objects.filter(specialty=world.specialty_a).count() == 3
    assert not FormToken.objects.exists()


@pytest.mark.django_db
def test_another_users_token_is_refused(world, login):
    url = reverse("dilemma_create", args=[world.specialty_a.slug, "strategisk"])
    owner = login(world.owner_a)
    token = _token(owner, url)
    owner.post(url, _dilemma_data(token))
    other = Client()
    other.force_login(world.owner_b)
    url_b = reverse("dilemma_create", args=[world.specialty_b.slug, "strategisk"])
    response = other.post(url_b, _dilemma_data(token))
    assert response.status_code == 403
    assert not Dilemma.objects.filter(specialty=world.specialty_b).exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers, so submits cannot meet there; CI runs PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_a_double_click_at_the_same_moment_saves_once(world):
    url = reverse("dilemma_create", args=[world.specialty_a.slug, "strategisk"])
    token = "t" * 32
    barrier = threading.Barrier(4, timeout=30)
    statuses = []

    def post():
        try:
            client = Client()
            client.force_login(world.owner_a)
            barrier.wait()
            statuses.append(client.post(url, _dilemma_data(token)).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert statuses == [302] * 4
    assert Dilemma.objects.filter(specialty=world.specialty_a).count() == 1
