"""Password guessing: failed log-ins lock the user name and the client address.

The real configuration is exercised (django-axes with the project's settings); only the
client address and, for the cool-down, the stored time of the attempts are varied.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from bass.security import client_ip
from tests.conftest import PASSWORD, make_user

LOGIN = "/log-ind/"
ATTACKER = "10.0.0.66"
VICTIM = "10.0.0.7"
PROXY = "172.16.0.1"


def attempt(username, password, *, remote=ATTACKER, forwarded=None):
    """One log-in through the real form, from a fresh browser."""
    client = Client(REMOTE_ADDR=remote)
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    response = client.post(LOGIN, {"username": username, "password": password}, **extra)
    return client, response


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def guess(username, times=20, **kwargs):
    for number in range(times):
        _, response = attempt(username, f"wrong-{number}", **kwargs)
        assert response.status_code in {200, 429}


@pytest.fixture
def user(db):
    return make_user("specialeejer")


def test_the_next_right_password_after_20_wrong_ones_is_refused_in_danish(user):
    guess("specialeejer")
    client, response = attempt("specialeejer", PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert "Log-ind er låst" in page
    assert "30 minutter" in page
    assert "administrator" in page


def test_19_wrong_passwords_still_let_the_right_one_in(user):
    guess("specialeejer", times=19)
    client, response = attempt("specialeejer", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_the_account_stays_locked_from_another_address(user):
    guess("specialeejer")
    client, response = attempt("specialeejer", PASSWORD, remote="192.168.1.5")
    assert response.status_code == 429
    assert not logged_in(client)


def test_a_made_up_forwarded_for_header_does_not_dodge_the_address_lock(db, user):
    # No proxy configured: the header is the client's own invention and is ignored.
    for number in range(20):
        attempt(f"guess-{number}", "wrong", forwarded=f"203.0.113.{number}")
    client, response = attempt("specialeejer", PASSWORD, forwarded="198.51.100.1")
    assert response.status_code == 429
    assert not logged_in(client)


def test_behind_one_proxy_only_the_address_the_proxy_saw_counts(settings, user):
    settings.TRUSTED_PROXY_COUNT = 1
    # The attacker varies the left part; our proxy appends the real address on the right.
    for number in range(20):
        attempt(
            f"guess-{number}", "wrong", remote=PROXY, forwarded=f"203.0.113.{number}, {ATTACKER}"
        )
    client, response = attempt(
        "specialeejer", PASSWORD, remote=PROXY, forwarded=f"198.51.100.1, {ATTACKER}"
    )
    assert response.status_code == 429
    # Someone else behind the same proxy is not affected.
    client, response = attempt("specialeejer", PASSWORD, remote=PROXY, forwarded=VICTIM)
    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.parametrize("proxies", [0, 1])
def test_an_attacker_claiming_the_victims_address_does_not_lock_the_victim_out(
    settings, user, proxies
):
    settings.TRUSTED_PROXY_COUNT = proxies
    remote = PROXY if proxies else ATTACKER
    for number in range(20):
        spoofed = VICTIM if not proxies else f"{VICTIM}, {ATTACKER}"
        attempt(f"guess-{number}", "wrong", remote=remote, forwarded=spoofed)
    victim_remote = PROXY if proxies else VICTIM
    client, response = attempt(
        "specialeejer", PASSWORD, remote=victim_remote, forwarded=VICTIM if proxies else None
    )
    assert response.status_code == 302
    assert logged_in(client)


def test_the_lock_ends_after_the_cool_down(user):
    guess("specialeejer")
    assert attempt("specialeejer", PASSWORD)[1].status_code == 429
    earlier = AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=31)
    AccessAttempt.objects.update(attempt_time=earlier)
    client, response = attempt("specialeejer", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_the_lock_holds_just_before_the_cool_down_ends(user):
    guess("specialeejer")
    earlier = AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=29)
    AccessAttempt.objects.update(attempt_time=earlier)
    assert attempt("specialeejer", PASSWORD)[1].status_code == 429


def test_an_administrator_unlocks_with_the_command(user):
    guess("specialeejer")
    call_command("axes_reset_username", "specialeejer", verbosity=0)
    client, response = attempt("specialeejer", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_the_bass_administrator_unlocks_in_the_admin(world):
    user = world.owner_a
    guess(user.username)
    staff = Client()
    staff.force_login(world.admin)  # the administrator role, not a superuser
    assert not world.admin.is_superuser
    listing = staff.get(reverse("admin:axes_accessattempt_changelist"))
    assert user.username in listing.content.decode()
    locked = AccessAttempt.objects.get(username=user.username)
    response = staff.post(
        reverse("admin:axes_accessattempt_delete", args=[locked.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    client, response = attempt(user.username, PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_client_address_reads_forwarded_for_only_from_trusted_proxies(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == PROXY
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "2.2.2.2"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "1.1.1.1"
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == PROXY
    assert client_ip(factory.get("/", REMOTE_ADDR=PROXY)) == PROXY
