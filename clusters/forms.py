from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from bass.editor import rich_text_form_field
from bass.forms import Form, ModelForm, OnceTokenMixin, TrackedModelForm
from bass.uploads import check_attachment
from clusters.models import (
    DEFAULT_DIRECTION,
    AgendaAttachment,
    AgendaItem,
    AttendanceStatus,
    Dissent,
    Initiative,
    Meeting,
    StandardItem,
    TripleAimDirection,
    TripleAimMeasure,
    TripleAimValue,
)

_RICH = forms.Textarea(attrs={"rows": 5})

ITEM_TEXT_FIELDS = [
    "summary",
    "recommendation",
    "case_presentation",
    "finances",
    "earlier_decisions",
]


def _editor(name: str):
    """The shared editor (the ambitions' one) for a formatted field of an agenda item."""
    return rich_text_form_field(capfirst(AgendaItem._meta.get_field(name).verbose_name))


class ApprovedMinutesMixin:
    """After the chair has approved the minutes, a change needs a reason; it is kept in
    history and the meeting shows "corrected after approval"."""

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        if meeting.is_approved and "change_reason" in self.fields:
            field = self.fields["change_reason"]
            field.required = True
            field.label = _("Reason for the change after approval")
            field.help_text = _(
                "The minutes are approved. The reason is shown in the history and the "
                "meeting is marked as corrected after approval."
            )


class MeetingForm(OnceTokenMixin, TrackedModelForm):
    online_link = forms.URLField(
        label=_("Online meeting link"), required=False, max_length=200, assume_scheme="https"
    )
    default_case_id = forms.CharField(
        label=_("Case id for new items"),
        required=False,
        max_length=60,
        help_text=_("Filled in as the case id (Sags ID) of each new item of this meeting."),
    )

    class Meta:
        model = Meeting
        fields = ["starts_at", "place", "online_link", "default_case_id"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }


class AgendaItemForm(ApprovedMinutesMixin, OnceTokenMixin, TrackedModelForm):
    summary = _editor("summary")
    recommendation = _editor("recommendation")
    case_presentation = _editor("case_presentation")
    finances = _editor("finances")
    earlier_decisions = _editor("earlier_decisions")

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

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, meeting=meeting, **kwargs)
        self.instance.meeting = meeting
        if not self.instance.pk and not self.is_bound:
            # After the last item, but before the standard items that stay last.
            last = (
                meeting.items.filter(keep_last=False)
                .order_by("-number")
                .values_list("number", flat=True)
                .first()
            )
            self.fields["number"].initial = (last or 0) + 1
            if meeting.default_case_id:
                self.fields["case_id"].initial = meeting.default_case_id

    def clean_number(self):
        number = self.cleaned_data["number"]
        if number == 0:
            raise forms.ValidationError(_("Item numbers start at 1."))
        taken = self.instance.meeting.items.filter(number=number).exclude(pk=self.instance.pk)
        if not self.instance.pk:
            taken = taken.filter(keep_last=False)  # those move down to make room
        if taken.exists():
            raise forms.ValidationError(_("This meeting already has an item with this number."))
        return number


class StandardItemForm(OnceTokenMixin, TrackedModelForm):
    summary = rich_text_form_field(_("Summary (Resumé)"))
    recommendation = rich_text_form_field(_("Recommendation (Indstilling)"))

    class Meta:
        model = StandardItem
        fields = ["title", "position", "order", "summary", "recommendation"]
        help_texts = {
            "order": _("The order among the standard items with the same place (1 comes first).")
        }


class DecisionForm(ApprovedMinutesMixin, TrackedModelForm):
    decision = _editor("decision")

    class Meta:
        model = AgendaItem
        fields = ["decision", "absent"]
        widgets = {"absent": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "absent": _(
                "Only for absence on this item; the attendance of the meeting is recorded "
                "once, at the top of the minutes."
            )
        }


class DissentForm(OnceTokenMixin, ModelForm):
    class Meta:
        model = Dissent
        fields = ["text"]
        labels = {"text": _("Your dissent (protokoltilførsel)")}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "text": _(
                "Printed in the minutes under the item, with your name. It cannot be "
                "changed once the minutes are approved."
            )
        }


class AttendanceForm(Form):
    """One row per member of the forum: present or apologies, and who stood in."""

    def __init__(self, *args, members, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        choices = [("", "–")] + [(str(p.pk), str(p)) for p in self.members]
        for person in self.members:
            current = rows.get(person.pk)
            self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                label=str(person),
                choices=[("", _("Not recorded")), *AttendanceStatus.choices],
                required=False,
                initial=current.status if current else "",
            )
            self.fields[f"substitute_{person.pk}"] = forms.ChoiceField(
                label=_("Substitute for %(name)s") % {"name": person},
                choices=[c for c in choices if c[0] != str(person.pk)],
                required=False,
                initial=str(current.substitute_id) if current and current.substitute_id else "",
            )

    def clean(self):
        cleaned = super().clean()
        by_pk = {p.pk: p for p in self.members}
        for person in self.members:
            status = cleaned.get(f"status_{person.pk}")
            substitute = cleaned.get(f"substitute_{person.pk}")
            if substitute and status != AttendanceStatus.ABSENT:
                self.add_error(
                    f"substitute_{person.pk}",
                    _("A substitute stands in for a member who sent apologies."),
                )
            cleaned[f"substitute_{person.pk}"] = by_pk.get(int(substitute)) if substitute else None
        return cleaned

    def pairs(self):
        """(person, status field, substitute field) for the template."""
        return [(p, self[f"status_{p.pk}"], self[f"substitute_{p.pk}"]) for p in self.members]

    def rows(self):
        """(person, status, substitute) for each member."""
        for person in self.members:
            yield (
                person,
                self.cleaned_data.get(f"status_{person.pk}") or "",
                self.cleaned_data.get(f"substitute_{person.pk}"),
            )


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


class DanishDecimalField(forms.DecimalField):
    """A decimal as Danish users type it: "12,5", "1.234,5", "12.5" or "1234". With a
    comma present the comma is the decimal mark and points separate thousands."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal"})
        # Shown with the decimal comma; parsed above, never by Django's separators (which
        # would read "12.5" as 125 in Danish).
        self.widget.is_localized = True

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "")
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
        return super().to_python(value)


def _danish_decimal(required: bool = False, **kwargs) -> DanishDecimalField:
    return DanishDecimalField(
        required=required,
        max_digits=14,
        decimal_places=2,
        error_messages={"invalid": _("Enter a number, e.g. 12 or 12,5.")},
        **kwargs,
    )


class TripleAimMeasureForm(ModelForm):
    baseline = _danish_decimal(label=_("Baseline"))
    latest = _danish_decimal(
        label=_("Latest value"),
        help_text=_("Used until the measure has dated values; then the newest of them."),
    )
    target = _danish_decimal(label=_("Target"))

    class Meta:
        model = TripleAimMeasure
        fields = ["indicator", "unit", "baseline", "latest", "target", "direction", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = DEFAULT_DIRECTION.get(self.instance.dimension, TripleAimDirection.HIGHER)
        self.fields["direction"].choices = [
            ("", _("As the dimension: %(direction)s") % {"direction": default.label.lower()}),
            *TripleAimDirection.choices,
        ]


class TripleAimValueForm(OnceTokenMixin, ModelForm):
    """One dated value of a triple-aim measure."""

    value = _danish_decimal(required=True, label=_("Value"))

    class Meta:
        model = TripleAimValue
        fields = ["date", "value", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.measure = measure

    def clean(self):
        cleaned = super().clean()
        date = cleaned.get("date")
        if (
            date
            and TripleAimValue.objects.filter(measure=self.instance.measure, date=date)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("date", _("The measure already has a value for this date."))
        return cleaned


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
        label=_("Decided at meeting"),
        queryset=Meeting.objects.none(),
        help_text=_("A change of the order is recorded only with the decision it belongs to."),
    )

    def __init__(self, *args, initiatives, meetings, reordered=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiatives = list(initiatives)
        self.fields["meeting"].queryset = meetings
        for position, initiative in enumerate(self.initiatives, start=1):
            self.fields[f"rank_{initiative.pk}"] = forms.IntegerField(
                label=initiative.title,
                min_value=1,
                max_value=len(self.initiatives),
                initial=position if reordered else initiative.priority_rank or position,
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


class _QualifiedForumField(forms.ModelChoiceField):
    """Forum names repeat between clusters ("Faglig Strategisk Forum"): name the cluster."""

    def label_from_instance(self, obj):
        return f"{obj.cluster.name} – {obj.name}"


class DecisionSearchForm(Form):
    """Filters of the decision log. Every field is optional; bad values are form errors."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        strip=True,
        help_text=_(
            "Searches every field of the items and decisions and the titles of attachments."
        ),
    )
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=None, required=False)
    forum = _QualifiedForumField(label=_("Forum"), queryset=None, required=False)
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

    def __init__(self, *args, forums, clusters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = forums
        self.fields["cluster"].queryset = clusters

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(_("'To' must not be before 'from'."))
        return cleaned


class SuccessionForm(Form):
    """The council that succeeds a cluster and where each of the cluster's forums goes."""

    council = forms.ModelChoiceField(
        label=_("Existing health council"),
        queryset=None,
        required=False,
        empty_label=_("– a new health council –"),
        help_text=_("Leave empty to create a new health council with the name below."),
    )
    council_name = forms.CharField(
        label=_("Name of the new health council"), max_length=200, required=False
    )
    starts = forms.DateField(
        label=_("The health council takes over on"),
        help_text=_("The cluster ends the day before; the roles carried over start this day."),
    )

    def __init__(self, *args, cluster, **kwargs):
        from clusters.models import Cluster, ClusterKind, Forum

        super().__init__(*args, **kwargs)
        self.cluster = cluster
        councils = Cluster.objects.filter(kind=ClusterKind.COUNCIL).exclude(pk=cluster.pk)
        self.fields["council"].queryset = councils.order_by("name")
        self.council_forums = {
            forum.pk: forum
            for forum in Forum.objects.filter(cluster__in=councils, archived_into__isnull=True)
            .select_related("cluster")
            .order_by("cluster__name", "name")
        }
        choices = [("new", _("New forum in the health council with the same name"))] + [
            (str(forum.pk), f"{forum.cluster.name}: {forum.name}")
            for forum in self.council_forums.values()
        ]
        self.forums = list(
            cluster.forums.filter(archived_into__isnull=True).order_by("kind", "name")
        )
        for forum in self.forums:
            self.fields[f"forum_{forum.pk}"] = forms.ChoiceField(
                label=_("%(forum)s goes to") % {"forum": forum.name},
                choices=choices,
                initial="new",
            )

    def forum_fields(self):
        return [self[f"forum_{forum.pk}"] for forum in self.forums]

    def clean_council_name(self):
        from clusters.models import Cluster

        name = self.cleaned_data["council_name"].strip()
        if name and Cluster.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("A cluster or council with this name already exists."))
        return name

    def clean(self):
        data = super().clean()
        council = data.get("council")
        if self.cluster.successor_id is not None:
            raise forms.ValidationError(_("This cluster has already been succeeded."))
        if not council and not data.get("council_name"):
            self.add_error(
                "council_name", _("Choose an existing health council or name a new one.")
            )
        starts = data.get("starts")
        if starts and starts > timezone.localdate():
            # The archive begins when the succession is confirmed; the roles carried over
            # must then be valid already, or nobody could work in the council.
            self.add_error("starts", _("The date cannot be in the future: confirm on the day."))
        elif starts and self.cluster.period_from and starts <= self.cluster.period_from:
            self.add_error("starts", _("The council must take over after the cluster began."))
        targets = {}
        for forum in self.forums:
            value = data.get(f"forum_{forum.pk}")
            if value is None:
                continue
            if value == "new":
                if council and council.forums.filter(name=forum.name).exists():
                    self.add_error(
                        f"forum_{forum.pk}",
                        _("The council already has a forum with this name: choose it."),
                    )
                targets[forum.pk] = None
                continue
            target = self.council_forums.get(int(value))
            if target is None or council is None or target.cluster_id != council.pk:
                self.add_error(
                    f"forum_{forum.pk}", _("Choose a forum of the chosen health council.")
                )
                continue
            targets[forum.pk] = target
        data["targets"] = targets
        return data
