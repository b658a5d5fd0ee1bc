from django import forms
from django.utils.translation import gettext_lazy as _

from bass.forms import Form, OnceTokenMixin, TrackedModelForm
from sustainability.models import EFFECT_CHOICES, Assessment, Criterion, PrismRating

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CriterionForm(OnceTokenMixin, TrackedModelForm):
    class Meta:
        model = Criterion
        fields = [
            "axis",
            "name",
            "description",
            "step_1",
            "step_2",
            "step_3",
            "step_4",
            "step_5",
            "indicator_name",
            "indicator_unit",
            "higher_is_better",
            "threshold_2",
            "threshold_3",
            "threshold_4",
            "threshold_5",
            "is_active",
            "order",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        localized_fields = ["threshold_2", "threshold_3", "threshold_4", "threshold_5"]


class AssessmentForm(TrackedModelForm):
    """Date, optional strength position and summary. Only the specialty's own strength
    positions can be chosen; another specialty's is refused as an invalid choice."""

    class Meta:
        model = Assessment
        fields = ["date", "strength_position", "summary"]
        widgets = {"date": DATE_WIDGET, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, specialty, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.specialty = specialty
        field = self.fields["strength_position"]
        field.queryset = specialty.strength_positions.select_related("hospital")
        field.label_from_instance = lambda p: p.hospital.name
        field.empty_label = _("The specialty as a whole")
        field.error_messages["invalid_choice"] = _(
            "Choose one of this specialty's strength positions."
        )


class NewAssessmentForm(OnceTokenMixin, AssessmentForm):
    copy_evidence = forms.BooleanField(
        label=_("Start from the evidence and indicator values of the previous assessment"),
        required=False,
        initial=True,
        help_text=_("Scores are not copied: every criterion is scored anew."),
    )

    def __init__(self, *args, has_previous: bool, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["change_reason"]
        if not has_previous:
            del self.fields["copy_evidence"]


SCORE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


class ScoreSheetForm(Form):
    """All criteria of one assessment on one page: score 1–5, evidence, indicator value.

    ``criteria`` are the criteria in scope; ``scores`` maps criterion id -> Score.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, assessment, criteria, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.criteria = list(criteria)
        self.scores = scores
        self.fields["base_version"].initial = assessment.version
        for criterion in self.criteria:
            existing = scores.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=[("", _("Not scored yet"))]
                + [(str(n), f"{n} – {text}") for n, text in criterion.steps],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                initial=str(existing.score) if existing and existing.score else "",
                error_messages={
                    "invalid_choice": _(
                        "Choose a score from 1 to 5 (a whole number) for “%(name)s”."
                    )
                    % {"name": criterion.name}
                },
            )
            self.fields[f"evidence_{criterion.pk}"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=existing.evidence if existing else "",
            )
            if criterion.has_indicator:
                label = criterion.indicator_label
                self.fields[f"indicator_{criterion.pk}"] = forms.DecimalField(
                    label=label,
                    required=False,
                    max_digits=12,
                    decimal_places=3,
                    localize=True,
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                    initial=existing.indicator_value if existing else None,
                    error_messages={
                        "invalid": _("Enter the indicator value as a number, e.g. 12,5."),
                    },
                )

    def rows(self):
        """(criterion, score field, evidence field, indicator field or None) per criterion."""
        for criterion in self.criteria:
            indicator = f"indicator_{criterion.pk}"
            saved = self.scores.get(criterion.pk)
            suggested = criterion.suggest_score(saved.indicator_value) if saved else None
            yield {
                "suggested": suggested,
                "contradicts": bool(saved and saved.score and suggested)
                and saved.score != suggested,
                "copied": bool(saved and saved.evidence_copied),
                "criterion": criterion,
                "score": self[f"score_{criterion.pk}"],
                "evidence": self[f"evidence_{criterion.pk}"],
                "indicator": self[indicator] if indicator in self.fields else None,
            }

    def values(self, criterion) -> tuple[int | None, str, object]:
        data = self.cleaned_data
        return (
            data.get(f"score_{criterion.pk}"),
            data.get(f"evidence_{criterion.pk}", "").strip(),
            data.get(f"indicator_{criterion.pk}"),
        )


EFFECT_FIELDS = ["professional", "staff", "organisational"]


class PrismRatingForm(OnceTokenMixin, TrackedModelForm):
    """The expected effect on each axis (or "not considered yet") with a one-line reason."""

    class Meta:
        model = PrismRating
        fields = [
            "title",
            "professional_effect",
            "professional_reason",
            "staff_effect",
            "staff_reason",
            "organisational_effect",
            "organisational_reason",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, specialty=None, **kwargs):
        super().__init__(*args, **kwargs)
        if specialty is not None:
            self.instance.specialty = specialty
        if self.instance.content_type_id:
            # Rating of work elsewhere: its title comes from the work.
            del self.fields["title"]
        else:
            self.fields["title"].required = True
        for axis in EFFECT_FIELDS:
            field = self.fields[f"{axis}_effect"]
            field.choices = [("", _("Not considered yet")), *EFFECT_CHOICES]
            field.widget = forms.RadioSelect(choices=field.choices)
            field.error_messages["invalid_choice"] = _("Choose an effect from −2 to +2.")
            reason = self.fields[f"{axis}_reason"]
            reason.help_text = _("One line: why this effect is expected.")

    def clean(self):
        data = super().clean()
        for axis in EFFECT_FIELDS:
            effect = data.get(f"{axis}_effect")
            reason = (data.get(f"{axis}_reason") or "").strip()
            if effect is not None and not reason and f"{axis}_effect" not in self.errors:
                self.add_error(
                    f"{axis}_reason",
                    _("Give a one-line reason for the expected effect on this axis."),
                )
        effects = [data.get(f"{axis}_effect") for axis in EFFECT_FIELDS]
        if all(e is None for e in effects) and not any(
            f"{a}_effect" in self.errors for a in EFFECT_FIELDS
        ):
            raise forms.ValidationError(
                _("Rate the expected effect on at least one axis."), code="nothing_rated"
            )
        return data
