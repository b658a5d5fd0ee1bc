"""Sign-in records: log-ins, failed log-ins and log-outs are kept with time, the client
address as seen behind the trusted proxies, and the browser; pruned after the retention
period by the beat job; visible to administrators in the admin site."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from bass.settings import CELERY_BEAT_SCHEDULE
from roles.models import SignInRecord
from roles.tasks import prune_sign_in_records
from tests.conftest import PASSWORD, make_user

AGENT = "Mozilla/5.0 (Windows NT 10.0) Edge/131"


@pytest.fixture
def user(db):
    return make_user("specialeejer")


def browser(**extra):
    return Client(REMOTE_ADDR="10.0.0.7", HTTP_USER_AGENT=AGENT, **extra)


def test_a_log_in_and_a_log_out_are_recorded_with_address_and_browser(user):
    client = browser()
    client.post("/log-ind/", {"username": "specialeejer", "password": PASSWORD})
    client.post("/log-ud/")
    logout, login = SignInRecord.objects.all()
    assert (login.kind, login.user, login.username) == ("login", user, "specialeejer")
    assert (login.ip_address, login.user_agent) == ("10.0.0.7", AGENT)
    assert (logout.kind, logout.user) == ("logout", user)


def test_a_failed_log_in_keeps_the_name_typed_and_never_the_password(user):
    browser().post("/log-ind/", {"username": "specialeejer", "password": "wrong-guess-1"})
    browser().post("/log-ind/", {"username": "nobody-by-that-name", "password": "x"})
    unknown, known = SignInRecord.objects.all()
    assert (known.kind, known.username, known.user) == ("failed", "specialeejer", user)
    assert (unknown.kind, unknown.username, unknown.user) == ("failed", "nobody-by-that-name", None)
    stored = list(SignInRecord.objects.values_list("detail", "user_agent", "username"))
    assert "wrong-guess-1" not in str(stored)


def test_the_address_is_the_one_the_trusted_proxy_saw(user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="172.16.0.1")
    client.post(
        "/log-ind/",
        {"username": "specialeejer", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="6.6.6.6, 10.1.2.3",
    )
    assert SignInRecord.objects.get().ip_address == "10.1.2.3"


def test_a_long_user_agent_is_cut_not_refused(user):
    client = Client(HTTP_USER_AGENT="x" * 5000)
    client.post("/log-ind/", {"username": "specialeejer", "password": PASSWORD})
    assert len(SignInRecord.objects.get().user_agent) == 500


def test_records_older_than_the_retention_are_pruned_by_the_beat_job(user, settings):
    settings.LOGIN_RECORD_RETENTION_DAYS = 183
    now = timezone.now()
    for days in (10, 182, 184, 400):
        SignInRecord.objects.create(kind="login", user=user, at=now - datetime.timedelta(days))
    assert prune_sign_in_records() == 2
    ages = sorted((now - r.at).days for r in SignInRecord.objects.all())
    assert ages == [10, 182]
    job = CELERY_BEAT_SCHEDULE["roles-prune-sign-in-records"]
    assert job["task"] == "roles.tasks.prune_sign_in_records"


def test_the_retention_comes_from_the_environment(monkeypatch):
    import importlib

    import bass.settings

    monkeypatch.setenv("LOGIN_RECORD_RETENTION_DAYS", "30")
    try:
        assert importlib.reload(bass.settings).LOGIN_RECORD_RETENTION_DAYS == 30
        monkeypatch.setenv("LOGIN_RECORD_RETENTION_DAYS", "0")
        with pytest.raises(Exception, match="LOGIN_RECORD_RETENTION_DAYS"):
            importlib.reload(bass.settings)
    finally:
        monkeypatch.delenv("LOGIN_RECORD_RETENTION_DAYS")
        importlib.reload(bass.settings)


def test_administrators_see_the_records_in_the_admin_and_cannot_change_them(user):
    SignInRecord.objects.create(kind="failed", username="specialeejer", ip_address="10.9.9.9")
    admin = get_user_model().objects.create_superuser("root", password=PASSWORD)
    client = Client()
    client.force_login(admin)
    page = client.get("/admin/roles/signinrecord/")
    assert page.status_code == 200
    assert "10.9.9.9" in page.content.decode()
    assert client.get("/admin/roles/signinrecord/add/").status_code == 403
    other = Client()
    other.force_login(user)
    assert other.get("/admin/roles/signinrecord/").status_code == 302
