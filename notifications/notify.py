"""The one way an app announces an event: ``notify(recipients, event, target, actor)``.

Recipients are users (a list, a set or a queryset); the actor never notifies themself and
inactive accounts get nothing. Each recipient gets an in-app notification; whether an e-mail
goes out at once, in the daily digest or not at all is the person's choice per kind
(``DeliveryPreference``, defaulting to the kind's own). A person without an e-mail address
gets in-app notifications only. E-mails are written to the outbox in the caller's
transaction and sent by Celery after commit, so a request never waits for mail.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from bass.history import display_name
from notifications import events
from notifications.events import Delivery
from notifications.models import DeliveryPreference, Notification, OutboxMessage

log = logging.getLogger(__name__)


def email_address(user) -> str:
    """The address mail goes to: the account's, else the one on the person's card."""
    if user.email:
        return user.email
    person = getattr(user, "person", None)
    return getattr(person, "email", "") or ""


def _user_ids(recipients) -> set[int]:
    if recipients is None:
        return set()
    if hasattr(recipients, "values_list"):
        return set(recipients.values_list("pk", flat=True))
    if hasattr(recipients, "pk"):
        return {recipients.pk}
    return {user.pk for user in recipients if user is not None}


def _target_url(target, url: str | None) -> str:
    if url is not None:
        return url
    get_url = getattr(target, "get_absolute_url", None)
    if get_url is None:
        return ""
    try:
        return get_url()
    except Exception:  # noqa: BLE001 - a model's URL may need data the caller lacks
        log.exception("no URL for %r", target)
        return ""


def notify(recipients, event: str, target=None, actor=None, text: str = "", url=None, label=None):
    """Tell ``recipients`` that ``event`` happened to ``target`` (done by ``actor``).

    ``event`` is a key of ``notifications.events.EVENTS``; ``target`` any saved model
    instance (or None); ``text`` an optional plain-text excerpt shown with it; ``url`` the
    link (default ``target.get_absolute_url()``, "" for none); ``label`` the name shown for
    the target (default ``str(target)``; kept when the target is deleted). Returns the notifications
    created. A constant number of queries whatever the number of recipients.
    """
    kind = events.get(event)
    ids = _user_ids(recipients)
    if actor is not None:
        ids.discard(actor.pk)
    if not ids:
        return []
    users = list(
        get_user_model().objects.filter(pk__in=ids, is_active=True).select_related("person")
    )
    if not users:
        return []
    chosen = dict(
        DeliveryPreference.objects.filter(user__in=users, event=event).values_list(
            "user_id", "delivery"
        )
    )
    content_type = ContentType.objects.get_for_model(target) if target is not None else None
    common = {
        "event": event,
        "content_type": content_type,
        "object_id": target.pk if target is not None else None,
        "target_label": str(label if label is not None else (target or ""))[:300],
        "url": _target_url(target, url)[:500],
        "actor": actor,
        "actor_name": display_name(actor),
        "text": text,
        "created_at": timezone.now(),
    }
    deliveries = {}
    for user in users:
        delivery = chosen.get(user.pk, kind.default)
        deliveries[user.pk] = delivery if email_address(user) else Delivery.OFF
    immediate = [user for user in users if deliveries[user.pk] == Delivery.IMMEDIATE]
    messages = OutboxMessage.objects.bulk_create(
        [OutboxMessage(recipient=user, kind=OutboxMessage.Kind.IMMEDIATE) for user in immediate]
    )
    message_of = {message.recipient_id: message for message in messages}
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                delivery=deliveries[user.pk],
                message=message_of.get(user.pk),
                **common,
            )
            for user in users
        ]
    )
    if messages:
        message_ids = [message.pk for message in messages]

        def _queue() -> None:
            from notifications.delivery import enqueue

            enqueue(message_ids)

        transaction.on_commit(_queue)
    return notifications
