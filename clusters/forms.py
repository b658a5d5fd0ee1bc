from django import forms
from django.utils.translation import gettext_lazy as _

from bass.forms import Form, ModelForm, OnceTokenMixin, TrackedModelForm
from bass.uploads import check_attachment
from clusters.models import (
    AgendaAttachment,
    AgendaItem,
    Initiative,
    Meeting,
    TripleAimMeasure,
)

_RICH = forms.Textarea(attrs={"rows": 5})


class MeetingForm(OnceTokenMixin, TrackedModelForm):
    online_link = forms.URLField(
        label=_("Online meeting link"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Meeting
        fields = ["starts_at", "place", "online_link", "status"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }


class AgendaItemForm(OnceTokenMixin, TrackedModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "number",
            "title",
            "is_closed",
            "case_id",
            "document_id",
            "summary",
            "recommendation",
            "case_presentation",
            "finances",
            "earlier_decisions",
        ]
        widgets = dict.fromkeys(
            ["summary", "recommendation", "case_presentation", "finances", "earlier_decisions"],
            _RICH,
        )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        if not self.instance.pk and not self.is_bound:
            last = meeting.items.order_by("-number").values_list("number", flat=True).first()
            self.fields["number"].initial = (last or 0) + 1

    def clean_number(self):
        number = self.cleaned_data["number"]
        if number == 0:
            raise forms.ValidationError(_("Item numbers start at 1."))
        taken = self.instance.meeting.items.filter(number=number).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("This meeting already has an item with this number."))
        return number


class DecisionForm(TrackedModelForm):
    class Meta:
        model = AgendaItem
        fields = ["decision", "absent"]
        widgets = {"decision": _RICH, "absent": forms.Textarea(attrs={"rows": 2})}


class AttachmentForm(OnceTokenMixin, ModelForm):
    class Meta:
        model = AgendaAttachment
        fields = ["title", "document_id", "file"]
        help_texts = {"file": _("PDF, DOCX, XLSX, PNG or JPEG, at most 20 MB.")}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.instance.content_type = check_attachment(upload)
        self.instance.size = upload.size
        return upload


class InitiativeForm(OnceTokenMixin, TrackedModelForm):
    class Meta:
        model = Initiative
        fields = ["title", "description", "target_group", "participants", "status"]
        widgets = {"description": _RICH, "participants": forms.Textarea(attrs={"rows": 3})}


class TripleAimMeasureForm(ModelForm):
    class Meta:
        model = TripleAimMeasure
        fields = ["indicator", "unit", "baseline", "latest", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


TripleAimFormSet = forms.modelformset_factory(
    TripleAimMeasure, form=TripleAimMeasureForm, extra=0, can_delete=False
)


class PrioritisationForm(Form):
    """One rank per initiative (1 = highest), a decision text and the meeting that decided."""

    decision = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Recorded on every ranked initiative and in its history."),
    )
    meeting = forms.ModelChoiceField(
        label=_("Decided at meeting"), queryset=Meeting.objects.none(), required=False
    )

    def __init__(self, *args, initiatives, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiatives = list(initiatives)
        self.fields["meeting"].queryset = meetings
        for position, initiative in enumerate(self.initiatives, start=1):
            self.fields[f"rank_{initiative.pk}"] = forms.IntegerField(
                label=initiative.title,
                min_value=1,
                max_value=len(self.initiatives),
                initial=initiative.priority_rank or position,
            )

    def clean(self):
        cleaned = super().clean()
        ranks = [cleaned.get(f"rank_{i.pk}") for i in self.initiatives]
        if None in ranks:
            return cleaned
        if sorted(ranks) != list(range(1, len(ranks) + 1)):
            raise forms.ValidationError(
                _(
                    "Give each initiative its own rank from 1 to %(n)s, with no rank repeated "
                    "or skipped."
                )
                % {"n": len(ranks)}
            )
        return cleaned

    def ranking(self):
        """(initiative, rank) ordered by rank."""
        pairs = [(i, self.cleaned_data[f"rank_{i.pk}"]) for i in self.initiatives]
        return sorted(pairs, key=lambda pair: pair[1])


class DecisionSearchForm(Form):
    """Filters of the decision log. Every field is optional; bad values are form errors."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200, strip=True)
    forum = forms.ModelChoiceField(label=_("Forum"), queryset=None, required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, forums, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = forums

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(_("'To' must not be before 'from'."))
        return cleaned
