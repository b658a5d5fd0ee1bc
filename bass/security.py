"""Log-in protection: the client address behind the reverse proxy, and the lock-out page.

Failed log-ins are counted by django-axes per user name and per client address (settings
``AXES_*``). The address must be one an attacker cannot choose: ``X-Forwarded-For`` is read
only when ``TRUSTED_PROXY_COUNT`` says how many proxies of our own stand in front of the
application, and then only the entry the outermost of them appended. Everything to the left
of it was sent by the client and may be invented.
"""

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    # Each trusted proxy appends the address it received the request from; with N proxies
    # the client's own address is the N-th entry from the right.
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """The page a locked-out log-in gets (429), in the user's language (Danish first)."""
    return render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )
