"""E-mail through a real SMTP server (aiosmtpd on 127.0.0.1) and Django's SMTP backend."""

import datetime
import re

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from bass.celery import app as celery_app
from notifications import delivery
from notifications.models import DeliveryPreference, Notification, OutboxMessage, RecipientSettings
from notifications.notify import notify
from tests.notifications.conftest import free_port, parts

SITE = "https://bass.example.dk"


@pytest.fixture
def people(world):
    Notification.objects.all().delete()
    for user in (world.owner_a, world.lead_a, world.core_a, world.steering):
        user.email = f"{user.username}@example.dk"
        user.save()
    return world


def _commit(django_capture_on_commit_callbacks, *args, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return notify(*args, **kwargs)


def test_an_immediate_mail_in_danish_with_text_html_link_and_unsubscribe(
    people, smtp, django_capture_on_commit_callbacks
):
    w = people
    _commit(
        django_capture_on_commit_callbacks,
        [w.steering],
        "ambition_submitted",
        w.specialty_a,
        actor=w.owner_a,
    )
    (message,) = smtp.wait_for(1)
    assert message["To"] == "steering@example.dk"
    assert (
        message["Subject"] == "BASS: Owner_A indsendte Intern medicin: kardiologi til godkendelse"
    )
    body = parts(message)
    link = f"{SITE}{w.specialty_a.get_absolute_url()}"
    assert "Kære Steering" in body["text/plain"]
    assert link in body["text/plain"]
    assert f'<a href="{link}">Intern medicin: kardiologi</a>' in body["text/html"]
    assert f"{SITE}/notifikationer/indstillinger/" in body["text/plain"]
    unsubscribe = re.fullmatch(r"<(.+)>", message["List-Unsubscribe"].strip()).group(1)
    assert unsubscribe.startswith(f"{SITE}/notifikationer/afmeld/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    outbox = OutboxMessage.objects.get()
    assert outbox.status == "sent" and outbox.attempts == 1 and outbox.subject

    # One click in the mail client: a POST without login or CSRF token turns the kind off.
    one_click = Client(enforce_csrf_checks=True)
    path = unsubscribe.removeprefix(SITE)
    response = one_click.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert DeliveryPreference.objects.get(user=w.steering, event="ambition_submitted").delivery == (
        "off"
    )


def test_english_for_those_who_chose_it(people, smtp, django_capture_on_commit_callbacks):
    w = people
    RecipientSettings.objects.create(user=w.steering, language="en")
    _commit(
        django_capture_on_commit_callbacks,
        [w.steering],
        "ambition_returned",
        w.specialty_a,
        w.lead_a,
    )
    (message,) = smtp.wait_for(1)
    assert message["Subject"] == "BASS: Lead_A returned Intern medicin: kardiologi for changes"
    assert "Dear Steering" in parts(message)["text/plain"]


def test_a_person_without_e_mail_gets_in_app_only(people, smtp, django_capture_on_commit_callbacks):
    w = people
    _commit(django_capture_on_commit_callbacks, [w.nobody], "mention", w.specialty_a, w.owner_a)
    assert Notification.objects.filter(recipient=w.nobody).count() == 1
    assert not OutboxMessage.objects.exists()
    assert smtp.wait_for(1, timeout=0.5) == []


def test_the_daily_digest_groups_by_kind_once_a_day(people, smtp):
    w = people
    notify([w.lead_a, w.core_a], "comment", w.specialty_a, actor=w.owner_a, text="Se afsnit 2")
    notify([w.lead_a], "cycle_overdue", w.position_a)
    notify([w.lead_a], "export_ready", w.specialty_a, label="Miniguide: kardiologi (da)")
    day = datetime.date(2026, 3, 2)
    assert delivery.send_daily_digest(day) == 2
    messages = {m["To"]: m for m in smtp.wait_for(2)}
    lead = messages["lead_a@example.dk"]
    assert lead["Subject"] == "BASS: 3 nye notifikationer"
    text = parts(lead)["text/plain"]
    assert "En kommentar til noget, du arbejder med" in text
    assert "En PDSA-cyklus er forsinket" in text
    assert "Owner_A kommenterede Intern medicin: kardiologi" in text
    assert "“Se afsnit 2”" in text
    assert text.count(f"{SITE}/notifikationer/afmeld/") == 3  # one per kind
    assert "<h2" in parts(lead)["text/html"]
    assert messages["core_a@example.dk"]["Subject"] == "BASS: 1 ny notifikation"
    # The same day again: nothing new goes out, and nothing is sent twice.
    notify([w.lead_a], "comment", w.specialty_a, actor=w.owner_a)
    assert delivery.send_daily_digest(day) == 0
    assert delivery.send_daily_digest(day + datetime.timedelta(days=1)) == 1
    assert len(smtp.wait_for(3)) == 3


def test_the_digest_leaves_out_what_the_person_may_no_longer_see(people, smtp):
    w = people
    w.owner_b.email = "owner_b@example.dk"
    w.owner_b.save()
    notify([w.owner_b], "comment", w.specialty_a, actor=w.owner_a)
    assert delivery.send_daily_digest(datetime.date(2026, 3, 2)) == 0
    assert OutboxMessage.objects.get().status == "skipped"


def test_smtp_down_retries_with_back_off_then_fails_visibly(
    people, smtp_settings, django_capture_on_commit_callbacks
):
    w = people
    smtp_settings.EMAIL_PORT = free_port()  # nobody listens there
    _commit(django_capture_on_commit_callbacks, [w.steering], "mention", w.specialty_a, w.owner_a)
    message = OutboxMessage.objects.get()
    assert message.status == "pending" and message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    delay = message.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < delay <= datetime.timedelta(minutes=1)
    assert delivery.sweep() == 0  # not due yet
    delays = []
    for _attempt in range(OutboxMessage.MAX_ATTEMPTS - 1):
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        before = timezone.now()
        delivery.sweep()
        message.refresh_from_db()
        delays.append(round((message.next_attempt_at - before).total_seconds() / 60))
    assert message.status == "failed" and message.attempts == OutboxMessage.MAX_ATTEMPTS
    assert delays[:4] == [2, 4, 8, 16]


def test_the_sweeper_sends_what_waited_for_a_retry(people, smtp_server, smtp_settings):
    w = people
    port = smtp_settings.EMAIL_PORT
    smtp_settings.EMAIL_PORT = free_port()
    with transaction.atomic():
        notify([w.steering], "mention", w.specialty_a, w.owner_a)
    delivery.deliver()
    assert OutboxMessage.objects.get().status == "pending"
    smtp_settings.EMAIL_PORT = port
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert delivery.sweep() == 1
    assert len(smtp_server.inbox.wait_for(1)) == 1
    assert OutboxMessage.objects.get().status == "sent"


@pytest.fixture
def broker_down():
    """The Celery app pointed at a broker that is not there, as when Redis is down."""
    conf = celery_app.conf
    before = conf.broker_url, conf.task_always_eager, conf.broker_transport_options

    def reset_pools():
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    reset_pools()
    conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    conf.task_always_eager = False
    # The settings' own connect timeouts and retries, as a deployment has them.
    conf.broker_transport_options = dict(before[2])
    try:
        yield
    finally:
        reset_pools()
        conf.broker_url, conf.task_always_eager, conf.broker_transport_options = before


def test_with_the_broker_down_the_change_saves_and_the_sweeper_sends_later(
    people, smtp, broker_down, django_capture_on_commit_callbacks
):
    w = people
    (notification,) = _commit(
        django_capture_on_commit_callbacks, [w.steering], "mention", w.specialty_a, w.owner_a
    )
    assert Notification.objects.filter(pk=notification.pk).exists()
    message = OutboxMessage.objects.get()
    assert message.status == "pending" and message.attempts == 0
    assert smtp.wait_for(1, timeout=0.5) == []
    # Beat runs the sweeper once the broker is back.
    from notifications.tasks import sweep_outbox

    assert sweep_outbox.apply().get() == 1
    assert smtp.wait_for(1)[0]["To"] == "steering@example.dk"
    message.refresh_from_db()
    assert message.status == "sent"


def test_a_tampered_unsubscribe_link_changes_nothing_and_says_so(people, client):
    w = people
    token = delivery.unsubscribe_token(w.steering, "mention")
    for bad in (token[:-2] + "xx", token.replace(":", ";", 1), "abc", "x" * 3000):
        for method in (client.get, client.post):
            response = method(f"/notifikationer/afmeld/{bad}/")
            assert response.status_code == 400
            assert "Linket er ikke gyldigt" in response.content.decode()
            assert "intet er ændret" in response.content.decode()
    forged = delivery.signing.dumps([w.lead_a.pk, "mention"], salt="another purpose")
    assert client.post(f"/notifikationer/afmeld/{forged}/").status_code == 400
    assert not DeliveryPreference.objects.exists()


def test_unsubscribe_asks_before_it_changes_anything(people, client):
    w = people
    url = f"/notifikationer/afmeld/{delivery.unsubscribe_token(w.steering, 'mention')}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Stop e-mails om “Nogen nævner dig” til Steering?" in page.content.decode()
    assert not DeliveryPreference.objects.exists()
    assert "Du får ikke længere e-mails" in client.post(url).content.decode()
    assert DeliveryPreference.objects.get(user=w.steering).delivery == "off"


def test_unsubscribing_from_the_digest_turns_off_every_digest_kind(people, client):
    w = people
    DeliveryPreference.objects.create(user=w.lead_a, event="mention", delivery="digest")
    DeliveryPreference.objects.create(user=w.lead_a, event="comment", delivery="immediate")
    token = delivery.unsubscribe_token(w.lead_a, delivery.ALL_DIGEST)
    assert client.post(f"/notifikationer/afmeld/{token}/").status_code == 200
    choices = dict(
        DeliveryPreference.objects.filter(user=w.lead_a).values_list("event", "delivery")
    )
    assert choices["mention"] == "off" and choices["role_given"] == "off"
    assert choices["comment"] == "immediate"
    assert choices.get("ambition_submitted") is None


def test_administrators_see_failed_e_mails_and_why(people, login):
    w = people
    (notification,) = notify([w.steering], "mention", w.specialty_a, w.owner_a)
    OutboxMessage.objects.filter(pk=notification.message_id).update(
        status="failed", attempts=6, last_error="SMTPRecipientsRefused: 550 no such user"
    )
    client = login(w.admin)
    page = client.get("/admin/notifications/outboxmessage/?status__exact=failed")
    assert page.status_code == 200
    html = page.content.decode()
    assert "SMTPRecipientsRefused: 550 no such user" in html
    assert "steering" in html
    assert login(w.core_a).get("/admin/notifications/outboxmessage/").status_code == 302
