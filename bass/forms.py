"""Shared form behaviour: edit-conflict protection and the reason for a change."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TrackedModelForm(forms.ModelForm):
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
