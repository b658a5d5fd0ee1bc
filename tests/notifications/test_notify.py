"""notify(): who gets a notification, how it is delivered, and the two events wired below."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bass.history import TrackedModel
from bass.models import Export
from notifications.events import EVENTS, Delivery
from notifications.models import DeliveryPreference, Notification, OutboxMessage
from notifications.notify import notify
from roles.models import RoleAssignment
from roles.queries import role_holders
from tests.conftest import assign, make_user


def _with_email(user, address=None):
    user.email = address or f"{user.username}@example.dk"
    user.save()
    return user


def test_notifications_are_not_domain_data():
    assert not issubclass(Notification, TrackedModel)
    assert not hasattr(Notification, "history")


def test_every_kind_has_a_label_a_sentence_and_a_known_delivery():
    assert {
        "ambition_submitted",
        "ambition_decided",
        "ambition_returned",
        "mention",
        "comment",
        "edit_overwritten",
        "role_given",
        "role_ended",
        "export_ready",
        "cycle_overdue",
        "milestone_overdue",
    } <= set(EVENTS)
    for kind in EVENTS.values():
        assert kind.default in Delivery.values
        assert "%(target)s" in str(kind.sentence)
    assert EVENTS["mention"].default == Delivery.IMMEDIATE
    assert EVENTS["comment"].default == Delivery.DIGEST


def test_one_notification_per_recipient_never_the_actor(world):
    created = notify(
        [world.owner_a, world.lead_a, world.core_a, world.lead_a],
        "comment",
        target=world.specialty_a,
        actor=world.owner_a,
        text="Se afsnit 2",
    )
    assert {n.recipient for n in created} == {world.lead_a, world.core_a}
    row = Notification.objects.get(recipient=world.lead_a, event="comment")
    assert row.target_label == "Intern medicin: kardiologi"
    assert row.url == world.specialty_a.get_absolute_url()
    assert row.actor == world.owner_a and row.actor_name == "Owner_A"
    assert row.content_type == ContentType.objects.get_for_model(world.specialty_a)
    assert row.object_id == world.specialty_a.pk
    assert row.text == "Se afsnit 2"
    assert row.read_at is None


def test_a_queryset_of_recipients_and_inactive_accounts(world):
    world.core_a.is_active = False
    world.core_a.save()
    notify(role_holders(world.specialty_a), "comment", target=world.specialty_a)
    assert set(
        Notification.objects.filter(event="comment").values_list("recipient", flat=True)
    ) == {
        world.owner_a.pk,
        world.lead_a.pk,
    }


def test_role_holders_of_given_kinds(world):
    holders = role_holders(world.specialty_a, kinds=["specialty_owner", "implementation_lead"])
    assert set(holders) == {world.owner_a, world.lead_a}


def test_unknown_kind_is_refused(world):
    with pytest.raises(ValueError, match="unknown notification event"):
        notify([world.owner_a], "ambition_exploded", target=world.specialty_a)


def test_delivery_follows_defaults_and_each_persons_choice(world):
    for user in (world.owner_a, world.lead_a, world.core_a):
        _with_email(user)
    DeliveryPreference.objects.create(user=world.lead_a, event="mention", delivery="digest")
    DeliveryPreference.objects.create(user=world.core_a, event="mention", delivery="off")
    notify([world.owner_a, world.lead_a, world.core_a, world.nobody], "mention", world.specialty_a)
    delivery = dict(
        Notification.objects.filter(event="mention").values_list("recipient", "delivery")
    )
    assert delivery == {
        world.owner_a.pk: "immediate",
        world.lead_a.pk: "digest",
        world.core_a.pk: "off",
        world.nobody.pk: "off",  # no e-mail address: in BASS only
    }
    outbox = OutboxMessage.objects.get()
    assert outbox.recipient == world.owner_a and outbox.kind == "immediate"
    assert outbox.status == "pending"
    assert Notification.objects.get(recipient=world.owner_a, event="mention").message == outbox


def test_an_address_on_the_person_card_is_enough(world):
    world.lead_a.person.email = "lead@example.dk"
    world.lead_a.person.save()
    notify([world.lead_a], "mention", world.specialty_a)
    assert Notification.objects.get(event="mention").delivery == "immediate"


def test_notify_costs_the_same_queries_for_more_recipients(world):
    users = [_with_email(make_user(f"u{i}")) for i in range(12)]
    with CaptureQueriesContext(connection) as few:
        notify(users[:3], "mention", world.specialty_a, actor=world.owner_a)
    with CaptureQueriesContext(connection) as many:
        notify(users, "mention", world.specialty_a, actor=world.owner_a)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert OutboxMessage.objects.count() == 15


def test_giving_and_ending_a_role_notifies_the_holder(world, settings):
    newcomer = make_user("newcomer")
    assignment = assign(newcomer, "core_team", world.specialty_a)
    given = Notification.objects.get(recipient=newcomer)
    assert given.event == "role_given"
    assert given.target_label == "Medlem af kerneteamet – Intern medicin: kardiologi"
    assert given.url == world.specialty_a.get_absolute_url()
    assignment.valid_to = datetime.date(2026, 6, 1)
    assignment.save()
    ended = Notification.objects.get(recipient=newcomer, event="role_ended")
    assert ended.content_type == ContentType.objects.get_for_model(RoleAssignment)
    assignment.reason = "typo"
    assignment.save()  # already ended: no second notification
    assert Notification.objects.filter(recipient=newcomer, event="role_ended").count() == 1


def test_a_finished_export_notifies_who_asked_for_it(world):
    export = Export.objects.create(
        kind="specialty_miniguide",
        content_type=ContentType.objects.get_for_model(world.specialty_a),
        object_id=world.specialty_a.pk,
        language="da",
        requested_by=world.core_a,
    )
    assert not Notification.objects.filter(event="export_ready").exists()
    export.status = Export.Status.DONE
    export.save()
    export.save()
    ready = Notification.objects.get(event="export_ready")
    assert ready.recipient == world.core_a
    assert ready.url == export.get_absolute_url()
    assert "Intern medicin: kardiologi" in ready.target_label
    assert ready.object_id == world.specialty_a.pk


def test_beat_sweeps_the_outbox_every_minute_and_sends_the_digest_at_seven(settings):
    from celery.schedules import crontab

    schedule = {
        entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert schedule["notifications.tasks.sweep_outbox"] == 60
    assert schedule["notifications.tasks.send_daily_digest"] == crontab(hour=7, minute=0)
    assert settings.CELERY_TIMEZONE == "Europe/Copenhagen"
