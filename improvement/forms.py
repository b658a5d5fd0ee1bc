import datetime
from decimal import Decimal

from django import forms
from django.db.models import Max
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from bass.forms import Form, ModelForm, OnceTokenMixin, TrackedModelForm
from improvement.models import (
    ALLOWED_PARENT_KINDS,
    PLACEMENT_RULES,
    ChartType,
    CycleMeasure,
    DataPoint,
    DriverNode,
    Frequency,
    ImprovementProject,
    Measure,
    MeasurePhase,
    NodeKind,
    NodeMeasure,
    PDSACycle,
    RuleSet,
)
from roles.models import Person, RoleAssignment
from specialties.models import Specialty


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def parse_number(text: str) -> float:
    """A number as Danish users type it: "12,5", "1.234,5", "12.5" or "1234".

    With a comma present the comma is the decimal mark and points are thousands
    separators; without one a point is the decimal mark.
    """
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


class DecimalCommaField(forms.FloatField):
    """A float field that accepts the Danish decimal comma as well as a point."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs["inputmode"] = "decimal"
        return attrs

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int | float):
            return float(value)
        try:
            return parse_number(str(value))
        except ValueError:
            raise forms.ValidationError(
                _("Enter a number, e.g. 12 or 12,5."), code="invalid"
            ) from None

    def prepare_value(self, value):
        if isinstance(value, float):
            text = f"{value:.10g}"
            return text.replace(".", ",")
        return value


class ProjectForm(OnceTokenMixin, TrackedModelForm):
    class Meta:
        model = ImprovementProject
        fields = [
            "title",
            "strength_position",
            "aim_what",
            "aim_how_much",
            "aim_by_when",
            "status",
        ]
        widgets = {
            "aim_what": forms.Textarea(attrs={"rows": 3}),
            "aim_by_when": _date_widget(),
        }

    def __init__(self, *args, owner, **kwargs):
        """``owner`` is the specialty or the cluster initiative the project belongs to."""
        super().__init__(*args, **kwargs)
        if isinstance(owner, Specialty):
            self.instance.specialty = owner
            self.fields["strength_position"].queryset = owner.strength_positions.select_related(
                "hospital", "specialty"
            )
        else:
            self.instance.initiative = owner
            del self.fields["strength_position"]


def _placement_help() -> str:
    return " ".join(str(rule) for rule in PLACEMENT_RULES.values())


class _NodeDetailsMixin:
    """Description, owner and measures of a box: the owner is someone on the project's
    team, the measures are the project's own. Measure links are saved as rows with history."""

    def _set_up_details(self, project, node=None):
        self.fields["description"].widget = forms.Textarea(attrs={"rows": 2, "maxlength": 300})
        team = RoleAssignment.objects.current().on_object(project.team_object)
        people = Person.objects.filter(pk__in=team.values("person_id"))
        if node is not None and node.owner_id:
            people = Person.objects.filter(pk__in=[node.owner_id, *team.values("person_id")])
        owner = self.fields["owner"]
        owner.queryset = people.select_related("user").order_by("user__first_name", "pk")
        owner.label_from_instance = lambda person: person.user.get_full_name() or str(person)
        owner.empty_label = _("No owner yet")
        owner.error_messages["invalid_choice"] = _(
            "Choose the owner among the people on the project's team."
        )
        self.fields["measures"] = forms.ModelMultipleChoiceField(
            label=_("Measures this box concerns"),
            queryset=project.measures.order_by("name"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=[link.measure_id for link in node.measure_links.all()] if node else [],
            error_messages={"invalid_choice": _("Choose measures of this project.")},
        )

    def save_measures(self, node) -> None:
        chosen = {m.pk for m in self.cleaned_data.get("measures", [])}
        existing = {link.measure_id: link for link in node.measure_links.all()}
        for measure_id, link in existing.items():
            if measure_id not in chosen:
                link.delete()
        for measure_id in chosen - set(existing):
            NodeMeasure.objects.create(node=node, measure_id=measure_id)


class DriverNodeCreateForm(_NodeDetailsMixin, OnceTokenMixin, ModelForm):
    class Meta:
        model = DriverNode
        fields = ["kind", "parent", "title", "description", "owner"]

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        parent = self.fields["parent"]
        parent.queryset = project.driver_nodes.exclude(kind=NodeKind.CHANGE_IDEA)
        parent.empty_label = _("The aim (for primary drivers)")
        parent.label_from_instance = lambda node: f"{node.get_kind_display()}: {node.title}"
        parent.help_text = _placement_help()
        parent.error_messages["invalid_choice"] = _(
            "Nothing can be placed under a change idea. Choose the aim or a driver."
        )
        self._set_up_details(project)

    def save(self, commit=True):
        node = self.instance
        siblings = DriverNode.objects.filter(project=node.project, parent=node.parent)
        node.order = (siblings.aggregate(top=Max("order"))["top"] or 0) + 1
        node = super().save(commit=commit)
        if commit:
            self.save_measures(node)
        return node


class DriverNodeEditForm(_NodeDetailsMixin, TrackedModelForm):
    """Rename a box, describe it, give it an owner and measures, or move it under another
    box of a suitable kind."""

    class Meta:
        model = DriverNode
        fields = ["title", "description", "owner", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        node = self.instance
        if node.kind == NodeKind.PRIMARY:
            del self.fields["parent"]
        else:
            parent_field = self.fields["parent"]
            parent_field.required = True
            parent_field.queryset = node.project.driver_nodes.filter(
                kind__in=ALLOWED_PARENT_KINDS[NodeKind(node.kind)]
            ).exclude(pk=node.pk)
            parent_field.label = _("Placed under")
            parent_field.help_text = PLACEMENT_RULES[NodeKind(node.kind)]
            parent_field.error_messages["required"] = PLACEMENT_RULES[NodeKind(node.kind)]
            parent_field.error_messages["invalid_choice"] = PLACEMENT_RULES[NodeKind(node.kind)]
            parent_field.label_from_instance = lambda other: (
                f"{other.get_kind_display()}: {other.title}"
            )
        self.fields.pop("change_reason")
        self._set_up_details(node.project, node)


class PDSACycleForm(OnceTokenMixin, TrackedModelForm):
    class Meta:
        model = PDSACycle
        fields = [
            "title",
            "previous",
            "objective",
            "questions",
            "predictions",
            "plan_who",
            "plan_what",
            "plan_when",
            "plan_where",
            "data_plan",
            "planned_start",
            "planned_end",
            "do_what_happened",
            "do_observations",
            "do_problems",
            "actual_start",
            "actual_end",
            "study_results",
            "study_learning",
            "act_decision",
            "act_next_step",
        ]
        widgets = {
            "planned_start": _date_widget(),
            "planned_end": _date_widget(),
            "actual_start": _date_widget(),
            "actual_end": _date_widget(),
        }

    #: Field groups shown as the four phases of the cycle.
    PHASES = [
        (
            "plan",
            _("Plan"),
            [
                "title",
                "previous",
                "objective",
                "questions",
                "predictions",
                "plan_who",
                "plan_what",
                "plan_when",
                "plan_where",
                "data_plan",
                "planned_start",
                "planned_end",
            ],
        ),
        (
            "do",
            _("Do"),
            ["do_what_happened", "do_observations", "do_problems", "actual_start", "actual_end"],
        ),
        ("study", _("Study"), ["study_results", "study_learning"]),
        ("act", _("Act"), ["act_decision", "act_next_step"]),
    ]

    def __init__(self, *args, change_idea, predictions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.change_idea = change_idea
        previous = change_idea.cycles.all()
        if self.instance.pk:
            previous = previous.exclude(pk=self.instance.pk)
        self.fields["previous"].queryset = previous
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3
        self._set_up_measures(change_idea.project, predictions)

    #: The largest prediction the database holds (14 digits, 4 of them decimals).
    MAX_PREDICTION = 10**10

    def _set_up_measures(self, project, predictions) -> None:
        """One prediction field per measure of the project: the measures the cycle aims to
        move are those with a predicted value. ``predictions`` (measure id -> value) fill
        in a copied plan; a saved cycle's links fill in the rest."""
        self.links = {}
        if self.instance.pk:
            self.links = {
                link.measure_id: link
                for link in self.instance.measure_links.select_related("measure")
            }
        self.measures = list(project.measures.order_by("name", "pk"))
        self.prediction_names = []
        for measure in self.measures:
            name = f"predict_{measure.pk}"
            unit = "%" if measure.chart_type == ChartType.P else measure.unit
            field = DecimalCommaField(
                label=_("Predicted value: %(measure)s") % {"measure": measure.name}
                + (f" ({unit})" if unit and f"({unit})" not in measure.name else ""),
                help_text=_("Empty: the cycle does not aim to move this measure."),
            )
            link = self.links.get(measure.pk)
            if link is not None:
                field.initial = float(link.predicted_value)
            elif predictions and measure.pk in predictions:
                field.initial = float(predictions[measure.pk])
            self.fields[name] = field
            self.prediction_names.append(name)

    def clean(self):
        cleaned = super().clean()
        for measure, name in zip(self.measures, self.prediction_names, strict=True):
            value = cleaned.get(name)
            if value is not None and abs(value) >= self.MAX_PREDICTION:
                self.add_error(name, _("The prediction is too large."))
            elif value is not None and measure.is_percentage and not 0 <= value <= 100:
                self.add_error(name, _("A percentage must lie between 0 and 100."))
        return cleaned

    def predicted(self) -> dict[int, Decimal]:
        """Measure id -> predicted value, for the measures the cycle names."""
        return {
            measure.pk: Decimal(f"{self.cleaned_data[name]:.4f}")
            for measure, name in zip(self.measures, self.prediction_names, strict=True)
            if self.cleaned_data.get(name) is not None
        }

    def save(self, commit=True):
        cycle = super().save(commit=commit)
        if commit:
            self.save_measures(cycle)
        return cycle

    def save_measures(self, cycle) -> None:
        """The cycle's links to measures as the form names them, each change with history."""
        wanted = self.predicted()
        for measure_id, link in self.links.items():
            if measure_id not in wanted:
                link.delete()
            elif link.predicted_value != wanted[measure_id]:
                link.predicted_value = wanted[measure_id]
                link.full_clean()
                link.save()
        for measure_id, value in wanted.items():
            if measure_id not in self.links:
                link = CycleMeasure(cycle=cycle, measure_id=measure_id, predicted_value=value)
                link.full_clean()
                link.save()

    def phases(self):
        result = []
        for key, label, names in self.PHASES:
            if key == "plan":
                at = names.index("predictions") + 1
                names = [*names[:at], *self.prediction_names, *names[at:]]
            result.append({"key": key, "label": label, "fields": [self[name] for name in names]})
        return result


class MeasureForm(OnceTokenMixin, TrackedModelForm):
    target = DecimalCommaField(
        label=_("target"), help_text=_("Optional. For a P chart give the target in percent.")
    )

    class Meta:
        model = Measure
        fields = [
            "name",
            "kind",
            "operational_definition",
            "unit",
            "direction",
            "target",
            "frequency",
            "chart_type",
            "rule_set",
            "baseline_points",
        ]
        widgets = {"operational_definition": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self._had_ratio = self.instance.uses_ratio if self.instance.pk else None
        # Left out (an older form, an import): keep the measure's rules, Anhøj for a new one.
        self.fields["rule_set"].required = False

    def clean_rule_set(self):
        return self.cleaned_data.get("rule_set") or self.instance.rule_set or RuleSet.ANHOEJ

    def clean_chart_type(self):
        chart_type = self.cleaned_data["chart_type"]
        if self.instance.pk and self.instance.data_points.exists():
            probe = Measure(chart_type=chart_type)
            if probe.uses_ratio != self._had_ratio:
                raise forms.ValidationError(
                    _(
                        "The measure has data points. Choose a chart type that uses the same "
                        "kind of data (numerator/denominator or single values)."
                    )
                )
        return chart_type


class DataPointForm(ModelForm):
    """One row of the data grid (and of an imported file)."""

    period = forms.DateField(label=_("Period"), widget=_date_widget())
    value = DecimalCommaField(label=_("Value"))
    numerator = DecimalCommaField(label=_("Numerator"))
    denominator = DecimalCommaField(label=_("Denominator"))

    class Meta:
        model = DataPoint
        fields = ["period", "value", "numerator", "denominator", "note"]

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.instance.measure = measure
        if measure.uses_ratio:
            del self.fields["value"]
        else:
            del self.fields["numerator"]
            del self.fields["denominator"]
        self.fields["period"].help_text = (
            _("Any day of the week; stored as its Monday.")
            if measure.frequency == "week"
            else _("Any day of the month; stored as the 1st.")
        )

    def clean_period(self) -> datetime.date:
        return self.measure.normalise_period(self.cleaned_data["period"])

    def clean(self):
        cleaned = super().clean()
        probe = DataPoint(
            measure=self.measure,
            period=cleaned.get("period"),
            value=cleaned.get("value"),
            numerator=cleaned.get("numerator"),
            denominator=cleaned.get("denominator"),
        )
        for field, message in probe.validate_for(self.measure).items():
            if field in self.errors:
                continue
            self.add_error(field if field in self.fields else None, message)
        return cleaned

    def validate_unique(self):
        # The (measure, period) uniqueness is checked across all rows by the grid and the
        # importer, which can say which rows clash.
        pass


class BaseDataPointFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, measure, **kwargs):
        self.measure = measure
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["measure"] = self.measure
        return kwargs

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            measure=self.measure,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        super().clean()
        seen: dict[datetime.date, int] = {}
        for number, form in enumerate(self.forms, start=1):
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            period = form.cleaned_data.get("period")
            if period is None:
                continue
            if period in seen:
                form.add_error(
                    "period",
                    _("Row %(row)d has the same period.") % {"row": seen[period]},
                )
            else:
                seen[period] = number


def data_point_formset(measure, data=None, extra: int = 5):
    FormSet = forms.modelformset_factory(
        DataPoint,
        form=DataPointForm,
        formset=BaseDataPointFormSet,
        fields=["period", "value", "numerator", "denominator", "note"],
        extra=extra,
        can_delete=True,
        max_num=5000,
        absolute_max=5000,
    )
    return FormSet(
        data,
        queryset=measure.data_points.order_by("period"),
        measure=measure,
        prefix="rows",
    )


class ImportForm(Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Semicolon- or comma-separated, with a header row."),
    )


class MeasurePhaseForm(OnceTokenMixin, TrackedModelForm):
    """A new phase of a measure's chart: the period it starts with and what changed.

    The date is stored as the start of its period (Monday or the 1st), like the data grid
    does, so "15 March" starts the phase with March's data point.
    """

    class Meta:
        model = MeasurePhase
        fields = ["starts_on", "title"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.instance.measure = measure
        self.fields.pop("change_reason")  # the title says what changed
        self.fields["starts_on"].help_text = (
            _("Any day in the first week of the new phase.")
            if measure.frequency == Frequency.WEEK
            else _("Any day in the first month of the new phase.")
        )

    def clean_starts_on(self):
        return self.measure.normalise_period(self.cleaned_data["starts_on"])

    def clean(self):
        cleaned = super().clean()
        starts_on = cleaned.get("starts_on")
        if starts_on is not None and "starts_on" not in self.errors:
            clash = MeasurePhase.objects.filter(measure=self.measure, starts_on=starts_on)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "starts_on",
                    _("The measure already has a phase from %(date)s.")
                    % {"date": formats.date_format(starts_on, "SHORT_DATE_FORMAT")},
                )
        return cleaned
