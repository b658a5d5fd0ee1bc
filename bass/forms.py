"""Shared form behaviour: limits on what users may type, edit-conflict protection and the
reason for a change.

Every form of the project derives from ``Form`` or ``ModelForm`` below (a test checks it), so
that each field gets the shared limits without the form having to ask for them:

- every date lies between ``DATE_MIN`` and ``DATE_MAX`` (``bass.dates``);
- every text has a maximum length (``PLAIN_TEXT_MAX_LENGTH``, ``RICH_TEXT_MAX_LENGTH`` for
  HTML), unless the field states a smaller one;
- single-line texts (names, titles) lose invisible direction controls (``clean_plain_text``).
"""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from bass.dates import DATE_MAX, DATE_MIN, validate_sane_date
from bass.text import RichTextField, clean_plain_text

PLAIN_TEXT_MAX_LENGTH = 20_000
RICH_TEXT_MAX_LENGTH = 200_000


def _is_rich_text(form: forms.BaseForm, name: str, field: forms.Field) -> bool:
    if isinstance(field, ProseEditorFormField):
        return True
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is None:
        return False
    try:
        return isinstance(model._meta.get_field(name), RichTextField)
    except FieldDoesNotExist:  # a form-only field
        return False


def _is_single_line(field: forms.Field) -> bool:
    return not isinstance(
        field.widget, forms.Textarea | forms.HiddenInput | forms.PasswordInput
    ) and not isinstance(field, ProseEditorFormField)


class SafeInputMixin:
    """Applies the shared limits of this module to every field of the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        single_line = []
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                _limit_dates(field)
            elif isinstance(field, forms.CharField):
                rich = _is_rich_text(self, name, field)
                _limit_length(field, RICH_TEXT_MAX_LENGTH if rich else PLAIN_TEXT_MAX_LENGTH, rich)
                if not rich and _is_single_line(field):
                    single_line.append(name)
        if self.is_bound and single_line:
            self._neutralise_direction_controls(single_line)

    def _neutralise_direction_controls(self, names: list[str]) -> None:
        data = None
        for name in names:
            key = self.add_prefix(name)
            value = self.data.get(key)
            if isinstance(value, str) and clean_plain_text(value) != value:
                data = data if data is not None else self.data.copy()
                data[key] = clean_plain_text(value)
        if data is not None:
            self.data = data


def _limit_dates(field: forms.Field) -> None:
    if validate_sane_date not in field.validators:
        field.validators.append(validate_sane_date)
    input_type = getattr(field.widget, "input_type", "")
    if input_type == "date":
        field.widget.attrs.setdefault("min", DATE_MIN.isoformat())
        field.widget.attrs.setdefault("max", DATE_MAX.isoformat())
    elif input_type == "datetime-local":
        field.widget.attrs.setdefault("min", f"{DATE_MIN.isoformat()}T00:00")
        field.widget.attrs.setdefault("max", f"{DATE_MAX.isoformat()}T23:59")


def _limit_length(field: forms.CharField, limit: int, rich: bool) -> None:
    if field.max_length is not None:
        return
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    if not rich and not field.widget.is_hidden:
        field.widget.attrs.setdefault("maxlength", str(limit))


class Form(SafeInputMixin, forms.Form):
    pass


class ModelForm(SafeInputMixin, forms.ModelForm):
    pass


class TrackedModelForm(ModelForm):
    """A model form for tracked models.

    It carries the version the user started from. If someone else saved in between, the
    form is invalid with ``has_conflict`` set, and the view shows both texts (nothing the
    user typed is lost). It also takes an optional reason that goes into history.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label=_("Reason for the change (optional)"),
        required=False,
        max_length=100,
        help_text=_("Shown in the history of the object."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_conflict = False
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = (
                type(self.instance)
                .objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            base = cleaned.get("base_version")
            if base is not None and current is not None and base != current:
                self.has_conflict = True
                self.current_version = current
                raise forms.ValidationError(
                    _(
                        "Someone else saved this while you were editing. Compare your text "
                        "with the saved one below; your text has not been lost."
                    ),
                    code="conflict",
                )
        return cleaned

    def save(self, commit=True):
        reason = self.cleaned_data.get("change_reason")
        if reason:
            self.instance._change_reason = reason
        return super().save(commit=commit)

    def conflicting_fields(self):
        """(label, saved value, your value) for each field that differs from the saved row."""
        saved = type(self.instance).objects.get(pk=self.instance.pk)
        rows = []
        for name, field in self.fields.items():
            if name in {"base_version", "change_reason"} or name not in self.data:
                continue
            mine = self.data.get(name, "")
            theirs = getattr(saved, name, "")
            theirs = "" if theirs is None else str(theirs)
            if str(mine).strip() != theirs.strip():
                rows.append((field.label, theirs, mine))
        return rows

    def rebase(self) -> None:
        """After a conflict: keep what the user typed, but base it on the saved version, so a
        deliberate second save overwrites."""
        data = self.data.copy()
        data["base_version"] = str(self.current_version)
        self.data = data
