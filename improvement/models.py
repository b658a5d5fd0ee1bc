"""Improvement work: projects, driver diagrams, PDSA cycles, measures and data points.

A project belongs to a specialty or to a health-cluster initiative, and every model is
governed by that owner. In a specialty the implementation lead manages
(``manage_improvement``), the core team and the specialty owner contribute cycles and data
(``contribute_improvement``), whoever may see the specialty reads. In a cluster the forum
that proposed the initiative governs: its chair and secretary manage, its members
contribute, everyone in the forum reads (roles/kinds.py).
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from bass import formatting
from bass.history import TrackedModel, TrackedQuerySet
from clusters.models import Initiative
from roles.models import Person
from specialties.models import Specialty, StrengthPosition

IMPROVEMENT_PERMISSIONS = {
    "view": "specialties.view_specialty",
    "add": "specialties.manage_improvement",
    "change": "specialties.manage_improvement",
    "delete": "specialties.manage_improvement",
    "contribute": "specialties.contribute_improvement",
}
#: The same actions when a cluster initiative owns the project: its proposing forum governs.
CLUSTER_IMPROVEMENT_PERMISSIONS = {
    "view": "clusters.view_forum",
    "add": "clusters.manage_improvement",
    "change": "clusters.manage_improvement",
    "delete": "clusters.manage_improvement",
    "contribute": "clusters.contribute_improvement",
}

#: A frozen baseline of fewer points says too little to judge later points against.
MIN_BASELINE_POINTS = 8

#: Data before this year is almost certainly a typing error (e.g. "26" for 2026).
EARLIEST_PERIOD = datetime.date(2000, 1, 1)


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class ProgressScore(models.TextChoices):
    """The IHI / Life QI progress scale, set by the project's team with a reason."""

    PREPARATION = "0.5", _("0.5 Preparation: intention to take part")
    CHARTER = "1.0", _("1.0 Project charter and team in place")
    PLANNING = "1.5", _("1.5 Planning under way")
    ACTIVITY = "2.0", _("2.0 Activity, but no changes yet")
    TESTED = "2.5", _("2.5 Changes tested, no improvement yet")
    MODEST = "3.0", _("3.0 Modest improvement")
    IMPROVEMENT = "3.5", _("3.5 Improvement")
    SIGNIFICANT = "4.0", _("4.0 Significant improvement")
    SUSTAINED = "4.5", _("4.5 Sustained improvement")
    OUTSTANDING = "5.0", _("5.0 Outstanding, sustained results")


#: What a team shares with the programme is read by everyone who takes part in it
#: (roles/permissions.py, ``permission_shared``).
SHARED = {"shared_with_programme": True}


def _shared_field():
    return models.BooleanField(
        _("shared with the programme"),
        default=False,
        help_text=_("Everyone who takes part in the programme can find it in the library."),
    )


def _origin_field():
    return models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reuses",
        verbose_name=_("copied from"),
    )


class ImprovementProject(TrackedModel):
    """An improvement effort owned by a specialty (optionally one of its strength positions)
    or by a health-cluster initiative; exactly one of the two."""

    specialty = models.ForeignKey(
        Specialty,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="improvement_projects",
        verbose_name=_("specialty"),
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="improvement_projects",
        verbose_name=_("cluster initiative"),
    )
    strength_position = models.ForeignKey(
        StrengthPosition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="improvement_projects",
        verbose_name=_("strength position"),
        help_text=_("Optional: the strength position the project belongs to."),
    )
    title = models.CharField(_("title"), max_length=200)
    aim_what = models.TextField(_("aim: what will be improved"))
    aim_how_much = models.CharField(_("aim: how much"), max_length=200)
    aim_by_when = models.DateField(_("aim: by when"))
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    progress_score = models.CharField(
        _("progress"), max_length=3, choices=ProgressScore.choices, blank=True
    )
    progress_reason = models.CharField(_("why this score"), max_length=300, blank=True)
    shared_with_programme = _shared_field()

    permission_path = "specialty"
    permission_map = IMPROVEMENT_PERMISSIONS
    permission_alternatives = (("initiative__proposed_by", CLUSTER_IMPROVEMENT_PERMISSIONS),)
    permission_shared = SHARED

    class Meta:
        ordering = ["specialty", "initiative", "title"]
        verbose_name = _("improvement project")
        verbose_name_plural = _("improvement projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[value for value, _label in ProjectStatus.choices]),
                name="improvement_project_known_status",
            ),
            models.CheckConstraint(
                condition=models.Q(specialty__isnull=False, initiative__isnull=True)
                | models.Q(specialty__isnull=True, initiative__isnull=False),
                name="improvement_project_one_owner",
                violation_error_message=_(
                    "A project belongs to either a specialty or a cluster initiative."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(strength_position__isnull=True)
                | models.Q(specialty__isnull=False),
                name="improvement_project_position_needs_specialty",
            ),
            models.CheckConstraint(
                condition=models.Q(progress_score__in=["", *ProgressScore.values]),
                name="improvement_project_known_progress",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self) -> Specialty | Initiative:
        """The specialty or cluster initiative the project belongs to."""
        return self.specialty or self.initiative

    def owner_name(self) -> str:
        if self.specialty_id:
            return self.specialty.name
        return _("%(initiative)s (cluster initiative)") % {"initiative": self.initiative.title}

    def owner_projects_url(self) -> str:
        """The page that lists the owner's projects: the specialty's, or the initiative."""
        if self.specialty_id:
            return reverse("improvement_specialty_projects", args=[self.specialty.slug])
        return self.initiative.get_absolute_url()

    @property
    def team_object(self):
        """The object whose role holders form the project's team: the specialty, or the
        forum that proposed the initiative."""
        return self.specialty if self.specialty_id else self.initiative.proposed_by

    def clean(self) -> None:
        super().clean()
        if self.strength_position_id and not self.specialty_id:
            raise ValidationError(
                {
                    "strength_position": _(
                        "Only a specialty's project can belong to a strength position."
                    )
                }
            )
        if (
            self.strength_position_id
            and self.specialty_id
            and self.strength_position.specialty_id != self.specialty_id
        ):
            raise ValidationError(
                {
                    "strength_position": _(
                        "The strength position must belong to the project's specialty."
                    )
                }
            )

    def get_absolute_url(self) -> str:
        return reverse("improvement_project_detail", args=[self.pk])


class NodeKind(models.TextChoices):
    PRIMARY = "primary", _("Primary driver")
    SECONDARY = "secondary", _("Secondary driver")
    CHANGE_IDEA = "change_idea", _("Change idea")


#: Which kind of node may hang under which: primary drivers sit directly under the aim,
#: secondary drivers under a primary driver, change ideas under either kind of driver.
ALLOWED_PARENT_KINDS = {
    NodeKind.PRIMARY: {""},
    NodeKind.SECONDARY: {NodeKind.PRIMARY},
    NodeKind.CHANGE_IDEA: {NodeKind.PRIMARY, NodeKind.SECONDARY},
}

#: Why a box cannot go where it was asked to, per kind: shown in the forms.
PLACEMENT_RULES = {
    NodeKind.PRIMARY: _("A primary driver sits directly under the aim."),
    NodeKind.SECONDARY: _("A secondary driver belongs under a primary driver."),
    NodeKind.CHANGE_IDEA: _("A change idea belongs under a driver (primary or secondary)."),
}


class DriverNode(TrackedModel):
    """One box of a driver diagram. The aim is the project's own aim.

    ``parent_kind`` copies the parent's kind so that the database itself refuses a tree of
    the wrong shape (a check constraint cannot look at another row). A node's kind never
    changes after creation, so the copy cannot go stale.
    """

    project = models.ForeignKey(
        ImprovementProject,
        on_delete=models.CASCADE,
        related_name="driver_nodes",
        verbose_name=_("improvement project"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("under"),
    )
    parent_kind = models.CharField(max_length=20, blank=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=NodeKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.CharField(
        _("short description"),
        max_length=300,
        blank=True,
        help_text=_("One or two lines shown in the box."),
    )
    owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="driver_nodes",
        verbose_name=_("owner"),
        help_text=_("A person on the project's team."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    shared_with_programme = _shared_field()
    origin = _origin_field()

    permission_path = "project"  # governed by the project's owner
    permission_shared = SHARED

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("driver diagram node")
        verbose_name_plural = _("driver diagram nodes")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind=NodeKind.PRIMARY, parent__isnull=True, parent_kind="")
                    | models.Q(
                        kind=NodeKind.SECONDARY,
                        parent__isnull=False,
                        parent_kind=NodeKind.PRIMARY,
                    )
                    | models.Q(
                        kind=NodeKind.CHANGE_IDEA,
                        parent__isnull=False,
                        parent_kind__in=[NodeKind.PRIMARY, NodeKind.SECONDARY],
                    )
                ),
                name="driver_node_kind_fits_parent",
                violation_error_message=_("This kind of box cannot be placed there."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.parent_kind = self.parent.kind if self.parent_id else ""
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        parent_kind = self.parent_kind = self.parent.kind if self.parent_id else ""
        if self.kind and parent_kind not in ALLOWED_PARENT_KINDS.get(self.kind, set()):
            raise ValidationError({"parent": PLACEMENT_RULES[NodeKind(self.kind)]})
        if self.parent_id and self.parent.project_id != self.project_id:
            raise ValidationError({"parent": _("The box must belong to the same project.")})
        if self.shared_with_programme and self.kind != NodeKind.CHANGE_IDEA:
            raise ValidationError(
                _("Only a change idea can be shared with the programme, not a driver.")
            )

    def get_absolute_url(self) -> str:
        # The project's page shows the diagram to everyone who may see the project; the
        # diagram's editing page is for those who may change it (a discussion's "back to"
        # link, the history and the notifications reach readers too).
        return reverse("improvement_project_detail", args=[self.project_id]) + f"#node-{self.pk}"


class NodeMeasure(TrackedModel):
    """A measure that a box of the driver diagram concerns (both of the same project)."""

    node = models.ForeignKey(
        DriverNode, on_delete=models.CASCADE, related_name="measure_links", verbose_name=_("box")
    )
    measure = models.ForeignKey(
        "Measure", on_delete=models.CASCADE, related_name="node_links", verbose_name=_("measure")
    )

    permission_path = "node__project"  # governed by the project's owner

    class Meta:
        ordering = ["node", "measure__name"]
        verbose_name = _("measure of a box")
        verbose_name_plural = _("measures of boxes")
        constraints = [
            models.UniqueConstraint(
                fields=["node", "measure"],
                name="node_measure_unique",
                violation_error_message=_("The box already concerns this measure."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.node}: {self.measure}"

    def clean(self) -> None:
        super().clean()
        if self.node_id and self.measure_id and self.node.project_id != self.measure.project_id:
            raise ValidationError(_("The measure must belong to the box's project."))

    def get_absolute_url(self) -> str:
        return self.node.get_absolute_url()


class ActDecision(models.TextChoices):
    ADOPT = "adopt", _("Adopt")
    ADAPT = "adapt", _("Adapt")
    ABANDON = "abandon", _("Abandon")


class CycleStatus(models.TextChoices):
    PLAN = "plan", _("Plan")
    DO = "do", _("Do")
    STUDY = "study", _("Study")
    DONE = "done", _("Completed (Act)")


class PDSACycleQuerySet(TrackedQuerySet):
    def without_study(self):
        return self.filter(study_results="", study_learning="")

    def overdue(self, on: datetime.date | None = None):
        """Cycles whose planned end has passed without a Study."""
        on = on or timezone.localdate()
        return self.without_study().filter(planned_end__lt=on)


class PDSACycle(TrackedModel):
    change_idea = models.ForeignKey(
        DriverNode,
        on_delete=models.CASCADE,
        related_name="cycles",
        verbose_name=_("change idea"),
        limit_choices_to={"kind": NodeKind.CHANGE_IDEA},
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_cycles",
        verbose_name=_("previous cycle"),
    )
    title = models.CharField(_("title"), max_length=200)
    # Plan
    objective = models.TextField(_("objective"))
    questions = models.TextField(_("questions"), blank=True)
    predictions = models.TextField(_("predictions"), blank=True)
    plan_who = models.TextField(_("who"), blank=True)
    plan_what = models.TextField(_("what"), blank=True)
    plan_when = models.TextField(_("when"), blank=True)
    plan_where = models.TextField(_("where"), blank=True)
    data_plan = models.TextField(_("data collection plan"), blank=True)
    # Do
    do_what_happened = models.TextField(_("what happened"), blank=True)
    do_observations = models.TextField(_("observations"), blank=True)
    do_problems = models.TextField(_("problems and surprises"), blank=True)
    # Study
    study_results = models.TextField(_("results compared with the predictions"), blank=True)
    study_learning = models.TextField(_("what we learned"), blank=True)
    # Act
    act_decision = models.CharField(
        _("decision"), max_length=10, choices=ActDecision.choices, blank=True
    )
    act_next_step = models.TextField(_("next step"), blank=True)
    # Dates
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    shared_with_programme = _shared_field()
    origin = _origin_field()

    objects = PDSACycleQuerySet.as_manager()

    permission_path = "change_idea__project"  # governed by the project's owner
    permission_shared = SHARED

    class Meta:
        ordering = ["planned_start", "pk"]
        verbose_name = _("PDSA cycle")
        verbose_name_plural = _("PDSA cycles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start")),
                name="pdsa_planned_end_after_start",
                violation_error_message=_("The planned end cannot be before the planned start."),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    act_decision__in=["", *[value for value, _label in ActDecision.choices]]
                ),
                name="pdsa_known_act_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.change_idea_id and self.change_idea.kind != NodeKind.CHANGE_IDEA:
            errors[NON_FIELD_ERRORS] = _("A PDSA cycle tests a change idea.")
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("The planned end cannot be before the planned start.")
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = _("The actual end cannot be before the actual start.")
        if self.act_decision and not self.has_study:
            errors["act_decision"] = _("Fill in Study before deciding to adopt, adapt or abandon.")
        if self.shared_with_programme and not self.act_decision:
            errors[NON_FIELD_ERRORS] = _(
                "Only a finished cycle (with a decision in Act) can be shared with the programme."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def has_do(self) -> bool:
        return bool(self.do_what_happened or self.do_observations or self.do_problems)

    @property
    def has_study(self) -> bool:
        return bool(self.study_results or self.study_learning)

    @property
    def status(self) -> str:
        """The phase the cycle has reached, from what has been filled in."""
        if self.act_decision:
            return CycleStatus.DONE
        if self.has_study:
            return CycleStatus.STUDY
        if self.has_do:
            return CycleStatus.DO
        return CycleStatus.PLAN

    def get_status_display(self) -> str:
        return CycleStatus(self.status).label

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return not self.has_study and self.planned_end < on

    def get_absolute_url(self) -> str:
        return reverse("improvement_pdsa_detail", args=[self.pk])


class CycleMeasure(TrackedModel):
    """A measure a PDSA cycle aims to move, with the value the team predicts it will reach
    (Plan); Study puts the measured result beside it, and the measure's chart marks only
    the cycles linked to it. Both belong to the same project."""

    cycle = models.ForeignKey(
        PDSACycle,
        on_delete=models.CASCADE,
        related_name="measure_links",
        verbose_name=_("PDSA cycle"),
    )
    measure = models.ForeignKey(
        "Measure",
        on_delete=models.CASCADE,
        related_name="cycle_links",
        verbose_name=_("measure"),
    )
    predicted_value = models.DecimalField(
        _("predicted value"),
        max_digits=14,
        decimal_places=4,
        help_text=_("The value the measure is expected to reach during the cycle."),
    )

    permission_path = "cycle__change_idea__project"  # governed by the project's owner

    class Meta:
        ordering = ["cycle", "measure__name"]
        verbose_name = _("measure of a PDSA cycle")
        verbose_name_plural = _("measures of PDSA cycles")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "measure"],
                name="cycle_measure_unique",
                violation_error_message=_("The cycle already names this measure."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.measure}"

    def clean(self) -> None:
        super().clean()
        if (
            self.cycle_id
            and self.measure_id
            and self.cycle.change_idea.project_id != self.measure.project_id
        ):
            raise ValidationError(
                {"measure": _("The measure must belong to the cycle's improvement project.")}
            )

    def get_absolute_url(self) -> str:
        return self.cycle.get_absolute_url()


class MeasureKind(models.TextChoices):
    OUTCOME = "outcome", _("Outcome measure")
    PROCESS = "process", _("Process measure")
    BALANCING = "balancing", _("Balancing measure")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")
    NONE = "none", _("Neither: no direction is better")


class RuleSet(models.TextChoices):
    ANHOEJ = "anhoej", _("Anhøj rules")
    MDC = "mdc", _("NHS Making Data Count rules")


class Frequency(models.TextChoices):
    WEEK = "week", _("Weekly")
    MONTH = "month", _("Monthly")


class ChartType(models.TextChoices):
    RUN = "run", _("Run chart")
    I = "i", _("I chart (XmR)")  # noqa: E741 - the chart's established name
    P = "p", _("P chart (proportions)")
    U = "u", _("U chart (rates)")
    C = "c", _("C chart (counts)")


#: Chart types whose data points are a numerator over a denominator.
RATIO_CHARTS = {ChartType.P, ChartType.U}


class Measure(TrackedModel):
    project = models.ForeignKey(
        ImprovementProject,
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name=_("improvement project"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of measure"), max_length=20, choices=MeasureKind.choices)
    operational_definition = models.TextField(
        _("operational definition"),
        help_text=_("Exactly what is counted, from which source, and how."),
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    direction = models.CharField(
        _("direction of improvement"), max_length=10, choices=Direction.choices
    )
    target = models.FloatField(
        _("target"),
        null=True,
        blank=True,
        help_text=_("Optional. For a P chart give the target in percent."),
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTH
    )
    chart_type = models.CharField(
        _("chart type"), max_length=10, choices=ChartType.choices, default=ChartType.RUN
    )
    rule_set = models.CharField(
        _("rules for signals"),
        max_length=10,
        choices=RuleSet.choices,
        default=RuleSet.ANHOEJ,
        help_text=_(
            "Run charts are always read with the Anhøj rules. A control chart may instead be "
            "read with the NHS Making Data Count rules: a point beyond the limits, 7 points in "
            "a row on one side of the centre line, 7 points in a row rising or falling, or 2 of "
            "3 points beyond two sigma."
        ),
    )
    baseline_points = models.PositiveSmallIntegerField(
        _("freeze the baseline after"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_BASELINE_POINTS), MaxValueValidator(1000)],
        # format_lazy: the text is translated when shown, not when this module is imported.
        help_text=format_lazy(
            _(
                "Optional: the number of data points (at least {min}) from which the centre "
                "line and limits are calculated; later points are judged against that frozen "
                "baseline. Empty: every point counts."
            ),
            min=MIN_BASELINE_POINTS,
        ),
    )

    permission_path = "project"  # governed by the project's owner

    class Meta:
        ordering = ["project", "name"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.name

    @property
    def uses_ratio(self) -> bool:
        return self.chart_type in RATIO_CHARTS

    @property
    def rules(self) -> str:
        """The rule set the chart is read with: a run chart has no limits, so Anhøj."""
        return RuleSet.ANHOEJ if self.chart_type == ChartType.RUN else self.rule_set

    @property
    def is_percentage(self) -> bool:
        """A P chart, or a value measure whose unit is percent: values belong in 0-100."""
        return self.chart_type == ChartType.P or self.unit.strip() in ("%", "pct", "procent")

    def normalise_period(self, day: datetime.date) -> datetime.date:
        """The first day of the week (Monday) or month that ``day`` falls in."""
        if self.frequency == Frequency.WEEK:
            return day - datetime.timedelta(days=day.weekday())
        return day.replace(day=1)

    def get_absolute_url(self) -> str:
        return reverse("improvement_measure_detail", args=[self.pk])


class DataPoint(TrackedModel):
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="data_points", verbose_name=_("measure")
    )
    period = models.DateField(_("period"))
    value = models.FloatField(_("value"), null=True, blank=True)
    numerator = models.FloatField(_("numerator"), null=True, blank=True)
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    permission_path = "measure__project"  # governed by the project's owner
    # The change feed names a point by its period and measure (programme/dashboard.py):
    # "datapunkt jan. 2025 i Genindlæggelser inden for 30 dage".
    feed_parent = "measure"

    @staticmethod
    def feed_detail(record) -> str:
        return date_format(record.period, "N Y") if record.period else ""

    class Meta:
        ordering = ["measure", "period"]
        verbose_name = _("data point")
        verbose_name_plural = _("data points")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period"],
                name="data_point_unique_period",
                violation_error_message=_("This measure already has a value for this period."),
            ),
            models.CheckConstraint(
                condition=models.Q(denominator__isnull=True) | models.Q(denominator__gt=0),
                name="data_point_positive_denominator",
            ),
            models.CheckConstraint(
                condition=models.Q(numerator__isnull=True) | models.Q(numerator__gte=0),
                name="data_point_nonnegative_numerator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.period}"

    def validate_for(self, measure: Measure) -> dict[str, str]:
        """Errors (field -> message) of this point for ``measure``'s chart type and dates."""
        errors = {}
        today = timezone.localdate()
        if self.period is not None:
            if self.period < EARLIEST_PERIOD:
                errors["period"] = _("The period cannot be before the year 2000.")
            elif self.period > today:
                errors["period"] = _("The period cannot be in the future.")
        if measure.uses_ratio:
            if self.value is not None:
                errors["value"] = _(
                    "This chart type uses numerator and denominator; leave the value empty."
                )
            if self.numerator is None:
                errors["numerator"] = _("Enter a numerator.")
            elif self.numerator < 0:
                errors["numerator"] = _("The numerator cannot be negative.")
            if self.denominator is None:
                errors["denominator"] = _("Enter a denominator.")
            elif self.denominator <= 0:
                errors["denominator"] = _("The denominator must be greater than zero.")
            if (
                measure.chart_type == ChartType.P
                and "numerator" not in errors
                and "denominator" not in errors
                and self.numerator > self.denominator
            ):
                errors["numerator"] = _(
                    "The numerator cannot be larger than the denominator in a P chart."
                )
        else:
            if self.numerator is not None or self.denominator is not None:
                errors["value"] = _(
                    "This chart type uses a single value; leave numerator and denominator empty."
                )
            if self.value is None:
                errors["value"] = _("Enter a value.")
            elif measure.chart_type == ChartType.C and (
                self.value < 0 or self.value != int(self.value)
            ):
                errors["value"] = _("A count must be a whole number of zero or more.")
        return errors

    @property
    def plotted(self) -> float | None:
        """The number the chart shows: the value, or numerator/denominator."""
        if self.measure.uses_ratio:
            if self.numerator is None or not self.denominator:
                return None
            return self.numerator / self.denominator
        return self.value


class MeasurePhase(TrackedModel):
    """A change date that splits a measure's chart into phases, each with its own centre line
    and limits (e.g. "new triage introduced")."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="phases", verbose_name=_("measure")
    )
    starts_on = models.DateField(
        _("new phase from"),
        help_text=_("The first period that belongs to the new phase."),
    )
    title = models.CharField(
        _("what changed"), max_length=200, help_text=_('Shown on the chart, e.g. "new triage".')
    )

    permission_path = "measure__project"  # governed by the project's owner

    class Meta:
        ordering = ["measure", "starts_on"]
        verbose_name = _("chart phase")
        verbose_name_plural = _("chart phases")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "starts_on"],
                name="measure_phase_unique_start",
                violation_error_message=_("The measure already has a phase from this date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({formatting.date(self.starts_on)})"

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.starts_on < EARLIEST_PERIOD:
            raise ValidationError({"starts_on": _("The date must be in the year 2000 or later.")})

    def get_absolute_url(self) -> str:
        return self.measure.get_absolute_url()
