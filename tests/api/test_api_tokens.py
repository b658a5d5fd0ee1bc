"""Personal access tokens and the Bearer authentication of the read API.

A token is shown once, stored as its SHA-256, has an expiry of at most a year and can be
revoked by its owner; an unknown, expired or revoked token gets 401 with a JSON error, and
every use is kept in the sign-in records.
"""

import datetime
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from api.models import AccessToken
from roles.models import SignInRecord


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def owner(world):
    return world.owner_a


def issue(user, days=30):
    return AccessToken.issue(user, "Power BI", timezone.localdate() + datetime.timedelta(days))


def test_a_new_token_is_shown_once_and_stored_hashed(world, login):
    client = login(world.owner_a)
    expires = timezone.localdate() + datetime.timedelta(days=90)
    page = client.post("/api/noegler/", {"name": "Power BI", "expires_on": expires.isoformat()})
    assert page.status_code == 200
    token = AccessToken.objects.get(user=world.owner_a)
    text = page.content.decode()
    assert "Kopiér den nu" in text
    raw = text.split('id="token-value" type="text" readonly value="')[1].split('"')[0]
    assert raw.startswith("bass_") and len(raw) > 40
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(AccessToken.objects.values_list())
    assert (token.name, token.expires_on) == ("Power BI", expires)
    again = client.get("/api/noegler/").content.decode()
    assert raw not in again and token.hint in again


@pytest.mark.parametrize(
    ("expires", "message"),
    [
        ("", "Dette felt er påkrævet."),
        ("-1", "Datoen er passeret"),
        ("366", "højst være gyldig i ét år"),
        ("31-02-2026", "Indtast en gyldig dato."),
    ],
)
def test_a_token_needs_an_expiry_within_a_year(world, login, expires, message):
    if expires.lstrip("-").isdigit():
        expires = (timezone.localdate() + datetime.timedelta(int(expires))).isoformat()
    page = login(world.owner_a).post("/api/noegler/", {"name": "x", "expires_on": expires})
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not AccessToken.objects.exists()


def test_a_year_ahead_is_allowed(world, login):
    expires = timezone.localdate() + datetime.timedelta(365)
    login(world.owner_a).post("/api/noegler/", {"name": "x", "expires_on": expires.isoformat()})
    assert AccessToken.objects.get().expires_on == expires


def test_the_owner_revokes_and_no_one_else_can(world, login):
    token, raw = issue(world.owner_a)
    other = Client()
    other.force_login(world.admin)
    assert other.post(f"/api/noegler/{token.pk}/tilbagekald/").status_code == 404
    assert Client(**bearer(raw)).get("/api/v1/specialties/").status_code == 200
    response = login(world.owner_a).post(f"/api/noegler/{token.pk}/tilbagekald/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = Client(**bearer(raw)).get("/api/v1/specialties/")
    assert refused.status_code == 401
    assert refused.json() == {"error": "Adgangsnøglen er tilbagekaldt.", "status": 401}


def test_an_expired_token_is_refused_the_day_after(world):
    token, raw = issue(world.owner_a, days=0)
    assert Client(**bearer(raw)).get("/api/v1/specialties/").status_code == 200
    AccessToken.objects.filter(pk=token.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(1)
    )
    refused = Client(**bearer(raw)).get("/api/v1/specialties/")
    assert refused.status_code == 401
    assert refused.json()["error"] == "Adgangsnøglen er udløbet."
    assert refused["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer bass_nonsense", "Basic b3duZXJfYTp4", "bearer  " + "x" * 5000],
)
def test_no_or_an_unknown_token_is_401_json(world, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = Client(**extra).get("/api/v1/measures/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "error" in response.json()


def test_a_session_is_not_enough(world, login):
    assert login(world.steering).get("/api/v1/specialties/").status_code == 401


def test_a_deactivated_users_token_is_refused(world):
    _token, raw = issue(world.owner_a)
    world.owner_a.is_active = False
    world.owner_a.save()
    assert Client(**bearer(raw)).get("/api/v1/specialties/").status_code == 401


def test_token_use_and_refusals_are_sign_in_records(world):
    token, raw = issue(world.owner_a)
    Client(REMOTE_ADDR="10.4.4.4", HTTP_USER_AGENT="PowerBI", **bearer(raw)).get(
        "/api/v1/specialties/"
    )
    Client(**bearer("bass_wrong")).get("/api/v1/specialties/")
    refused, used = SignInRecord.objects.all()
    assert (used.kind, used.user, used.ip_address, used.user_agent) == (
        "token",
        world.owner_a,
        "10.4.4.4",
        "PowerBI",
    )
    assert token.hint in used.detail and "/api/v1/specialties/" in used.detail
    assert (refused.kind, refused.user) == ("token_refused", None)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_api_only_reads(world):
    _token, raw = issue(world.steering)
    response = Client(**bearer(raw)).post("/api/v1/specialties/", {})
    assert response.status_code == 405


def test_bad_page_numbers_get_a_json_error(world):
    _token, raw = issue(world.steering)
    client = Client(**bearer(raw))
    assert client.get("/api/v1/specialties/?page=x").status_code == 400
    assert client.get("/api/v1/specialties/?page=99").status_code == 404
    response = client.get("/api/v1/specialties/?page_size=100000")
    assert response.status_code == 400
    assert response.json()["error"] == "page_size skal være et helt tal fra 1 til 500."


def test_pages_link_to_the_next_until_the_last(world):
    _token, raw = issue(world.steering)
    client = Client(**bearer(raw))
    first = client.get("/api/v1/specialties/?page_size=1").json()
    assert (first["count"], first["pages"], first["previous"]) == (2, 2, None)
    assert first["next"] == "http://testserver/api/v1/specialties/?page_size=1&page=2"
    second = client.get(first["next"]).json()
    assert second["next"] is None and second["previous"].endswith("page=1")
    names = [r["name"] for r in first["results"] + second["results"]]
    assert sorted(names) == sorted([world.specialty_a.name, world.specialty_b.name])


def test_the_token_page_needs_a_login(client):
    assert client.get("/api/noegler/").status_code == 302


def test_an_administrator_revokes_a_token_in_the_admin(world):
    from django.contrib.auth import get_user_model

    token, raw = issue(world.owner_a)
    root = get_user_model().objects.create_superuser("root", password="x" * 20)
    client = Client()
    client.force_login(root)
    listing = client.get("/admin/api/accesstoken/").content.decode()
    assert token.hint in listing and token.key_hash not in listing
    client.post("/admin/api/accesstoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert Client(**bearer(raw)).get("/api/v1/specialties/").status_code == 401
