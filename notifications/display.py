"""What a person sees of their notifications: permission checked when shown.

A notification about an object the person may no longer see is left out; one about a
deleted object is shown by its stored name, marked deleted, without a link. The check
costs a fixed number of queries per kind of object on the page (``restrict`` once per
content type, and one existence query when something is missing), never per row.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from notifications.events import EVENTS
from notifications.models import Notification
from roles.permissions import restrict


@dataclass
class Shown:
    notification: Notification
    deleted: bool
    link: str  # "" when there is nothing to link to

    @property
    def kind_label(self) -> str:
        kind = EVENTS.get(self.notification.event)
        return str(kind.label) if kind else self.notification.event

    def _parts(self) -> tuple[str, str]:
        kind = EVENTS.get(self.notification.event)
        sentence = str(kind.sentence) if kind else "%(target)s"
        return sentence, self.notification.actor_name or "BASS"

    def target_text(self) -> str:
        label = self.notification.target_label
        return _("%(name)s (deleted)") % {"name": label} if self.deleted else label

    def sentence(self) -> str:
        """Plain text, for e-mails' text part."""
        sentence, actor = self._parts()
        return sentence % {"actor": actor, "target": self.target_text()}

    def sentence_html(self, href: str | None = None) -> SafeString:
        """The sentence with the object as a link to ``href`` (default: its own link)."""
        sentence, actor = self._parts()
        target = escape(self.target_text())
        href = self.link if href is None else href
        if self.link and href:
            target = f'<a href="{escape(href)}">{target}</a>'
        return mark_safe(escape(sentence) % {"actor": escape(actor), "target": target})  # noqa: S308 - every part is escaped


def shown(notifications, user) -> list[Shown]:
    """The notifications ``user`` may see now, in the given order, each with its link."""
    notifications = list(notifications)
    wanted = defaultdict(set)
    for notification in notifications:
        if notification.content_type_id is not None:
            wanted[notification.content_type_id].add(notification.object_id)
    allowed: dict[int, set] = {}
    existing: dict[int, set] = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # the model itself is gone
            allowed[content_type_id] = existing[content_type_id] = set()
            continue
        rows = model._default_manager.filter(pk__in=ids)
        allowed[content_type_id] = set(restrict(rows, user).values_list("pk", flat=True))
        missing = ids - allowed[content_type_id]
        existing[content_type_id] = allowed[content_type_id] | (
            set(rows.filter(pk__in=missing).values_list("pk", flat=True)) if missing else set()
        )
    result = []
    for notification in notifications:
        content_type_id = notification.content_type_id
        if content_type_id is None or notification.object_id in allowed[content_type_id]:
            result.append(Shown(notification, deleted=False, link=notification.url))
        elif notification.object_id not in existing[content_type_id]:
            result.append(Shown(notification, deleted=True, link=""))
        # else: it exists but the person may no longer see it: left out.
    return result
