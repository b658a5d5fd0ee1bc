from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from bass import formatting
from bass.forms import ModelForm, OnceTokenMixin, TrackedModelForm
from plans.models import (
    CentreSupport,
    Grant,
    Milestone,
    MilestoneDependency,
    PhaseChange,
    Plan,
    Spending,
    creates_cycle,
    people_with_role_on,
)
from roles.models import Person, RoleAssignment


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def parse_amount(text: str) -> Decimal:
    """An amount as Danish users type it: "1.250.000,50", "1250000,5", "1250000.50",
    "1.250.000" or "1 250 000 kr.".

    With a comma the comma is the decimal mark and points group thousands. Without one, a
    point followed by exactly three digits groups thousands ("1.250" is 1250); otherwise it
    is the decimal mark.
    """
    text = str(text).strip().lower().removesuffix("kr.").removesuffix("kr").removesuffix("dkk")
    text = text.replace("\u00a0", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


class AmountField(forms.DecimalField):
    """Kroner with Danish formatting; always two decimals."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.pop("min", None)
        attrs.pop("max", None)
        attrs["inputmode"] = "decimal"
        return attrs

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_amount(value)
        except ValueError:
            raise forms.ValidationError(
                _("Enter an amount in kroner, e.g. 1.250.000,50."), code="invalid"
            ) from None

    def validate(self, value):
        super().validate(value)
        if value is not None and value <= 0:
            raise forms.ValidationError(
                _("The amount must be greater than zero."), code="not_positive"
            )

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            text = f"{value:,.2f}"
            return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
        return value


class PhaseMoveForm(OnceTokenMixin, ModelForm):
    class Meta:
        model = PhaseChange
        fields = ["phase", "started_on", "note"]
        widgets = {"started_on": _date_widget(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, specialty, current: PhaseChange | None, moved_by, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.specialty = specialty
        self.instance.moved_by = moved_by
        self.current = current
        self.fields["phase"].empty_label = None
        if current is not None:
            self.fields["phase"].initial = current.phase_id

    def clean(self):
        cleaned = super().clean()
        phase, started_on = cleaned.get("phase"), cleaned.get("started_on")
        if self.current is not None:
            if phase is not None and phase.pk == self.current.phase_id:
                self.add_error("phase", _("The specialty is already in this phase."))
            if started_on is not None and started_on < self.current.started_on:
                self.add_error(
                    "started_on",
                    _("The phase cannot begin before the current phase began (%(date)s).")
                    % {"date": formatting.date(self.current.started_on)},
                )
        return cleaned


class PlanForm(OnceTokenMixin, TrackedModelForm):
    class Meta:
        model = Plan
        fields = ["title", "strength_position", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, specialty, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.specialty = specialty
        self.fields["strength_position"].queryset = specialty.strength_positions.select_related(
            "hospital", "specialty"
        )


class ResponsiblePersonField(forms.ModelChoiceField):
    """Offers the specialty's current role holders, but accepts any person, so that the
    model can say clearly why someone without a role is refused."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return Person.objects.select_related("user").get(pk=int(value))
        except (ValueError, TypeError, Person.DoesNotExist):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class MilestoneForm(OnceTokenMixin, TrackedModelForm):
    depends_on = forms.ModelMultipleChoiceField(
        label=_("Depends on"),
        queryset=Milestone.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Milestones of the same plan that must be done first."),
    )
    link = forms.URLField(label=_("link"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Milestone
        fields = [
            "title",
            "description",
            "responsible",
            "start_date",
            "due_date",
            "status",
            "done_at",
            "serves",
            "link",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start_date": _date_widget(),
            "due_date": _date_widget(),
            "done_at": _date_widget(),
        }
        field_classes = {"responsible": ResponsiblePersonField}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.plan = plan
        # The current holders, plus whoever is responsible now (so an old value still shows).
        holders = people_with_role_on(plan.specialty)
        if self.instance.responsible_id:
            holders = Person.objects.filter(
                pk__in=[self.instance.responsible_id, *holders.values_list("pk", flat=True)]
            ).select_related("user")
        self.fields["responsible"].queryset = holders
        others = plan.milestones.all()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.fields["depends_on"].initial = list(
                self.instance.dependencies.values_list("depends_on_id", flat=True)
            )
        self.fields["depends_on"].queryset = others

    def clean_depends_on(self):
        chosen = self.cleaned_data["depends_on"]
        new = {m.pk for m in chosen}
        edges: dict[int, set[int]] = {}
        for milestone_id, depends_on_id in MilestoneDependency.objects.filter(
            milestone__plan=self.plan
        ).values_list("milestone_id", "depends_on_id"):
            edges.setdefault(milestone_id, set()).add(depends_on_id)
        if creates_cycle(edges, self.instance.pk, new):
            raise forms.ValidationError(
                _(
                    "These dependencies would make a cycle: a milestone would depend, "
                    "directly or through others, on itself."
                ),
                code="cycle",
            )
        return chosen

    def save(self, commit=True):
        milestone = super().save(commit=commit)
        if commit:
            self.save_dependencies()
        return milestone

    def save_dependencies(self) -> None:
        """One row per edge, created and deleted one by one so each change has history."""
        wanted = {m.pk for m in self.cleaned_data.get("depends_on", [])}
        existing = {d.depends_on_id: d for d in self.instance.dependencies.all()}
        for depends_on_id, row in existing.items():
            if depends_on_id not in wanted:
                row.delete()
        for depends_on_id in sorted(wanted - set(existing)):
            MilestoneDependency.objects.create(milestone=self.instance, depends_on_id=depends_on_id)


class GrantForm(OnceTokenMixin, TrackedModelForm):
    amount = AmountField(label=_("amount (DKK)"))

    class Meta:
        model = Grant
        fields = ["amount", "year", "pool", "milestone", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, specialty, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.specialty = specialty
        self.fields["milestone"].queryset = Milestone.objects.filter(
            plan__specialty=specialty
        ).select_related("plan")
        self.fields.pop("change_reason")


class SpendingForm(OnceTokenMixin, ModelForm):
    amount = AmountField(label=_("amount (DKK)"))

    class Meta:
        model = Spending
        fields = ["date", "amount", "note", "overspend_reason"]
        widgets = {
            "date": _date_widget(),
            "note": forms.Textarea(attrs={"rows": 2}),
            "overspend_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, grant: Grant, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.grant = grant


class CentreSupportForm(OnceTokenMixin, ModelForm):
    class Meta:
        model = CentreSupport
        fields = ["centre", "concept_owner", "hours", "delivery", "date", "note"]
        widgets = {"date": _date_widget(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, specialty, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.specialty = specialty
        owners = RoleAssignment.objects.current().filter(kind="concept_owner").values("person_id")
        self.fields["concept_owner"].queryset = Person.objects.filter(pk__in=owners).select_related(
            "user"
        )
