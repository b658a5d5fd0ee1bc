"""Overdue PDSA cycles: a weekly e-mail to the people who manage the projects, and a daily
notification to each overdue cycle's team, once per cycle."""

import datetime
from collections import defaultdict

from celery import shared_task
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from improvement.models import PDSACycle
from notifications.models import Notification
from notifications.notify import notify, role_holders
from roles.kinds import KINDS
from roles.models import RoleAssignment


def _managing_kinds(label: str, permission: str = "manage_improvement") -> list[str]:
    """Role kinds that manage improvement work on objects of ``label`` (the implementation
    lead of a specialty; the chair and secretary of a forum), or with ``permission``
    "contribute_improvement" everyone who works on it."""
    return [
        kind.key
        for kind in KINDS.values()
        if kind.applies_to == label and permission in kind.object_permissions
    ]


@shared_task
def send_overdue_reminders() -> int:
    """E-mail everyone who manages improvement work the overdue cycles of their projects.

    A specialty's project reminds its implementation lead; a cluster initiative's project
    the chair and secretary of the forum that proposed it. One e-mail per person (covering
    all their projects); people without an e-mail address or without overdue cycles get
    none. Returns the number of e-mails sent. A fixed number of queries whatever the number
    of cycles.
    """
    today = timezone.localdate()
    cycles_by_owner = defaultdict(list)  # (content type id, object id) -> cycles
    for cycle in (
        PDSACycle.objects.overdue(today)
        .select_related(
            "change_idea__project__specialty", "change_idea__project__initiative__proposed_by"
        )
        .order_by("planned_end", "pk")
    ):
        team_object = cycle.change_idea.project.team_object
        owner_type = ContentType.objects.get_for_model(team_object)
        cycles_by_owner[(owner_type.pk, team_object.pk)].append(cycle)
    if not cycles_by_owner:
        return 0
    wanted = Q(pk__in=[])
    for content_type_id, object_id in cycles_by_owner:
        content_type = ContentType.objects.get_for_id(content_type_id)
        wanted |= Q(
            content_type_id=content_type_id,
            object_id=object_id,
            kind__in=_managing_kinds(f"{content_type.app_label}.{content_type.model}"),
        )
    managers = RoleAssignment.objects.current(today).filter(wanted).select_related("person__user")
    per_user = defaultdict(list)
    users = {}
    for assignment in managers:
        user = assignment.person.user
        if not user.is_active or not user.email:
            continue
        users[user.pk] = user
        per_user[user.pk] += cycles_by_owner[(assignment.content_type_id, assignment.object_id)]
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user_pk, cycles in per_user.items():
            user = users[user_pk]
            context = {
                "user": user,
                "cycles": cycles,
                "today": today,
                # Links are relative until the settings name the site's address.
                "site_url": getattr(settings, "SITE_URL", "").rstrip("/"),
            }
            subject = render_to_string("improvement/email/overdue_subject.txt", context).strip()
            body = render_to_string("improvement/email/overdue_body.txt", context)
            sent += send_mail(subject, body, None, [user.email])
    return sent


@shared_task
def announce_overdue_cycles(on: str | None = None) -> int:
    """Notify the team of every PDSA cycle that has passed its planned end without a Study,
    once per cycle (the notification says when it became overdue). Returns the number of
    cycles announced. ``on`` (ISO date) is for tests; the beat job runs it daily."""
    day = datetime.date.fromisoformat(on) if on else timezone.localdate()
    told = Notification.objects.filter(
        event="cycle_overdue", content_type=ContentType.objects.get_for_model(PDSACycle)
    ).values("object_id")
    cycles = (
        PDSACycle.objects.overdue(day)
        .exclude(pk__in=told)
        .select_related(
            "change_idea__project__specialty", "change_idea__project__initiative__proposed_by"
        )
        .order_by("planned_end", "pk")
    )
    announced = 0
    for cycle in cycles:
        team = cycle.change_idea.project.team_object
        label = f"{team._meta.app_label}.{team._meta.model_name}"
        notify(
            role_holders(team, _managing_kinds(label, "contribute_improvement"), on=day),
            "cycle_overdue",
            cycle,
        )
        announced += 1
    return announced
