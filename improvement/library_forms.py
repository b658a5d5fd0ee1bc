"""Forms of the library: a project's progress score, and copying a shared template."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bass.forms import Form, TrackedModelForm
from improvement.forms import _date_widget
from improvement.models import DriverNode, ImprovementProject, NodeKind


class ProgressForm(TrackedModelForm):
    class Meta:
        model = ImprovementProject
        fields = ["progress_score", "progress_reason"]
        widgets = {"progress_score": forms.RadioSelect}
        help_texts = {
            "progress_reason": _("One line the library and the dashboard show beside the score.")
        }

    def clean(self):
        data = super().clean()
        if data.get("progress_score") and not (data.get("progress_reason") or "").strip():
            self.add_error("progress_reason", _("Say why the project stands here."))
        return data


class _NodeChoice(forms.ModelChoiceField):
    def label_from_instance(self, node):
        return f"{node.project.title} › {node.title}"


class ReuseIdeaForm(Form):
    parent = _NodeChoice(
        queryset=DriverNode.objects.none(),
        label=_("Place the change idea under this driver"),
        empty_label=None,
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = (
            DriverNode.objects.filter(
                project__in=projects, kind__in=[NodeKind.PRIMARY, NodeKind.SECONDARY]
            )
            .select_related("project")
            .order_by("project__title", "order", "pk")
        )


class ReuseCycleForm(Form):
    change_idea = _NodeChoice(
        queryset=DriverNode.objects.none(),
        label=_("Test the plan on this change idea"),
        empty_label=None,
    )
    planned_start = forms.DateField(label=_("planned start"), widget=_date_widget())
    planned_end = forms.DateField(label=_("planned end"), widget=_date_widget())

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_idea"].queryset = (
            DriverNode.objects.filter(project__in=projects, kind=NodeKind.CHANGE_IDEA)
            .select_related("project")
            .order_by("project__title", "order", "pk")
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end cannot be before the planned start."))
        return data
