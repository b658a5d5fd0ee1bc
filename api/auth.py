"""``Authorization: Bearer <token>`` for the read API.

Only the token authenticates an API request: the session cookie is ignored, so a page
cannot be made to call the API on a signed-in person's behalf. Every use, and every refusal
with a token that names a known account, is a sign-in record.
"""

import functools
import hmac

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import AccessToken, hash_token
from roles.signin import Kind, record


def error(status: int, message: str, **headers) -> JsonResponse:
    response = JsonResponse({"error": message, "status": status}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _unauthorised(message: str) -> JsonResponse:
    return error(401, message, WWW_Authenticate='Bearer realm="bass"')


def _bearer(request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _sep, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def token_required(view):
    """Run ``view`` as the owner of the request's token, or answer 401 in JSON."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        raw = _bearer(request)
        if raw is None:
            return _unauthorised(_("Send an access token: Authorization: Bearer <token>."))
        token = AccessToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
        # The lookup is by hash; comparing again in constant time costs nothing and keeps
        # the check independent of how the database compares strings.
        if token is None or not hmac.compare_digest(token.key_hash, hash_token(raw)):
            record(request, Kind.TOKEN_REFUSED, detail="unknown token")
            return _unauthorised(_("The access token is not valid."))
        refusal = None
        if token.is_revoked:
            refusal, detail = _("The access token has been revoked."), "revoked"
        elif token.is_expired():
            refusal, detail = _("The access token has expired."), "expired"
        elif not token.user.is_active:
            refusal, detail = _("The access token's user is deactivated."), "inactive user"
        if refusal:
            record(request, Kind.TOKEN_REFUSED, user=token.user, detail=f"{token.hint}… {detail}")
            return _unauthorised(refusal)
        now = timezone.now()
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        record(request, Kind.TOKEN, user=token.user, detail=f"{token.hint}… {request.path}")
        request.user = token.user
        request.access_token = token
        return view(request, *args, **kwargs)

    return wrapper
