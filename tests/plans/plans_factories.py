"""Small builders for the plans tests (shared by the test files of tests/plans/)."""

import datetime
from decimal import Decimal

from plans.models import Grant, Milestone, MilestoneDependency, Phase, PhaseChange, Plan

TODAY = datetime.date(2026, 6, 15)


def plan_for(specialty, title="Plan") -> Plan:
    plan, _created = Plan.objects.get_or_create(specialty=specialty, title=title)
    return plan


def milestone(plan, title="Milepæl", *, start=None, due=None, status="on_track", **extra):
    start = start or TODAY - datetime.timedelta(days=30)
    due = due or start + datetime.timedelta(days=60)
    return Milestone.objects.create(
        plan=plan, title=title, start_date=start, due_date=due, status=status, **extra
    )


def depends(milestone, on):
    return MilestoneDependency.objects.create(milestone=milestone, depends_on=on)


def grant(specialty, amount="100000.00", year=2026, pool="Transitionsmidler") -> Grant:
    return Grant.objects.create(specialty=specialty, amount=Decimal(amount), year=year, pool=pool)


def move_phase(specialty, order: int, started_on=TODAY, by=None) -> PhaseChange:
    return PhaseChange.objects.create(
        specialty=specialty,
        phase=Phase.objects.get(order=order),
        started_on=started_on,
        moved_by=by,
    )
