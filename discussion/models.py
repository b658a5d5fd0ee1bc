"""Comments (one level of replies) and attachments on any registered object.

Both point at their target through a content type and an object id, so this app knows no
domain app. They are seen by whoever may see the target (``permission_object``); writing
is checked in the views against the target's own write action (``discussion.registry``).
Every change is kept in history: an edited comment keeps its earlier text there, a
deleted comment stays as "Kommentaren er slettet" in the thread and its text in history,
an attachment's upload and removal are versions of its row.
"""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bass.history import TrackedModel
from bass.text import RichTextField
from discussion import registry


class OnTarget(TrackedModel):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("object type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")

    # Seen by those who may see the target; other actions are checked by the views.
    permission_object = ("content_type", "object_id")

    @classmethod
    def permission_object_models(cls) -> list[str]:
        return registry.labels()

    class Meta:
        abstract = True


class Comment(OnTarget):
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    author_name = models.CharField(_("author (name)"), max_length=300, blank=True)
    body = RichTextField(_("comment"), blank=True)
    created = models.DateTimeField(_("written"), default=timezone.now, editable=False)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["content_type", "object_id", "created"])]

    def __str__(self) -> str:
        return _("Comment by %(name)s") % {"name": self.author_name}

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def get_absolute_url(self) -> str:
        return reverse("comment_detail", args=[self.pk])


def _random_name(instance, filename: str) -> str:
    # The stored name says nothing of the original (kept in ``name``) and cannot be guessed.
    now = timezone.now()
    return f"diskussion/{now:%Y/%m}/{secrets.token_hex(16)}"


class Attachment(OnTarget):
    """A file on an object. Stored under MEDIA_ROOT with a random name and served only
    through a view that checks the target's visibility; never a public URL."""

    file = models.FileField(_("file"), upload_to=_random_name, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    mime_type = models.CharField(_("file type"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_by_name = models.CharField(_("uploaded by (name)"), max_length=300, blank=True)
    created = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["content_type", "object_id", "created"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("discussion_attachment_download", args=[self.pk])
