"""Sign-in records: who logged in, failed to, logged out or used an access token, when, from
which address (as seen behind ``TRUSTED_PROXY_COUNT``, the same address django-axes counts)
and with which browser.

``record`` is the one way to write a record; the receivers below write the log-in, failure
and log-out records for every way of logging in that sends Django's signals.
"""

import datetime
import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from bass.security import client_ip
from roles.models import SignInRecord

Kind = SignInRecord.Kind


def _address(request) -> str | None:
    if request is None:
        return None
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def record(request, kind: str, *, user=None, username: str = "", detail: str = ""):
    """Write one record of ``kind`` for ``request`` (None outside a request)."""
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    if user is not None and not username:
        username = user.get_username()
    return SignInRecord.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        username=str(username)[:150],
        ip_address=_address(request),
        user_agent=agent[:500],
        detail=str(detail)[:200],
    )


def prune(now: datetime.datetime | None = None) -> int:
    """Delete records older than the retention period; return how many went."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.LOGIN_RECORD_RETENTION_DAYS)
    deleted, _ = SignInRecord.objects.filter(at__lt=cutoff).delete()
    return deleted


@receiver(user_logged_in, dispatch_uid="signin_logged_in")
def _logged_in(sender, request, user, **kwargs) -> None:
    record(request, Kind.LOGIN, user=user, detail=getattr(user, "backend", "") or "")


@receiver(user_login_failed, dispatch_uid="signin_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    # ``credentials`` has the password already cleansed by Django; only the name is kept,
    # and the account it names, so the person's own data export includes the failures.
    username = str(credentials.get("username", "") or "")
    user = get_user_model().objects.filter(username=username).first() if username else None
    record(request, Kind.FAILED, user=user, username=username)


@receiver(user_logged_out, dispatch_uid="signin_logged_out")
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(request, Kind.LOGOUT, user=user)
