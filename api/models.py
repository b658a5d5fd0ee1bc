"""Personal access tokens for the read API.

A token is shown to its owner once, when it is made; only the SHA-256 of it is stored, so
neither the database nor a backup of it reveals a usable token. Every token has an expiry
(at most a year ahead) and can be revoked by its owner at any time. Tokens are not domain
data: no history; their use is kept in the sign-in records (``roles.signin``).
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: What every token starts with, so a leaked one is easy to recognise in logs and scanners.
PREFIX = "bass_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class AccessTokenQuerySet(models.QuerySet):
    def usable(self, on=None):
        on = on or timezone.localdate()
        return self.filter(revoked_at__isnull=True, expires_on__gte=on)


class AccessToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    hint = models.CharField(_("first characters"), max_length=12)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_on = models.DateField(_("valid through"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, user, name: str, expires_on) -> tuple["AccessToken", str]:
        """A new token for ``user``: the saved row and the token itself (shown once)."""
        raw = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, key_hash=hash_token(raw), hint=raw[:12], expires_on=expires_on
        )
        return token, raw

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, on=None) -> bool:
        return self.expires_on < (on or timezone.localdate())
