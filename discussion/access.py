"""Finding a discussion's target for a person, and whether they may write in it.

Every view goes through these: a target the person may not see, or a model that carries
no discussion, is a 404; so is a comment or attachment on such a target.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404

from discussion import registry
from discussion.models import Attachment, Comment
from roles.permissions import can, get_for_user, security_log


def content_type_of(obj) -> ContentType:
    return ContentType.objects.get_for_model(obj)


def get_target(user, content_type_id: int, object_id: int):
    """The registered object the person may see; 404 otherwise."""
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        raise Http404 from None
    model = registry.model_of(f"{content_type.app_label}.{content_type.model}")
    if model is None:
        raise Http404
    return get_for_user(model._default_manager.all(), user, "view", pk=object_id)


def may_write(user, target) -> bool:
    entry = registry.entry_for(type(target))
    if entry is None:
        return False
    if can(user, entry.write, target):
        return True
    return bool(entry.also_write and entry.also_write(user, target))


def require_write(user, target) -> None:
    if not may_write(user, target):
        security_log.warning(
            "refused writing in the discussion of %s %s for user %s",
            target._meta.label,
            target.pk,
            user.pk,
        )
        raise PermissionDenied


def get_comment(user, pk: int) -> tuple[Comment, object]:
    """A comment and its target, both visible to the person; 404 otherwise."""
    comment = get_for_user(Comment.objects.all(), user, "view", pk=pk)
    return comment, get_target(user, comment.content_type_id, comment.object_id)


def get_attachment(user, pk: int) -> tuple[Attachment, object]:
    attachment = get_for_user(Attachment.objects.all(), user, "view", pk=pk)
    return attachment, get_target(user, attachment.content_type_id, attachment.object_id)


def own(user, row, author_field: str) -> None:
    """403 unless ``user`` wrote the comment (uploaded the file)."""
    if getattr(row, f"{author_field}_id") != user.pk:
        raise PermissionDenied
