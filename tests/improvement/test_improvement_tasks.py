"""The weekly reminder of overdue PDSA cycles."""

import datetime

import pytest
from django.core import mail

from improvement.models import PDSACycle
from improvement.tasks import send_overdue_reminders
from tests.conftest import assign, make_user
from tests.improvement.improvement_world import TODAY, build


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def imp(world):
    world.lead_a.email = "lead_a@example.org"
    world.lead_a.save()
    world.core_a.email = "core_a@example.org"
    world.core_a.save()
    return build(world.specialty_a)


def test_lead_gets_one_mail_listing_the_overdue_cycles(world, imp):
    PDSACycle.objects.create(
        change_idea=imp.idea,
        title="Ikke forsinket",
        objective="x",
        planned_start=TODAY,
        planned_end=TODAY + datetime.timedelta(days=5),
    )
    # apply() runs the task in this process (the worker path is covered by the export tests).
    assert send_overdue_reminders.apply().get() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lead_a@example.org"]
    assert imp.cycle.title in message.body
    assert imp.cycle.get_absolute_url() in message.body
    assert "Ikke forsinket" not in message.body


def test_no_mail_when_nothing_is_overdue(world, imp):
    imp.cycle.study_results = "Som forudsagt"
    imp.cycle.save()
    assert send_overdue_reminders() == 0
    assert mail.outbox == []


def test_each_specialtys_lead_gets_only_their_cycles(world, imp):
    lead_b = make_user("lead_b", email="lead_b@example.org")
    assign(lead_b, "implementation_lead", world.specialty_b)
    other = build(world.specialty_b, title="Fald")
    assert send_overdue_reminders() == 2
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert imp.cycle.get_absolute_url() in by_recipient["lead_a@example.org"]
    assert other.cycle.get_absolute_url() not in by_recipient["lead_a@example.org"]
    assert other.cycle.get_absolute_url() in by_recipient["lead_b@example.org"]


def test_leads_without_address_or_ended_role_get_nothing(world, imp):
    from roles.models import RoleAssignment

    assignment = RoleAssignment.objects.get(person=world.lead_a.person)
    assignment.valid_to = TODAY
    assignment.save()
    assert send_overdue_reminders() == 0


def test_queries_do_not_grow_with_cycles(world, imp, django_assert_max_num_queries):
    for i in range(20):
        PDSACycle.objects.create(
            change_idea=imp.idea,
            title=f"Cyklus {i}",
            objective="x",
            planned_start=TODAY - datetime.timedelta(days=30),
            planned_end=TODAY - datetime.timedelta(days=1),
        )
    with django_assert_max_num_queries(4):
        assert send_overdue_reminders() == 1
    assert mail.outbox[0].body.count("Cyklus") == 20
