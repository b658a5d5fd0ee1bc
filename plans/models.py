"""Implementation plans: the BASS process phases, milestones, transition funds, centre support.

Who may do what (all through ``roles``):

- reading follows the specialty (``specialties.view_specialty``);
- moving a specialty to another phase: the specialty owner
  (``change_strategic_ambition``) or the implementation lead (``manage_improvement``),
  and administrators (who hold every permission);
- plans and milestones: the implementation lead (``manage_improvement``); the owner and the
  core team read them (they only hold ``contribute_improvement``);
- granting transition funds: ``specialties.grant_funds`` (model-wide for the steering
  group and administrators);
- spending against a grant: the implementation lead (``manage_improvement``);
- centre support: ``specialties.record_centre_support`` (model-wide for concept owners
  and administrators).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bass import formatting
from bass.history import TrackedModel
from bass.text import in_active_language
from roles.models import Person, RoleAssignment
from specialties.models import Specialty, StrengthPosition

PHASE_MOVE_PERMISSIONS = ("change_strategic_ambition", "manage_improvement")

PLAN_PERMISSIONS = {
    "view": "specialties.view_specialty",
    "add": "specialties.manage_improvement",
    "change": "specialties.manage_improvement",
    "delete": "specialties.manage_improvement",
}

# Permissions of the specialties app, because guardian checks object permissions only
# against the object's own app (a specialty).
FUNDS_PERMISSION = "specialties.grant_funds"
SUPPORT_PERMISSION = "specialties.record_centre_support"

GRANT_PERMISSIONS = {
    "view": "specialties.view_specialty",
    "add": FUNDS_PERMISSION,
    "change": FUNDS_PERMISSION,
    "delete": FUNDS_PERMISSION,
    "spend": "specialties.manage_improvement",
}

SPENDING_PERMISSIONS = {
    "view": "specialties.view_specialty",
    "add": "specialties.manage_improvement",
    "change": "specialties.manage_improvement",
    "delete": "specialties.manage_improvement",
}

SUPPORT_PERMISSIONS = {
    "view": "specialties.view_specialty",
    "add": SUPPORT_PERMISSION,
    "change": SUPPORT_PERMISSION,
    "delete": SUPPORT_PERMISSION,
}

MONEY = {"max_digits": 14, "decimal_places": 2}


# --- phases ------------------------------------------------------------------------------


class Phase(TrackedModel):
    """A phase of the BASS process; the list is kept by administrators in the admin."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(
        _("name (English)"),
        max_length=100,
        blank=True,
        help_text=_("For the English pages and miniguides."),
    )
    order = models.PositiveIntegerField(_("order"), unique=True)
    description = models.TextField(_("description"), blank=True)

    readable_by_all_users = True

    class Meta:
        ordering = ["order"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language: the English name on English pages and in
        English guides where it is written, else the Danish one."""
        return in_active_language(self.name, self.name_en)


class PhaseChange(TrackedModel):
    """From ``started_on`` the specialty is in ``phase``; the latest change is the current
    phase, the earlier ones are its history."""

    specialty = models.ForeignKey(
        Specialty,
        on_delete=models.CASCADE,
        related_name="phase_changes",
        verbose_name=_("specialty"),
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, related_name="changes", verbose_name=_("phase")
    )
    started_on = models.DateField(_("phase began"), default=timezone.localdate)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moved by"),
    )
    note = models.TextField(_("note"), blank=True)

    permission_path = "specialty"
    permission_map = {
        "view": "specialties.view_specialty",
        "add": "specialties.manage_improvement",
        "change": "specialties.manage_improvement",
        "delete": "specialties.manage_improvement",
    }

    class Meta:
        ordering = ["specialty", "-started_on", "-pk"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        indexes = [models.Index(fields=["specialty", "-started_on"])]

    def __str__(self) -> str:
        return f"{self.specialty}: {self.phase}"

    @classmethod
    def latest_per_specialty(cls, specialty_ids) -> models.QuerySet:
        """The current phase change of each given specialty, in one query."""
        newest = (
            cls.objects.filter(specialty_id=models.OuterRef("specialty_id"))
            .order_by("-started_on", "-pk")
            .values("pk")[:1]
        )
        return cls.objects.filter(
            specialty_id__in=specialty_ids, pk=models.Subquery(newest)
        ).select_related("phase", "moved_by")


# --- plans and milestones ------------------------------------------------------------------


class Plan(TrackedModel):
    specialty = models.ForeignKey(
        Specialty, on_delete=models.PROTECT, related_name="plans", verbose_name=_("specialty")
    )
    strength_position = models.ForeignKey(
        StrengthPosition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("strength position"),
        help_text=_("Optional: the strength position the plan belongs to."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    permission_path = "specialty"
    permission_map = PLAN_PERMISSIONS

    class Meta:
        ordering = ["specialty", "title"]
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if (
            self.strength_position_id
            and self.specialty_id
            and self.strength_position.specialty_id != self.specialty_id
        ):
            raise ValidationError(
                {"strength_position": _("The strength position belongs to another specialty.")}
            )

    def get_absolute_url(self) -> str:
        return reverse("plans_plan_detail", args=[self.pk])


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")
    DONE = "done", _("Done")


def people_with_role_on(specialty, on: datetime.date | None = None) -> models.QuerySet:
    """People who currently hold a role on the specialty (the candidates for responsible)."""
    person_ids = (
        RoleAssignment.objects.current(on).on_object(specialty).values("person_id")
        if specialty is not None
        else RoleAssignment.objects.none().values("person_id")
    )
    return Person.objects.filter(pk__in=person_ids).select_related("user")


class Milestone(TrackedModel):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("plan")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("responsible"),
        help_text=_("A person who holds a role on the specialty."),
    )
    start_date = models.DateField(_("start"))
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MilestoneStatus.choices,
        default=MilestoneStatus.NOT_STARTED,
    )
    done_at = models.DateField(
        _("done on"), null=True, blank=True, help_text=_("Set to today when left empty.")
    )
    serves = models.CharField(
        _("serves"),
        max_length=300,
        blank=True,
        help_text=_("The passage of the ambition or the change idea the milestone serves."),
    )
    link = models.URLField(_("link"), blank=True)

    permission_path = "plan__specialty"
    permission_map = PLAN_PERMISSIONS

    class Meta:
        ordering = ["plan", "start_date", "due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("start_date")),
                name="milestone_due_not_before_start",
                violation_error_message=_("The due date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=[value for value, _label in MilestoneStatus.choices]),
                name="milestone_known_status",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        if self.start_date and self.due_date and self.due_date < self.start_date:
            errors.setdefault("due_date", []).append(
                ValidationError(
                    _("The due date cannot be before the start date."), code="due_before_start"
                )
            )
        if self.responsible_id and self.plan_id:
            holders = people_with_role_on(self.plan.specialty)
            if not holders.filter(pk=self.responsible_id).exists():
                errors.setdefault("responsible", []).append(
                    ValidationError(
                        _("%(person)s holds no role on %(specialty)s.")
                        % {"person": self.responsible, "specialty": self.plan.specialty},
                        code="no_role",
                    )
                )
        if self.done_at and self.status != MilestoneStatus.DONE:
            errors.setdefault("done_at", []).append(
                ValidationError(
                    _("Only a milestone that is done has a date it was done."), code="not_done"
                )
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.status == MilestoneStatus.DONE and self.done_at is None:
            self.done_at = timezone.localdate()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("plans_plan_detail", args=[self.plan_id]) + f"#milepael-{self.pk}"

    # -- the status people see --

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        """Past its due date and not done: late whatever the recorded status says."""
        on = on or timezone.localdate()
        return self.status != MilestoneStatus.DONE and self.due_date < on

    def effective_status(self, on: datetime.date | None = None) -> str:
        if self.is_overdue(on):
            return MilestoneStatus.LATE
        return self.status

    def effective_status_label(self, on: datetime.date | None = None) -> str:
        return str(MilestoneStatus(self.effective_status(on)).label)

    def overrides_recorded_status(self, on: datetime.date | None = None) -> bool:
        return self.is_overdue(on) and self.status != MilestoneStatus.LATE

    def days_late(self, on: datetime.date | None = None) -> int:
        """Days past the due date: until done (done late) or until today (still open)."""
        on = on or timezone.localdate()
        end = self.done_at if self.status == MilestoneStatus.DONE else on
        if end is None:
            return 0
        return max(0, (end - self.due_date).days)

    def done_on_time(self) -> bool:
        return (
            self.status == MilestoneStatus.DONE
            and self.done_at is not None
            and self.done_at <= self.due_date
        )


class MilestoneDependency(TrackedModel):
    """``milestone`` cannot finish before ``depends_on`` (a row per edge, so edges have
    history)."""

    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.CASCADE,
        related_name="dependencies",
        verbose_name=_("milestone"),
    )
    depends_on = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="dependents", verbose_name=_("depends on")
    )

    permission_path = "milestone__plan__specialty"
    permission_map = PLAN_PERMISSIONS

    class Meta:
        verbose_name = _("milestone dependency")
        verbose_name_plural = _("milestone dependencies")
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "depends_on"], name="milestone_dependency_unique"
            ),
            models.CheckConstraint(
                condition=~Q(milestone=models.F("depends_on")),
                name="milestone_dependency_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone} → {self.depends_on}"


def creates_cycle(edges: dict[int, set[int]], milestone_id: int | None, new: set[int]) -> bool:
    """Would ``milestone_id`` depending on ``new`` close a cycle in the plan's ``edges``
    (milestone -> what it depends on)?"""
    if milestone_id is None:
        return False  # a new milestone has nothing depending on it yet
    if milestone_id in new:
        return True
    graph = {key: set(value) for key, value in edges.items()}
    graph[milestone_id] = set(new)
    seen: set[int] = set()
    stack = list(new)
    while stack:
        current = stack.pop()
        if current == milestone_id:
            return True
        if current in seen:
            continue
        seen.add(current)
        stack.extend(graph.get(current, ()))
    return False


# --- transition funds and centre support ---------------------------------------------------


def _positive(value):
    if value is not None and value <= 0:
        raise ValidationError(_("The amount must be greater than zero."), code="not_positive")


class Grant(TrackedModel):
    """Transition funds granted to a specialty (optionally for one milestone)."""

    specialty = models.ForeignKey(
        Specialty, on_delete=models.PROTECT, related_name="grants", verbose_name=_("specialty")
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("milestone"),
        help_text=_("Optional: the milestone the funds are for."),
    )
    amount = models.DecimalField(_("amount (DKK)"), validators=[_positive], **MONEY)
    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    pool = models.CharField(_("pool"), max_length=200, help_text=_("Where the money comes from."))
    note = models.TextField(_("note"), blank=True)

    permission_path = "specialty"
    permission_map = GRANT_PERMISSIONS

    class Meta:
        ordering = ["specialty", "-year", "pk"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.specialty} {self.year}: {formatting.money(self.amount)} ({self.pool})"

    def clean(self) -> None:
        super().clean()
        if (
            self.milestone_id
            and self.specialty_id
            and self.milestone.plan.specialty_id != self.specialty_id
        ):
            raise ValidationError({"milestone": _("The milestone belongs to another specialty.")})

    def spent(self) -> Decimal:
        if hasattr(self, "spent_total"):
            return self.spent_total or Decimal("0")
        return self.spendings.aggregate(total=Sum("amount"))["total"] or Decimal("0")

    def remaining(self) -> Decimal:
        return self.amount - self.spent()


class Spending(TrackedModel):
    grant = models.ForeignKey(
        Grant, on_delete=models.PROTECT, related_name="spendings", verbose_name=_("grant")
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    amount = models.DecimalField(_("amount (DKK)"), validators=[_positive], **MONEY)
    note = models.TextField(_("note"))
    overspend_reason = models.TextField(
        _("reason for spending beyond the grant"),
        blank=True,
        help_text=_("Only when the amount is more than what is left of the grant."),
    )

    permission_path = "grant__specialty"
    permission_map = SPENDING_PERMISSIONS

    class Meta:
        ordering = ["grant", "date", "pk"]
        verbose_name = _("spending")
        verbose_name_plural = _("spending records")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="spending_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{formatting.date(self.date)}: {formatting.money(self.amount)}"

    def clean(self) -> None:
        super().clean()
        if self.grant_id and self.amount is not None and self.amount > 0:
            others = (
                Spending.objects.filter(grant_id=self.grant_id)
                .exclude(pk=self.pk)
                .aggregate(total=Sum("amount"))["total"]
            ) or Decimal("0")
            remaining = self.grant.amount - others
            # Spending beyond the grant is allowed with a reason, and then flagged.
            if self.amount > remaining and not self.overspend_reason.strip():
                message = _(
                    "The grant has only %(remaining)s left; %(amount)s would overspend it. "
                    "To spend beyond the grant, give the reason."
                ) % {
                    "remaining": formatting.money(remaining),
                    "amount": formatting.money(self.amount),
                }
                raise ValidationError({"amount": ValidationError(message, code="overspent")})


class Centre(models.TextChoices):
    HR = "hr", _("HR")
    FINANCE = "finance", _("Finance")
    DIGITALISATION = "digitalisation", _("Digitalisation")


class CentreSupport(TrackedModel):
    """Support from one of the region's centres, through a concept owner."""

    specialty = models.ForeignKey(
        Specialty,
        on_delete=models.PROTECT,
        related_name="centre_support",
        verbose_name=_("specialty"),
    )
    concept_owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("concept owner")
    )
    centre = models.CharField(_("centre"), max_length=20, choices=Centre.choices)
    hours = models.DecimalField(
        _("hours"), max_digits=8, decimal_places=1, null=True, blank=True, validators=[_positive]
    )
    delivery = models.CharField(
        _("named delivery"),
        max_length=200,
        blank=True,
        help_text=_("For example a staffing analysis or a budget model."),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)

    permission_path = "specialty"
    permission_map = SUPPORT_PERMISSIONS

    class Meta:
        ordering = ["specialty", "-date", "pk"]
        verbose_name = _("centre support")
        verbose_name_plural = _("centre support")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__isnull=False) | ~Q(delivery=""),
                name="centre_support_hours_or_delivery",
                violation_error_message=_("Give the hours or name the delivery."),
            ),
            models.CheckConstraint(
                condition=Q(centre__in=[value for value, _label in Centre.choices]),
                name="centre_support_known_centre",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_centre_display()}: {self.delivery or self.hours}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        if self.concept_owner_id and not (
            RoleAssignment.objects.current()
            .filter(person_id=self.concept_owner_id, kind="concept_owner")
            .exists()
        ):
            errors.setdefault("concept_owner", []).append(
                _("%(person)s is not a concept owner.") % {"person": self.concept_owner}
            )
        if self.hours is None and not self.delivery.strip():
            errors.setdefault("__all__", []).append(_("Give the hours or name the delivery."))
        if errors:
            raise ValidationError(errors)
