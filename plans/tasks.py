"""Milestones past their due date: a daily notification to the responsible person."""

import datetime

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from notifications.models import Notification
from notifications.notify import notify
from plans.models import Milestone, MilestoneStatus


@shared_task
def announce_overdue_milestones(on: str | None = None) -> int:
    """Notify each open milestone's responsible person once when it passes its due date.
    Returns the number announced. ``on`` (ISO date) is for tests; beat runs it daily."""
    day = datetime.date.fromisoformat(on) if on else timezone.localdate()
    told = Notification.objects.filter(
        event="milestone_overdue", content_type=ContentType.objects.get_for_model(Milestone)
    ).values("object_id")
    milestones = (
        Milestone.objects.exclude(status=MilestoneStatus.DONE)
        .filter(due_date__lt=day, responsible__isnull=False)
        .exclude(pk__in=told)
        .select_related("responsible__user", "plan__specialty")
        .order_by("due_date", "pk")
    )
    announced = 0
    for milestone in milestones:
        notify([milestone.responsible.user], "milestone_overdue", milestone)
        announced += 1
    return announced
