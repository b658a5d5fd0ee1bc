"""Notifications, delivery preferences and the e-mail outbox.

None of these is domain data: they are messages about domain data, kept per person and
thrown away with the person. They are plain models, not ``TrackedModel``s, so they have no
history and may be written in bulk (one notification per recipient, one digest per person).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.events import Delivery, event_choices


class Notification(models.Model):
    """Something that happened and concerns ``recipient``. Not a TrackedModel: a notice about
    a change, not the change itself (that has its own history)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    event = models.CharField(_("kind"), max_length=60)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("object type"),
    )
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    # Kept so that a deleted object still has a name ("slettet" is shown beside it).
    target_label = models.CharField(_("object"), max_length=300, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_name = models.CharField(_("by (name)"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    delivery = models.CharField(
        _("delivery"), max_length=20, choices=Delivery.choices, default=Delivery.OFF
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # The e-mail that carried it (the immediate message or the day's digest).
    message = models.ForeignKey(
        "OutboxMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("e-mail"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_newest"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notif_unread",
            ),
            models.Index(
                fields=["recipient"],
                condition=Q(delivery="digest", message__isnull=True),
                name="notif_digest_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.target_label} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class DeliveryPreference(models.Model):
    """How one person wants one kind delivered; without a row the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    event = models.CharField(_("kind"), max_length=60, choices=event_choices())
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)

    class Meta:
        verbose_name = _("delivery preference")
        verbose_name_plural = _("delivery preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="one_preference_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.event}: {self.delivery}"


class RecipientSettings(models.Model):
    """The language a person's e-mails are written in (Danish unless they choose English)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language of e-mails"), max_length=8, choices=settings.LANGUAGES, default="da"
    )

    class Meta:
        verbose_name = _("e-mail settings")
        verbose_name_plural = _("e-mail settings")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"


class OutboxMessage(models.Model):
    """One e-mail to send: an immediate notification or a person's daily digest.

    Written in the same transaction as the notifications, so nothing is lost when the broker
    is down: the task queued on commit sends it, and the sweeper (beat, every minute) sends
    whatever is still pending. Failures are retried with exponential back-off up to
    ``MAX_ATTEMPTS`` and then stay failed, visible in the admin.
    """

    MAX_ATTEMPTS = 6

    class Kind(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediate")
        DIGEST = "digest", _("Daily digest")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not needed")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    digest_date = models.DateField(_("digest of"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mail outbox")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "digest_date"],
                condition=Q(kind="digest"),
                name="one_digest_per_person_per_day",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "sent", "skipped", "failed"]),
                name="outbox_known_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id} ({self.get_status_display()})"
