"""A target's thread as a page shows it, in a constant number of queries: the comments
(one query, replies grouped in Python), the attachments (one query) and whether the
person may write (the permission check of ``roles.permissions``)."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from bass.history import display_name
from bass.signals import people_concerned
from discussion import registry
from discussion.access import content_type_of, may_write
from discussion.forms import AttachmentForm, CommentForm, max_total_bytes
from discussion.mentions import mentioned_users
from discussion.models import Attachment, Comment
from roles.permissions import can, permission_target
from roles.queries import role_holders


@dataclass
class Thread:
    target: object
    content_type_id: int
    comments: list = field(default_factory=list)  # top-level, each with .reply_list
    attachments: list = field(default_factory=list)
    may_write: bool = False
    user_id: int | None = None

    @property
    def count(self) -> int:
        return sum(1 + len(c.reply_list) for c in self.comments)

    @property
    def total_bytes(self) -> int:
        return sum(a.size for a in self.attachments)


def on_target(model, target):
    return model.objects.filter(content_type=content_type_of(target), object_id=target.pk)


def thread_for(user, target) -> Thread:
    content_type = content_type_of(target)
    rows = list(on_target(Comment, target).order_by("created", "pk"))
    top, replies = [], {}
    for row in rows:
        row.reply_list = []
        if row.parent_id is None:
            top.append(row)
        else:
            replies.setdefault(row.parent_id, []).append(row)
    for row in top:
        row.reply_list = replies.get(row.pk, [])
    return Thread(
        target=target,
        content_type_id=content_type.pk,
        comments=top,
        attachments=list(on_target(Attachment, target).order_by("created", "pk")),
        may_write=may_write(user, target),
        user_id=user.pk,
    )


def attached_bytes(target) -> int:
    return sum(on_target(Attachment, target).values_list("size", flat=True))


def new_forms(thread: Thread) -> dict:
    if not thread.may_write:
        return {}
    return {
        "comment_form": CommentForm(),
        "attachment_form": AttachmentForm(already_bytes=thread.total_bytes),
        "room_left": max(max_total_bytes() - thread.total_bytes, 0),
    }


def add_comment(user, target, body: str, parent: Comment | None = None) -> Comment:
    """Save a comment and tell the people concerned: those named with @ (event "mention"),
    the role holders the target's app names and the author of the comment replied to
    (event "comment"); never the writer."""
    comment = Comment(
        content_type=content_type_of(target),
        object_id=target.pk,
        parent=parent,
        author=user,
        author_name=display_name(user),
        body=body,
    )
    comment._change_reason = _("Comment written")
    comment.save()
    tell_about(comment, target, user)
    return comment


def _tell(recipients, event: str, target, **details) -> None:
    """Hand the event to the notifications (bass.signals: the two apps share a floor)."""
    people_concerned.send(
        sender=Comment, recipients=recipients, event=event, target=target, **details
    )


def tell_about(comment: Comment, target, actor, previously_mentioned=()) -> None:
    from bass.text import html_to_text

    text = html_to_text(comment.body)
    url = comment_url(comment, target)
    mentioned = [
        person for person in mentioned_users(text, target) if person.pk not in previously_mentioned
    ]
    _tell(mentioned, "mention", target, actor=actor, text=text[:500], url=url)
    if previously_mentioned or comment.edited_at:
        return  # an edit tells only the newly mentioned
    entry = registry.entry_for(type(target))
    others = set()
    owner = permission_target(target)
    if entry and entry.notify_kinds and owner is not None:
        others |= set(role_holders(owner, entry.notify_kinds).values_list("pk", flat=True))
    parent = comment.parent
    if parent is not None and parent.author is not None and can(parent.author, "view", target):
        others.add(parent.author_id)
    others -= {person.pk for person in mentioned}
    from django.contrib.auth import get_user_model

    _tell(
        get_user_model().objects.filter(pk__in=others),
        "comment",
        target,
        actor=actor,
        text=text[:500],
        url=url,
    )


def thread_url(target) -> str:
    """Where the thread of ``target`` is shown: its own page or the discussion page."""
    entry = registry.entry_for(type(target))
    if entry is not None and entry.own_page:
        return target.get_absolute_url()
    return reverse("discussion_page", args=[content_type_of(target).pk, target.pk])


def comment_url(comment: Comment, target) -> str:
    return f"{thread_url(target)}#kommentar-{comment.pk}"
