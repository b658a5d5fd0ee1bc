import logging

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bass.forms import Form, ModelForm
from roles.kinds import kinds_for
from roles.models import Person, RoleAssignment

security_log = logging.getLogger("bass.security")


class RoleAssignmentForm(ModelForm):
    """Assign a role on one object. The object comes from the URL, never from the POST."""

    class Meta:
        model = RoleAssignment
        fields = ["person", "kind", "function", "valid_from", "valid_to", "reason"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, target, assigned_by, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        self.instance.content_type = ContentType.objects.get_for_model(target)
        self.instance.object_id = target.pk
        self.instance.assigned_by = assigned_by
        label = f"{target._meta.app_label}.{target._meta.model_name}"
        self.fields["kind"].choices = [(k.key, k.label) for k in kinds_for(label)]
        self.fields["person"].queryset = Person.objects.select_related("user").filter(
            user__is_active=True
        )
        self.fields["valid_from"].initial = timezone.localdate()
        self.fields["reason"].required = True

    def clean(self):
        cleaned = super().clean()
        # The kind must suit the object; ModelForm copies fields before model validation.
        posted_object = self.data.get("object_id")
        if posted_object not in (None, "", str(self.target.pk)):
            security_log.warning(
                "role form for %s %s posted object_id %r",
                self.target._meta.label,
                self.target.pk,
                posted_object,
            )
            raise forms.ValidationError(_("The form does not match the page. Nothing was saved."))
        return cleaned


class EndAssignmentForm(Form):
    """End a role on a date (today by default); the person is checked against the URL."""

    person = forms.IntegerField(widget=forms.HiddenInput)
    valid_to = forms.DateField(
        label=_("Role ends on"),
        help_text=_(
            "The role stops at the start of this day: choose the day after the last day the "
            "person holds it. Today ends it at once."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, assignment: RoleAssignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        self.fields["person"].initial = assignment.person_id
        self.fields["valid_to"].initial = timezone.localdate()

    def clean_person(self):
        person = self.cleaned_data["person"]
        if person != self.assignment.person_id:
            security_log.warning(
                "end-role form for assignment %s posted person %r", self.assignment.pk, person
            )
            raise forms.ValidationError(_("The form does not match the page. Nothing was saved."))
        return person

    def clean_valid_to(self):
        valid_to = self.cleaned_data["valid_to"]
        if valid_to <= self.assignment.valid_from:
            raise forms.ValidationError(
                _("The role cannot end before or on the day it starts (%(d)s).")
                % {"d": self.assignment.valid_from.strftime("%d.%m.%Y")}
            )
        return valid_to
