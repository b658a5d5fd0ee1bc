"""Single sign-on with OpenID Connect against a real provider: the npm package
oidc-provider, run by tests/oidc_provider/provider.mjs on 127.0.0.1 (its packages are
installed by bin/setup with `npm ci`). Nothing of the protocol is mocked: the browser's
part is played by a requests session at the provider and Django's test client here.

The provider's development log-in page accepts any account name and makes the claims from
it: "anna.andersen" signs in as sub "anna.andersen", e-mail anna.andersen@region.example,
given name Anna, family name Andersen.
"""

import re
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client

from roles import sso
from roles.models import ExternalIdentity, RoleAssignment, SignInRecord
from tests.conftest import PASSWORD, make_user

PROVIDER = Path(__file__).resolve().parents[1] / "oidc_provider"
CLIENT_ID, SECRET = "bass-test", "a-client-secret-for-the-test-only"
CALLBACK = "http://testserver/sso/tilbage/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def provider():
    node = shutil.which("node")
    assert node, "Node.js is needed for the OpenID Connect provider of this test"
    assert (PROVIDER / "node_modules" / "oidc-provider").is_dir(), (
        "run bin/setup (npm ci in tests/oidc_provider) first"
    )
    port = _free_port()
    process = subprocess.Popen(
        [
            node,
            "provider.mjs",
            str(port),
            CLIENT_ID,
            SECRET,
            CALLBACK,
            "http://testserver/log-ind/",
        ],
        cwd=PROVIDER,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("ready "), line
        yield line.split()[1]
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


@pytest.fixture
def oidc(settings, provider):
    settings.OIDC_ISSUER = provider
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = SECRET
    settings.OIDC_USER_CLAIM = "sub"
    return provider


class Browser:
    """Django's test client for our site and a requests session for the provider's pages."""

    def __init__(self):
        self.client = Client(REMOTE_ADDR="10.0.0.9", HTTP_USER_AGENT="Edge")
        self.at_provider = requests.Session()

    def provider_pages(self, url: str, login: str) -> str:
        """Follow the provider from ``url``, log in and consent; return our callback URL."""
        response = self.at_provider.get(url, allow_redirects=False)
        for _ in range(12):
            if response.is_redirect:
                location = response.headers["location"]
                if location.startswith("http://testserver"):
                    return location
                response = self.at_provider.get(
                    requests.compat.urljoin(url, location), allow_redirects=False
                )
                continue
            action, body = re.search(
                r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', response.text, re.S
            ).groups()
            data = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', body))
            data.update(login=login, password="anything")
            response = self.at_provider.post(action, data=data, allow_redirects=False)
        raise AssertionError("the provider never sent the browser back")

    def start(self) -> str:
        response = self.client.get("/sso/log-ind/")
        assert response.status_code == 302
        return response["Location"]

    def come_back(self, callback: str):
        parts = urlsplit(callback)
        return self.client.get(f"{parts.path}?{parts.query}")

    def sign_in(self, login: str):
        return self.come_back(self.provider_pages(self.start(), login))


def logged_in_user(browser):
    from django.contrib.auth import get_user_model

    pk = browser.client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=pk) if pk else None


def test_the_first_log_in_makes_an_account_without_any_role(oidc, db):
    browser = Browser()
    authorise = browser.start()
    query = parse_qs(urlsplit(authorise).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    assert query["nonce"] and query["state"]
    response = browser.come_back(browser.provider_pages(authorise, "anna.andersen"))
    assert response.status_code == 302 and response["Location"] == "/"
    user = logged_in_user(browser)
    assert (user.first_name, user.last_name, user.email) == (
        "Anna",
        "Andersen",
        "anna.andersen@region.example",
    )
    assert not user.has_usable_password()
    assert user.person.email == "anna.andersen@region.example"
    assert not RoleAssignment.objects.filter(person__user=user).exists()
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (oidc, "anna.andersen")
    record = SignInRecord.objects.get(kind="login")
    assert (record.user, record.detail, record.ip_address) == (user, sso.BACKEND, "10.0.0.9")
    # No role: the home page answers, no specialty is visible.
    assert browser.client.get("/specialer/").status_code == 200


def test_the_same_person_is_matched_by_the_claim_and_refreshed(oidc, db):
    Browser().sign_in("anna.andersen")
    user = ExternalIdentity.objects.get().user
    user.first_name, user.email = "Gammelt navn", "old@region.example"
    user.save()
    browser = Browser()
    browser.sign_in("anna.andersen")
    assert logged_in_user(browser) == user
    user.refresh_from_db()
    assert (user.first_name, user.email) == ("Anna", "anna.andersen@region.example")
    assert ExternalIdentity.objects.count() == 1


def test_an_existing_local_account_with_the_same_e_mail_is_not_taken_over(oidc, db):
    local = make_user("annaandersen", email="anna.andersen@region.example")
    browser = Browser()
    browser.sign_in("anna.andersen")
    user = logged_in_user(browser)
    assert user != local and user.username == "annaandersen-2"


def test_the_claim_for_the_user_key_is_configurable(oidc, settings, db):
    settings.OIDC_USER_CLAIM = "employee_id"
    Browser().sign_in("bo.berg")
    assert ExternalIdentity.objects.get().subject == "emp-bo.berg"


def test_a_tampered_state_is_refused_and_logged(oidc, db, caplog):
    browser = Browser()
    callback = browser.provider_pages(browser.start(), "anna.andersen")
    tampered = re.sub(r"state=[^&]+", "state=forged", callback)
    response = browser.come_back(tampered)
    assert response.status_code == 400
    assert "Log-ind med single sign-on mislykkedes" in response.content.decode()
    assert logged_in_user(browser) is None
    assert not ExternalIdentity.objects.exists()
    record = SignInRecord.objects.get()
    assert (record.kind, record.detail) == (
        "sso_refused",
        "state mismatch (not issued to this browser)",
    )
    assert "single sign-on refused: state mismatch" in caplog.text


def test_a_tampered_nonce_is_refused_and_logged(oidc, db):
    browser = Browser()
    authorise = browser.start()
    state = parse_qs(urlsplit(authorise).query)["state"][0]
    session = browser.client.session
    key = f"_state_{sso.NAME}_{state}"
    stored = session[key]
    stored["data"]["nonce"] = "another-nonce"
    session[key] = stored
    session.save()
    response = browser.come_back(browser.provider_pages(authorise, "anna.andersen"))
    assert response.status_code == 400
    assert logged_in_user(browser) is None
    record = SignInRecord.objects.get()
    assert record.kind == "sso_refused" and record.detail.startswith("ID token refused")
    assert "nonce" in record.detail


def test_a_refusal_by_the_provider_is_refused_here(oidc, db):
    browser = Browser()
    state = parse_qs(urlsplit(browser.start()).query)["state"][0]
    response = browser.client.get(f"/sso/tilbage/?error=access_denied&state={state}")
    assert response.status_code == 400
    assert SignInRecord.objects.get().detail == "provider answered access_denied"


def test_log_out_ends_the_providers_session_too(oidc, db):
    browser = Browser()
    browser.sign_in("anna.andersen")
    response = browser.client.post("/log-ud/")
    assert response.status_code == 302
    end = urlsplit(response["Location"])
    assert f"{end.scheme}://{end.netloc}{end.path}" == f"{oidc}/session/end"
    query = parse_qs(end.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/log-ind/"]
    assert query["id_token_hint"]
    assert logged_in_user(browser) is None
    assert SignInRecord.objects.filter(kind="logout").count() == 1
    # At the provider: confirm the log-out; a new log-in then asks for the account again.
    page = browser.at_provider.get(response["Location"])
    action, body = re.search(
        r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', page.text, re.S
    ).groups()
    data = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', body))
    data["logout"] = "yes"
    done = browser.at_provider.post(action, data=data, allow_redirects=False)
    assert done.headers["location"].startswith("http://testserver/log-ind/")
    again = browser.at_provider.get(browser.start())
    assert 'name="login"' in again.text


def test_a_password_log_out_stays_here(oidc, db):
    user = make_user("lokal")
    client = Client()
    client.post("/log-ind/", {"username": "lokal", "password": PASSWORD})
    assert client.post("/log-ud/")["Location"] == "/log-ind/"
    assert user.sign_in_records.filter(kind="logout").exists()


def test_password_log_in_for_administrators_only(oidc, settings, world):
    settings.PASSWORD_LOGIN = "admins-only"
    page = Client().get("/log-ind/").content.decode()
    assert "Log ind med single sign-on" in page
    assert "Administratorer: log ind med adgangskode" in page
    refused = Client().post("/log-ind/", {"username": "owner_a", "password": PASSWORD})
    assert refused.status_code == 200
    assert "adgangskode er kun for administratorer" in refused.content.decode()
    assert "_auth_user_id" not in refused.wsgi_request.session
    # The world's "admin" holds the administrator role on the programme.
    admitted = Client().post("/log-ind/", {"username": "admin", "password": PASSWORD})
    assert admitted.status_code == 302


def test_without_an_issuer_there_is_no_single_sign_on(settings, db):
    settings.OIDC_ISSUER = ""
    assert Client().get("/sso/log-ind/")["Location"] == "/log-ind/"
    assert "single sign-on" not in Client().get("/log-ind/").content.decode()
