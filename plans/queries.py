"""Public query functions of the plans app (for the specialty page and the dashboard)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bass import formatting
from bass.waiting import Waiting, WaitingGroup, group
from plans.models import Grant, Milestone, MilestoneStatus, PhaseChange, Spending
from roles.permissions import restrict
from specialties.models import Specialty

ZERO = Decimal("0.00")


@dataclass
class Progress:
    """Progress of one specialty.

    - ``share_done``: done milestones / all milestones (0-1, ``None`` without milestones);
    - ``share_on_time``: milestones done by their due date / done milestones (``None`` when
      nothing is done yet);
    - ``days_late_total``: the sum over milestones of days past the due date (open ones
      until today, done ones until the day they were done); ``days_late_max`` the largest
      single delay. Both count a milestone past due as late whatever its recorded status.
    - ``late``: open milestones past their due date; ``at_risk``: open ones marked at risk.
    """

    specialty_id: int
    milestones_total: int = 0
    milestones_done: int = 0
    done_on_time: int = 0
    late: int = 0
    at_risk: int = 0
    days_late_total: int = 0
    days_late_max: int = 0
    granted: Decimal = ZERO
    spent: Decimal = ZERO
    phase: object = None  # the current PhaseChange (with .phase, .started_on, .moved_by)

    @property
    def remaining(self) -> Decimal:
        return self.granted - self.spent

    @property
    def share_done(self) -> float | None:
        return self.milestones_done / self.milestones_total if self.milestones_total else None

    @property
    def share_on_time(self) -> float | None:
        return self.done_on_time / self.milestones_done if self.milestones_done else None

    @property
    def share_spent(self) -> float | None:
        return float(self.spent / self.granted) if self.granted else None


def _ids(specialties: Iterable) -> list[int]:
    return [s if isinstance(s, int) else s.pk for s in specialties]


def progress_by_specialty(
    specialties: Iterable, on: datetime.date | None = None
) -> dict[int, Progress]:
    """Progress per specialty id for ``specialties`` (objects, ids or a queryset).

    Four queries whatever the number of specialties, milestones, grants and phase changes
    (plus one if ``specialties`` is an unevaluated queryset). The caller restricts
    ``specialties`` to what the user may see.
    """
    on = on or timezone.localdate()
    ids = _ids(specialties)
    result = {pk: Progress(specialty_id=pk) for pk in ids}
    if not ids:
        return result

    rows = Milestone.objects.filter(plan__specialty_id__in=ids).values_list(
        "plan__specialty_id", "status", "due_date", "done_at"
    )
    for specialty_id, status, due, done_at in rows:
        progress = result[specialty_id]
        progress.milestones_total += 1
        if status == MilestoneStatus.DONE:
            progress.milestones_done += 1
            end = done_at or due
            if end <= due:
                progress.done_on_time += 1
        else:
            end = on
            if due < on or status == MilestoneStatus.LATE:
                progress.late += 1
            elif status == MilestoneStatus.AT_RISK:
                progress.at_risk += 1
        delay = max(0, (end - due).days)
        progress.days_late_total += delay
        progress.days_late_max = max(progress.days_late_max, delay)

    granted = (
        Grant.objects.filter(specialty_id__in=ids)
        .values("specialty_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in granted:
        result[row["specialty_id"]].granted = row["total"] or ZERO
    spent = (
        Spending.objects.filter(grant__specialty_id__in=ids)
        .values("grant__specialty_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in spent:
        result[row["grant__specialty_id"]].spent = row["total"] or ZERO

    for change in PhaseChange.latest_per_specialty(ids):
        result[change.specialty_id].phase = change
    return result


def programme_totals(progress: Iterable[Progress]) -> Progress:
    """The sum over specialties (phase left empty)."""
    total = Progress(specialty_id=0)
    for p in progress:
        total.milestones_total += p.milestones_total
        total.milestones_done += p.milestones_done
        total.done_on_time += p.done_on_time
        total.late += p.late
        total.at_risk += p.at_risk
        total.days_late_total += p.days_late_total
        total.days_late_max = max(total.days_late_max, p.days_late_max)
        total.granted += p.granted
        total.spent += p.spent
    return total


def waiting_for(user, on: datetime.date | None = None) -> list[WaitingGroup]:
    """Milestones ``user`` is responsible for that are late or at risk, and grants whose
    spending has passed the amount granted (for those who grant the money)."""
    on = on or timezone.localdate()
    milestones = (
        restrict(Milestone.objects.filter(responsible__user=user), user)
        .exclude(status=MilestoneStatus.DONE)
        .filter(Q(due_date__lt=on) | Q(status__in=[MilestoneStatus.AT_RISK, MilestoneStatus.LATE]))
        .select_related("plan__specialty")
        .order_by("due_date", "pk")
    )
    # The specialty's owner and whoever grants the money (secretariat, steering group).
    keepers = Q(pk__in=restrict(Grant.objects.all(), user, "change").values("pk")) | Q(
        specialty__in=restrict(Specialty.objects.all(), user, "change_strategic_ambition")
    )
    overspent = (
        Grant.objects.filter(keepers)
        .annotate(spent_total=Sum("spendings__amount"))
        .filter(spent_total__gt=F("amount"))
        .select_related("specialty")
        .order_by("year", "pk")
    )

    def milestone(m):
        if m.is_overdue(on):
            return Waiting(
                f"{m.title} ({m.plan.specialty})",
                _("Past its due date and not done"),
                m.due_date,
                m.get_absolute_url(),
            )
        reason = _("Marked at risk; due %(date)s") % {"date": formatting.date(m.due_date)}
        return Waiting(f"{m.title} ({m.plan.specialty})", reason, None, m.get_absolute_url())

    def grant(g):
        over = formatting.money(-g.remaining())
        return Waiting(
            f"{g.pool} {g.year} ({g.specialty})",
            _("Spending is %(amount)s beyond the grant") % {"amount": over},
            None,
            reverse("plans_specialty", args=[g.specialty.slug]),
        )

    return [
        group("milestone_late", _("Milestones late or at risk"), milestones, milestone),
        group("grant_overspent", _("Grants with spending beyond the amount"), overspent, grant),
    ]


@dataclass
class PlanOverview:
    """What a printed guide shows of a specialty's implementation: the phase history
    (oldest first), the milestones (by due date, with their plan) and the grants with what
    has been spent of each."""

    phases: list
    milestones: list
    grants: list


def plan_overview(specialty) -> PlanOverview:
    """The implementation plan of one specialty in three queries, whatever its size."""
    phases = list(
        PhaseChange.objects.filter(specialty=specialty)
        .select_related("phase", "moved_by")
        .order_by("started_on", "pk")
    )
    milestones = list(
        Milestone.objects.filter(plan__specialty=specialty)
        .select_related("plan", "responsible__user")
        .order_by("due_date", "pk")
    )
    grants = list(
        Grant.objects.filter(specialty=specialty)
        .annotate(spent_total=Sum("spendings__amount"))
        .order_by("year", "pk")
    )
    for grant in grants:
        grant.spent_total = grant.spent_total or ZERO
    return PlanOverview(phases=phases, milestones=milestones, grants=grants)


# --- the read API (api/) ----------------------------------------------------------------


def api_milestones(user):
    """Milestones ``user`` may see, with their plan and specialty."""
    return (
        restrict(Milestone.objects.all(), user)
        .select_related("plan__specialty", "responsible__user")
        .order_by("plan__specialty__name", "due_date", "pk")
    )


def api_grants(user):
    """Transition-fund grants ``user`` may see, with what has been spent of each."""
    return (
        restrict(Grant.objects.all(), user)
        .select_related("specialty", "milestone")
        .annotate(spent=Sum("spendings__amount"))
        .order_by("specialty__name", "year", "pk")
    )
