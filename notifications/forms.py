from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bass.forms import Form
from notifications.events import EVENTS, Delivery, event_choices


class CentreFilterForm(Form):
    SHOW_CHOICES = [("alle", _("All")), ("ulaeste", _("Unread"))]

    vis = forms.ChoiceField(label=_("Show"), choices=SHOW_CHOICES, required=False)
    type = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All kinds")), *event_choices()]

    def values(self) -> tuple[str, str]:
        """(show, kind); anything unknown falls back to all notifications of every kind."""
        if not self.is_valid():
            return "alle", ""
        return self.cleaned_data["vis"] or "alle", self.cleaned_data["type"] or ""


class DeliverySettingsForm(Form):
    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args, current: dict[str, str], language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        for kind in EVENTS.values():
            self.fields[f"event_{kind.key}"] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                initial=current.get(kind.key, kind.default),
            )

    def event_fields(self):
        return [self[f"event_{key}"] for key in EVENTS]

    def chosen(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"event_{key}"] for key in EVENTS}
