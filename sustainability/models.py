"""Sustainability on three axes: the criteria catalogue, assessments, scores and the prism.

The miniguide looks at every specialty's situation and every solution through three
perspectives (faglig, personalemæssig, organisatorisk bæredygtighed) "as a prism". An
assessment scores each active criterion 1–5; ``sustainability.scoring`` turns scores into
axis scores, the attention flag and the trend.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bass import formatting
from bass.history import TrackedModel, TrackedQuerySet
from specialties.models import Specialty, StrengthPosition
from sustainability import scoring


class Axis(models.TextChoices):
    PROFESSIONAL = scoring.PROFESSIONAL, _("Professional sustainability")
    STAFF = scoring.STAFF, _("Staff sustainability")
    ORGANISATIONAL = scoring.ORGANISATIONAL, _("Organisational sustainability")


AXIS_VALUES = [value for value, _label in Axis.choices]

FINALISED_MESSAGE = _(
    "This assessment is finalised and can no longer be changed. Make a new assessment instead."
)


class Criterion(TrackedModel):
    """One criterion of the catalogue, scored 1–5 with a short text for each step.

    An optional quantitative indicator with four thresholds suggests a score: with
    ``higher_is_better`` a value at or above threshold k suggests score k + 1.
    """

    axis = models.CharField(_("axis"), max_length=20, choices=Axis.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    step_1 = models.CharField(_("score 1 means"), max_length=300)
    step_2 = models.CharField(_("score 2 means"), max_length=300)
    step_3 = models.CharField(_("score 3 means"), max_length=300)
    step_4 = models.CharField(_("score 4 means"), max_length=300)
    step_5 = models.CharField(_("score 5 means"), max_length=300)
    indicator_name = models.CharField(
        _("indicator"),
        max_length=200,
        blank=True,
        help_text=_("Optional quantitative indicator, e.g. vacancy rate."),
    )
    indicator_unit = models.CharField(_("unit of the indicator"), max_length=50, blank=True)
    higher_is_better = models.BooleanField(_("a higher indicator value is better"), default=True)
    threshold_2 = models.DecimalField(
        _("threshold for score 2"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    threshold_3 = models.DecimalField(
        _("threshold for score 3"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    threshold_4 = models.DecimalField(
        _("threshold for score 4"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    threshold_5 = models.DecimalField(
        _("threshold for score 5"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Only active criteria are scored in new assessments."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    readable_by_all_users = True

    class Meta:
        ordering = ["axis", "order", "name"]
        verbose_name = _("sustainability criterion")
        verbose_name_plural = _("sustainability criteria")
        constraints = [
            models.CheckConstraint(condition=Q(axis__in=AXIS_VALUES), name="criterion_known_axis"),
            models.UniqueConstraint(
                fields=["axis", "name"],
                name="criterion_unique_name_per_axis",
                violation_error_message=_("This axis already has a criterion with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("criterion_list") + f"#kriterium-{self.pk}"

    @property
    def steps(self) -> list[tuple[int, str]]:
        return [(n, getattr(self, f"step_{n}")) for n in range(1, 6)]

    @property
    def thresholds(self) -> list:
        return [self.threshold_2, self.threshold_3, self.threshold_4, self.threshold_5]

    @property
    def has_indicator(self) -> bool:
        return bool(self.indicator_name)

    @property
    def indicator_label(self) -> str:
        """The indicator with its unit once: "Vacancy rate (%)", and "Specialists per 10,000
        citizens" alone when the name already says the unit."""
        unit = self.indicator_unit.strip()
        if not unit or unit.casefold() in self.indicator_name.casefold():
            return self.indicator_name
        return f"{self.indicator_name} ({unit})"

    @property
    def thresholds_text(self) -> str:
        """The four thresholds for the active language: "1,5 / 2 / 2,5 / 3"."""
        return " / ".join(formatting.number(t) for t in self.thresholds)

    def suggest_score(self, value) -> int | None:
        return scoring.suggest_score(value, self.thresholds, self.higher_is_better)

    def clean(self):
        super().clean()
        given = [t for t in self.thresholds if t is not None]
        if given and not self.indicator_name:
            raise ValidationError(
                {"indicator_name": _("Thresholds need an indicator: name the indicator.")}
            )
        if given and len(given) != 4:
            raise ValidationError(
                _("Give all four thresholds or none of them."), code="thresholds_incomplete"
            )
        if len(given) == 4:
            ordered = sorted(given) if self.higher_is_better else sorted(given, reverse=True)
            if given != ordered:
                raise ValidationError(
                    _(
                        "The thresholds must rise from score 2 to score 5 when a higher value "
                        "is better, and fall when a lower value is better."
                    ),
                    code="thresholds_order",
                )


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINALISED = "finalised", _("Finalised")


_ASSESSMENT_PERMISSIONS = {
    "view": "specialties.view_specialty",
    "add": "specialties.manage_assessment",
    "change": "specialties.manage_assessment",
    "delete": "specialties.manage_assessment",
}


class AssessmentQuerySet(TrackedQuerySet):
    def finalised(self):
        return self.filter(status=AssessmentStatus.FINALISED)

    def newest_first(self):
        return self.order_by("-date", "-finalised_at", "-pk")


class Assessment(TrackedModel):
    """A dated assessment of a specialty (optionally of one of its strength positions).

    Draft until finalised; a finalised assessment is read-only (a change means a new one).
    """

    specialty = models.ForeignKey(
        Specialty,
        on_delete=models.CASCADE,
        related_name="sustainability_assessments",
        verbose_name=_("specialty"),
    )
    strength_position = models.ForeignKey(
        StrengthPosition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sustainability_assessments",
        verbose_name=_("strength position"),
        help_text=_("Leave empty to assess the specialty as a whole."),
    )
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
        editable=False,
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("The conclusion of the assessment in a few lines.")
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
        editable=False,
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True, editable=False)
    is_example = models.BooleanField(
        _("example data"),
        default=False,
        help_text=_("Invented for the demo; shown as example data."),
    )

    permission_path = "specialty"
    permission_map = _ASSESSMENT_PERMISSIONS

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["specialty", "-date", "-pk"]
        verbose_name = _("sustainability assessment")
        verbose_name_plural = _("sustainability assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[v for v, _l in AssessmentStatus.choices]),
                name="assessment_known_status",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=AssessmentStatus.DRAFT, finalised_at__isnull=True)
                    | Q(status=AssessmentStatus.FINALISED, finalised_at__isnull=False)
                ),
                name="assessment_finalised_has_time",
            ),
        ]

    def __str__(self) -> str:
        what = self.strength_position.hospital.short_name if self.strength_position else ""
        date = formatting.date(self.date) if self.date else ""
        return f"{self.specialty} {what} {date}".replace("  ", " ").strip()

    def get_absolute_url(self) -> str:
        return reverse("assessment_detail", args=[self.pk])

    @property
    def is_finalised(self) -> bool:
        return self.status == AssessmentStatus.FINALISED

    def _stored_status(self) -> str | None:
        if self.pk is None or self._state.adding:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def clean(self):
        super().clean()
        if self._stored_status() == AssessmentStatus.FINALISED:
            raise ValidationError(FINALISED_MESSAGE, code="finalised")
        if (
            self.strength_position_id
            and self.specialty_id
            and self.strength_position.specialty_id != self.specialty_id
        ):
            raise ValidationError(
                {
                    "strength_position": _(
                        "The strength position belongs to another specialty. Choose one of "
                        "this specialty's strength positions."
                    )
                }
            )

    def save(self, *args, **kwargs):
        # Views refuse first; this guard also stops the admin, restores and scripts.
        if self._stored_status() == AssessmentStatus.FINALISED:
            raise ValidationError(FINALISED_MESSAGE, code="finalised")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_status() == AssessmentStatus.FINALISED:
            raise ValidationError(FINALISED_MESSAGE, code="finalised")
        return super().delete(*args, **kwargs)


class Score(TrackedModel):
    """One criterion's score in one assessment. A draft may hold evidence before a score."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("assessment")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_copied = models.BooleanField(
        _("evidence from the previous assessment"),
        default=False,
        editable=False,
        help_text=_("The evidence was copied from the previous assessment and not edited since."),
    )
    indicator_value = models.DecimalField(
        _("indicator value"), max_digits=12, decimal_places=3, null=True, blank=True
    )

    permission_path = "assessment__specialty"
    permission_map = _ASSESSMENT_PERMISSIONS

    class Meta:
        ordering = ["assessment", "criterion__axis", "criterion__order"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="score_between_1_and_5",
                violation_error_message=_("A score is a whole number from 1 to 5."),
            ),
            models.UniqueConstraint(
                fields=["assessment", "criterion"],
                name="score_unique_per_assessment_criterion",
                violation_error_message=_("This criterion is already scored in the assessment."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score if self.score is not None else '–'}"

    def get_absolute_url(self) -> str:
        return self.assessment.get_absolute_url()

    def _assessment_finalised(self) -> bool:
        return Assessment.objects.filter(
            pk=self.assessment_id, status=AssessmentStatus.FINALISED
        ).exists()

    def clean(self):
        super().clean()
        if self.assessment_id and self._assessment_finalised():
            raise ValidationError(FINALISED_MESSAGE, code="finalised")

    def save(self, *args, **kwargs):
        if self._assessment_finalised():
            raise ValidationError(FINALISED_MESSAGE, code="finalised")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._assessment_finalised():
            raise ValidationError(FINALISED_MESSAGE, code="finalised")
        return super().delete(*args, **kwargs)


EFFECT_CHOICES = [
    (-2, _("−2 weakens clearly")),
    (-1, _("−1 weakens somewhat")),
    (0, _("0 no effect")),
    (1, _("+1 strengthens somewhat")),
    (2, _("+2 strengthens clearly")),
]

_PRISM_PERMISSIONS = {
    "view": "specialties.view_specialty",
    "add": "specialties.contribute_improvement",
    "change": "specialties.contribute_improvement",
    "delete": "specialties.contribute_improvement",
}

#: The kinds of work that can be seen through the prism ("app_label.model_name"), each with
#: the action a user needs on the work itself to rate it: whoever may edit the work may rate
#: it. Named by label so this app imports none of the apps the work lives in.
PRISM_TARGETS = {
    "improvement.drivernode": "change",
    "improvement.improvementproject": "change",
    "improvement.pdsacycle": "contribute",
    "plans.milestone": "change",
    "clusters.initiative": "change",
}


def _effect_field(label):
    return models.SmallIntegerField(
        label,
        choices=EFFECT_CHOICES,
        null=True,
        blank=True,
        help_text=_("Empty: the axis has not been considered yet."),
    )


def _reason_field(label):
    return models.CharField(label, max_length=200, blank=True)


class PrismRatingQuerySet(TrackedQuerySet):
    def blind_spots(self):
        """Ratings with an axis not considered or expected to worsen."""
        condition = Q()
        for axis in AXIS_VALUES:
            condition |= Q(**{f"{axis}_effect__isnull": True}) | Q(**{f"{axis}_effect__lt": 0})
        return self.filter(condition)


class PrismRating(TrackedModel):
    """Work seen through the prism: its expected effect on each axis (−2 … +2, empty when the
    axis has not been considered), each with a one-line reason.

    The work is any object of ``PRISM_TARGETS`` (a change idea, an improvement project, a PDSA
    cycle, a milestone, a cluster initiative) through ``content_type``/``object_id``, or a
    free-standing proposal with a title. ``specialty`` is the specialty the work belongs to
    (none for a cluster's work); it governs who sees the rating in lists. Who may rate work
    is decided on the work itself (``PRISM_TARGETS``).
    """

    specialty = models.ForeignKey(
        Specialty,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="prism_ratings",
        verbose_name=_("specialty"),
    )
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("type of initiative"),
    )
    object_id = models.PositiveBigIntegerField(_("initiative id"), null=True, blank=True)
    initiative = GenericForeignKey("content_type", "object_id")
    title = models.CharField(
        _("proposal"),
        max_length=300,
        blank=True,
        help_text=_("A free-standing proposal: a short title of the initiative."),
    )
    professional_effect = _effect_field(_("effect on professional sustainability"))
    professional_reason = _reason_field(_("why (professional sustainability)"))
    staff_effect = _effect_field(_("effect on staff sustainability"))
    staff_reason = _reason_field(_("why (staff sustainability)"))
    organisational_effect = _effect_field(_("effect on organisational sustainability"))
    organisational_reason = _reason_field(_("why (organisational sustainability)"))
    note = models.TextField(_("note"), blank=True)
    is_example = models.BooleanField(
        _("example data"),
        default=False,
        help_text=_("Invented for the demo; shown as example data."),
    )

    permission_path = "specialty"
    permission_map = _PRISM_PERMISSIONS

    objects = PrismRatingQuerySet.as_manager()

    class Meta:
        ordering = ["specialty", "-pk"]
        verbose_name = _("prism rating")
        verbose_name_plural = _("prism ratings")
        constraints = [
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{axis}_effect__isnull": True})
                    | Q(**{f"{axis}_effect__gte": -2, f"{axis}_effect__lte": 2}),
                    name=f"prism_{axis}_effect_between_minus_2_and_2",
                    violation_error_message=_("An effect is a whole number from −2 to +2."),
                )
                for axis in AXIS_VALUES
            ],
            models.CheckConstraint(
                condition=(
                    Q(content_type__isnull=True, object_id__isnull=True)
                    | Q(content_type__isnull=False, object_id__isnull=False)
                ),
                name="prism_initiative_complete",
            ),
            models.CheckConstraint(
                condition=Q(content_type__isnull=False) | ~Q(title=""),
                name="prism_initiative_or_title",
                violation_error_message=_("Give the proposal a title."),
            ),
            models.CheckConstraint(
                condition=Q(content_type__isnull=False) | Q(specialty__isnull=False),
                name="prism_proposal_has_specialty",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(content_type__isnull=False),
                name="prism_one_rating_per_initiative",
                violation_error_message=_("This work is already rated."),
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        target = self.initiative
        return str(target) if target is not None else "–"

    def get_absolute_url(self) -> str:
        if self.specialty_id:
            return reverse("specialty_sustainability", args=[self.specialty.slug]) + "#prisme"
        target = self.initiative
        return target.get_absolute_url() if target is not None else reverse("home")

    def effects(self) -> dict[str, int | None]:
        return {axis: getattr(self, f"{axis}_effect") for axis in AXIS_VALUES}

    def axis_rows(self) -> list[dict]:
        """Per axis: label, effect (None: not considered), its text and the reason."""
        rows = []
        for axis, label in Axis.choices:
            effect = getattr(self, f"{axis}_effect")
            rows.append(
                {
                    "axis": axis,
                    "label": label,
                    "effect": effect,
                    "signed": effect_text(effect),
                    "reason": getattr(self, f"{axis}_reason"),
                    "blind": effect is None or effect < 0,
                }
            )
        return rows

    @property
    def weakens(self) -> bool:
        return any(value is not None and value < 0 for value in self.effects().values())

    @property
    def unconsidered(self) -> list[str]:
        return [axis for axis, value in self.effects().items() if value is None]

    @property
    def is_blind_spot(self) -> bool:
        return self.weakens or bool(self.unconsidered)


def effect_text(effect: int | None) -> str:
    """An effect as "+1", "0", "−2" (a true minus sign), or "not considered"."""
    if effect is None:
        return str(_("not considered"))
    if effect > 0:
        return f"+{effect}"
    if effect < 0:
        return f"\u2212{-effect}"
    return "0"
