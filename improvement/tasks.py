"""Overdue PDSA cycles: a daily job notifies each overdue cycle's team, once per cycle.

The notification reaches people by e-mail as their settings say (immediately, in the daily
digest, or not at all), and the cycle stays on their "Venter på dig" list until Study is
filled in; a separate weekly reminder mail would tell the same thing twice."""

import datetime

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from improvement.models import PDSACycle
from notifications.models import Notification
from notifications.notify import notify
from roles.kinds import KINDS
from roles.queries import role_holders


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
