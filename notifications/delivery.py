"""E-mail delivery: the outbox, sending with retries, the daily digest, unsubscribe links.

Every e-mail is an ``OutboxMessage`` row first. ``deliver`` claims due rows (one UPDATE, so
the task queued on commit and the sweeper never send the same row twice), renders them in
each recipient's language as plain text and HTML with absolute links and a one-click
unsubscribe, sends them over one SMTP connection, and records the outcome: sent, or retried
with exponential back-off, failed after ``OutboxMessage.MAX_ATTEMPTS``.
"""

import contextlib
import datetime
import logging
import uuid
from collections import defaultdict

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from notifications.display import shown
from notifications.events import EVENTS, Delivery
from notifications.models import Notification, OutboxMessage, RecipientSettings
from notifications.notify import email_address

log = logging.getLogger(__name__)

BATCH = 200
RETRY_BASE = datetime.timedelta(minutes=1)
# A row claimed longer ago than this was being sent by a worker that died: send it again.
STALE_CLAIM = datetime.timedelta(minutes=10)
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
# The unsubscribe "kind" of a digest's List-Unsubscribe header: every kind now in the digest.
ALL_DIGEST = "digest"


def site_url() -> str:
    return (getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000").rstrip("/")


def enqueue(message_ids: list[int]) -> None:
    """Queue the sending of these rows; with the broker down they wait for the sweeper."""
    from notifications.tasks import send_messages

    try:
        send_messages.apply_async((list(message_ids),), retry=False)
    except Exception as error:  # noqa: BLE001 - kombu/redis raise several connection errors
        log.warning("could not queue e-mails %s (%s); the sweeper sends them", message_ids, error)


# --- unsubscribe links --------------------------------------------------------------------


def unsubscribe_token(user, event: str) -> str:
    return signing.dumps([user.pk, event], salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) of a genuine token; None for anything tampered with or malformed."""
    try:
        user_id, event = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or (event != ALL_DIGEST and event not in EVENTS):
        return None
    return user_id, event


def unsubscribe_url(user, event: str) -> str:
    return site_url() + reverse("notification_unsubscribe", args=[unsubscribe_token(user, event)])


# --- sending ------------------------------------------------------------------------------


def _language(user) -> str:
    try:
        return user.notification_settings.language
    except RecipientSettings.DoesNotExist:
        return settings.LANGUAGE_CODE


def _render(message: OutboxMessage, items) -> EmailMultiAlternatives:
    user = message.recipient
    base = site_url()
    groups = defaultdict(list)
    for item in items:
        groups[item.notification.event].append(item)
    sections = [
        {
            "label": str(EVENTS[event].label) if event in EVENTS else event,
            "items": [
                {
                    "text": item.sentence(),
                    "html": item.sentence_html(base + item.link),
                    "url": base + item.link if item.link else "",
                    "excerpt": item.notification.text,
                    "created_at": item.notification.created_at,
                }
                for item in group
            ],
            "unsubscribe_url": unsubscribe_url(user, event),
        }
        for event, group in groups.items()
    ]
    is_digest = message.kind == OutboxMessage.Kind.DIGEST
    header_kind = ALL_DIGEST if is_digest else items[0].notification.event
    header_url = unsubscribe_url(user, header_kind)
    context = {
        "user": user,
        "is_digest": is_digest,
        "sections": sections,
        "count": len(items),
        "first": sections[0]["items"][0],
        "site_url": base,
        "centre_url": base + reverse("notification_centre"),
        "settings_url": base + reverse("notification_settings"),
        "unsubscribe_url": header_url,
        "digest_date": message.digest_date,
    }
    subject = " ".join(render_to_string("notifications/email/subject.txt", context).split())
    mail = EmailMultiAlternatives(
        subject=subject[:300],
        body=render_to_string("notifications/email/message.txt", context),
        to=[email_address(user)],
        headers={
            "List-Unsubscribe": f"<{header_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    html = render_to_string("notifications/email/message.html", context)
    mail.attach_alternative(html, "text/html")
    return mail


def _claim(ids=None, limit: int = BATCH) -> str | None:
    now = timezone.now()
    due = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now
    )
    if ids is not None:
        due = due.filter(pk__in=list(ids))
    chosen = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    if not chosen:
        return None
    token = uuid.uuid4().hex
    OutboxMessage.objects.filter(pk__in=chosen, status=OutboxMessage.Status.PENDING).update(
        status=OutboxMessage.Status.SENDING,
        claim=token,
        claimed_at=now,
        attempts=F("attempts") + 1,
    )
    return token


def _failed(message: OutboxMessage, error: str, now) -> None:
    message.last_error = error[:2000]
    message.claim = ""
    if message.attempts >= OutboxMessage.MAX_ATTEMPTS:
        message.status = OutboxMessage.Status.FAILED
        log.error("e-mail %s failed after %s attempts: %s", message.pk, message.attempts, error)
    else:
        message.status = OutboxMessage.Status.PENDING
        message.next_attempt_at = now + RETRY_BASE * 2 ** (message.attempts - 1)
        log.warning("e-mail %s failed (attempt %s): %s", message.pk, message.attempts, error)
    message.save(update_fields=["status", "last_error", "claim", "next_attempt_at"])


def deliver(ids=None, limit: int = BATCH) -> int:
    """Send due outbox rows (these ``ids``, or any) and return how many went out.

    A fixed number of queries per batch: the claim, the rows with their recipients, their
    notifications, the permission check per recipient and kind of object, and the outcome.
    """
    token = _claim(ids, limit)
    if token is None:
        return 0
    messages = list(
        OutboxMessage.objects.filter(claim=token, status=OutboxMessage.Status.SENDING)
        .select_related("recipient__person", "recipient__notification_settings")
        .order_by("pk")
    )
    by_message = defaultdict(list)
    for notification in (
        Notification.objects.filter(message__claim=token)
        .select_related("content_type")
        .order_by("created_at", "pk")
    ):
        by_message[notification.message_id].append(notification)
    now = timezone.now()
    sent, skipped = [], []
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 - SMTP and socket errors alike
        for message in messages:
            _failed(message, f"{type(error).__name__}: {error}", now)
        return 0
    try:
        for message in messages:
            user = message.recipient
            items = shown(by_message[message.pk], user) if user.is_active else []
            if not items or not email_address(user):
                message.last_error = "" if items else "nothing the recipient may see"
                skipped.append(message)
                continue
            try:
                with translation.override(_language(user)):
                    mail = _render(message, items)
                mail.connection = connection
                mail.send()
            except Exception as error:  # noqa: BLE001 - one bad message must not stop the rest
                _failed(message, f"{type(error).__name__}: {error}", now)
                continue
            message.subject = mail.subject
            sent.append(message)
    finally:
        with contextlib.suppress(Exception):  # the mails already went out
            connection.close()
    for message in sent:
        message.status, message.sent_at, message.claim = OutboxMessage.Status.SENT, now, ""
        message.last_error = ""
    for message in skipped:
        message.status, message.sent_at, message.claim = OutboxMessage.Status.SKIPPED, now, ""
    if sent or skipped:
        OutboxMessage.objects.bulk_update(
            sent + skipped, ["status", "sent_at", "claim", "subject", "last_error"], batch_size=500
        )
    return len(sent)


def sweep(limit: int = 1000) -> int:
    """Send whatever is due (queued while the broker was down, or waiting for a retry);
    rows claimed by a worker that died are released first."""
    OutboxMessage.objects.filter(
        status=OutboxMessage.Status.SENDING, claimed_at__lt=timezone.now() - STALE_CLAIM
    ).update(status=OutboxMessage.Status.PENDING, claim="")
    total = 0
    while total < limit:
        sent_before = total
        count = _due_count()
        if not count:
            break
        total += deliver(limit=min(BATCH, limit - total))
        if total == sent_before and _due_count() >= count:
            break  # nothing moved (every row failed and waits for its retry)
    return total


def _due_count() -> int:
    return OutboxMessage.objects.filter(
        status=OutboxMessage.Status.PENDING, next_attempt_at__lte=timezone.now()
    ).count()


# --- the daily digest ---------------------------------------------------------------------


def build_digests(day: datetime.date | None = None) -> list[int]:
    """One digest row per person with notifications waiting for the digest; returns the rows'
    ids. Idempotent per day: a second run the same day adds nothing (what arrives later waits
    for the next day's digest). Three queries and one UPDATE whatever the number of people."""
    day = day or timezone.localdate()
    cutoff = timezone.now()
    waiting = Notification.objects.filter(
        delivery=Delivery.DIGEST, message__isnull=True, created_at__lte=cutoff
    )
    people = set(waiting.values_list("recipient_id", flat=True).distinct())
    people -= set(
        OutboxMessage.objects.filter(
            kind=OutboxMessage.Kind.DIGEST, digest_date=day, recipient_id__in=people
        ).values_list("recipient_id", flat=True)
    )
    if not people:
        return []
    created = OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(recipient_id=pk, kind=OutboxMessage.Kind.DIGEST, digest_date=day)
            for pk in sorted(people)
        ],
        batch_size=500,
    )
    todays = OutboxMessage.objects.filter(
        kind=OutboxMessage.Kind.DIGEST, digest_date=day, recipient_id=OuterRef("recipient_id")
    ).values("pk")[:1]
    waiting.filter(recipient_id__in=people).update(message_id=Subquery(todays))
    return [message.pk for message in created]


def send_daily_digest(day: datetime.date | None = None) -> int:
    ids = build_digests(day)
    sent = 0
    for start in range(0, len(ids), BATCH):
        sent += deliver(ids[start : start + BATCH])
    return sent
