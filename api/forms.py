import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bass.forms import Form

#: A token lives at most this long.
MAX_LIFETIME_DAYS = 365


class TokenForm(Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Power BI, monthly report”."),
    )
    expires_on = forms.DateField(
        label=_("Valid through"),
        help_text=_("At most one year ahead."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        latest = self.today + datetime.timedelta(days=MAX_LIFETIME_DAYS)
        widget = self.fields["expires_on"].widget
        widget.attrs.update(min=self.today.isoformat(), max=latest.isoformat())
        self.fields["expires_on"].initial = self.today + datetime.timedelta(days=90)

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        if value < self.today:
            raise forms.ValidationError(_("The date has passed; choose today or later."))
        if value > self.today + datetime.timedelta(days=MAX_LIFETIME_DAYS):
            raise forms.ValidationError(_("A token can be valid for at most one year."))
        return value
