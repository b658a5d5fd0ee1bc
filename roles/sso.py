"""Single sign-on with OpenID Connect: authorisation code flow with PKCE (S256), through
Authlib's Django client.

The provider is found from ``OIDC_ISSUER`` by discovery (``/.well-known/openid-configuration``).
Authlib keeps the state, the nonce and the PKCE verifier in the session; on the way back it
refuses a state it did not issue, and validates the ID token (signature from the provider's
keys, issuer, audience, expiry, nonce). A person is matched by the issuer and the stable claim
``OIDC_USER_CLAIM``; the first log-in creates the account with no role at all (roles stay the
programme's to give), later log-ins refresh name and e-mail from the claims. Every refusal is
a sign-in record and a warning in the ``bass.security`` log.
"""

import functools
import logging

from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.backends import ModelBackend
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET
from joserfc.errors import JoseError

from bass.history import acting_as, system_user
from bass.security import client_ip
from roles.models import ExternalIdentity, Person
from roles.signin import Kind, record

log = logging.getLogger("bass.security")
NAME = "bass"
SESSION_ID_TOKEN = "sso_id_token"
BACKEND = "roles.sso.SingleSignOnBackend"


class SingleSignOnBackend(ModelBackend):
    """Names single sign-on log-ins in the session and the sign-in records; it never checks
    a password itself (``authenticate`` answers nobody)."""

    def authenticate(self, request, **credentials):
        return None


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER)


@functools.cache
def _client(issuer: str, client_id: str, secret: str, scopes: str):
    oauth = OAuth()
    return oauth.register(
        NAME,
        client_id=client_id,
        client_secret=secret,
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": scopes, "code_challenge_method": "S256"},
    )


def client():
    """The provider's client, one per configuration (the discovery document is read once)."""
    return _client(
        settings.OIDC_ISSUER,
        settings.OIDC_CLIENT_ID,
        settings.OIDC_CLIENT_SECRET,
        settings.OIDC_SCOPES,
    )


def _refuse(request, reason: str, *, user=None, username: str = ""):
    # The address as seen behind TRUSTED_PROXY_COUNT proxies, as in the sign-in record.
    log.warning("single sign-on refused: %s (address %s)", reason, client_ip(request))
    record(request, Kind.SSO_REFUSED, user=user, username=username, detail=reason)
    return render(request, "registration/sso_refused.html", status=400)


@require_GET
def start(request):
    if not enabled():
        return redirect("login")
    next_url = request.GET.get("next", "")
    local = next_url.startswith("/") and not next_url.startswith("//")
    request.session["sso_next"] = next_url if local else ""
    callback_url = request.build_absolute_uri(reverse("sso_callback"))
    return client().authorize_redirect(request, callback_url)


def _username(claims: dict, subject: str) -> str:
    email_name = (claims.get("email") or "").split("@")[0]
    wanted = claims.get("preferred_username") or email_name or subject
    base = slugify(str(wanted))[:120] or "sso"
    users = get_user_model().objects
    name, n = base, 1
    while users.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def _names(claims: dict) -> tuple[str, str]:
    given, family = claims.get("given_name") or "", claims.get("family_name") or ""
    if not given and not family and claims.get("name"):
        given, _sep, family = str(claims["name"]).partition(" ")
    return str(given)[:150], str(family)[:150]


def user_for(claims: dict, issuer: str, subject: str):
    """The account of (issuer, subject): made on the first log-in without any role; name and
    e-mail refreshed from the claims each time."""
    first, last = _names(claims)
    email = str(claims.get("email") or "")[:254]
    with transaction.atomic(), acting_as(system_user(), "Single sign-on"):
        identity = (
            ExternalIdentity.objects.select_related("user")
            .select_for_update()
            .filter(issuer=issuer, subject=subject)
            .first()
        )
        if identity is None:
            user = get_user_model().objects.create_user(
                _username(claims, subject), email=email, first_name=first, last_name=last
            )  # no password: this account signs in through the provider only
            Person.objects.create(user=user, email=email)
            identity = ExternalIdentity.objects.create(user=user, issuer=issuer, subject=subject)
        user = identity.user
        if (user.first_name, user.last_name, user.email) != (first, last, email):
            user.first_name, user.last_name, user.email = first, last, email
            user.save(update_fields=["first_name", "last_name", "email"])
        person = Person.objects.filter(user=user).first()
        if person is not None and email and person.email != email:
            person.email = email
            person.save()
        identity.last_login_at = timezone.now()
        identity.save(update_fields=["last_login_at"])
    return user


@require_GET
def callback(request):
    if not enabled():
        return redirect("login")
    try:
        token = client().authorize_access_token(request)
    except MismatchingStateError:
        return _refuse(request, "state mismatch (not issued to this browser)")
    except JoseError as e:
        return _refuse(request, f"ID token refused: {e.error} {e.description or ''}".strip())
    except OAuthError as e:
        return _refuse(request, f"provider answered {e.error}")
    claims = token.get("userinfo")
    if not claims:
        return _refuse(request, "no ID token")
    issuer = str(claims.get("iss") or settings.OIDC_ISSUER)
    subject = claims.get(settings.OIDC_USER_CLAIM)
    if not subject or not isinstance(subject, str | int):
        return _refuse(request, f"claim {settings.OIDC_USER_CLAIM} missing")
    try:
        user = user_for(claims, issuer, str(subject))
    except IntegrityError:
        return _refuse(request, "account could not be made", username=str(subject))
    if not user.is_active:
        return _refuse(request, "user deactivated", user=user)
    next_url = request.session.pop("sso_next", "")
    user.backend = BACKEND  # as authenticate() would: named in the sign-in record
    login(request, user, backend=BACKEND)
    request.session[SESSION_ID_TOKEN] = token.get("id_token", "")
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


def provider_logout(request, id_token: str):
    """Where to send the browser after our log-out: the provider's end-session endpoint when
    it has one, so the provider's session ends too; else None."""
    if not enabled() or not id_token:
        return None
    app = client()
    if not app.load_server_metadata().get("end_session_endpoint"):
        return None
    return app.logout_redirect(
        request,
        post_logout_redirect_uri=request.build_absolute_uri(reverse("login")),
        id_token_hint=id_token,
    )
