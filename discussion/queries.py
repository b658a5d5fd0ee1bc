"""What other apps may read of the discussion: the comments on rows of one of their models."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from discussion.models import Attachment, Comment


def comments_on(model) -> models.QuerySet:
    """Comments (not deleted) on rows of ``model``; filter them by ``object_id``."""
    return Comment.objects.filter(
        content_type=ContentType.objects.get_for_model(model), deleted_at__isnull=True
    )


def attachments_on(model) -> models.QuerySet:
    return Attachment.objects.filter(content_type=ContentType.objects.get_for_model(model))
