from django import forms
from django.utils.translation import gettext_lazy as _

from bass.forms import Form, OnceTokenMixin, TrackedModelForm
from bass.models import Hospital, Municipality
from specialties.models import StrengthPosition


class StrengthPositionForm(OnceTokenMixin, TrackedModelForm):
    class Meta:
        model = StrengthPosition
        fields = ["hospital", "organisation_form", "responsibility"]
        widgets = {"responsibility": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, specialty, **kwargs):
        super().__init__(*args, **kwargs)
        self.specialty = specialty
        self.instance.specialty = specialty
        self.fields["hospital"].queryset = Hospital.objects.order_by("name")

    def clean_hospital(self):
        hospital = self.cleaned_data["hospital"]
        taken = StrengthPosition.objects.filter(specialty=self.specialty, hospital=hospital)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("%(specialty)s already has a strength position at %(hospital)s.")
                % {"specialty": self.specialty, "hospital": hospital}
            )
        return hospital


class PopulationResponsibilityForm(Form):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities this strength position answers for"),
        queryset=Municipality.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    change_reason = forms.CharField(
        label=_("Reason for the change (optional)"), required=False, max_length=100
    )
