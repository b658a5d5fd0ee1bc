from django import forms
from django.utils.translation import gettext_lazy as _

from bass.forms import Form
from specialties.models import AmbitionStatus


class DashboardFilterForm(Form):
    """The programme dashboard's filters, read from the query string.

    The choices are the hospitals and specialties the page lists already, so reading the
    filters costs no query. A value that is not among them (an edited address) filters
    nothing: the dashboard is a page to look at, and the select boxes cannot send one.
    """

    sygehus = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    speciale = forms.TypedMultipleChoiceField(coerce=int, required=False)
    status = forms.ChoiceField(choices=[("", ""), *AmbitionStatus.choices], required=False)

    def __init__(self, data, *, hospitals, specialties):
        super().__init__(data)
        self.hospitals = {h.pk: h for h in hospitals}
        self.fields["sygehus"].choices = [("", ""), *((pk, "") for pk in self.hospitals)]
        self.fields["speciale"].choices = [(s.pk, "") for s in specialties]

    def filters(self) -> dict:
        """The keyword arguments of ``dashboard.programme_rows``: a field that did not
        validate counts as not given."""
        self.is_valid()
        data = self.cleaned_data
        hospital_id = data.get("sygehus")
        return {
            "hospital": self.hospitals.get(hospital_id) if hospital_id else None,
            "specialty_ids": data.get("speciale") or [],
            "status": data.get("status") or None,
        }


class LibraryFilterForm(Form):
    """The library's search and filters, read from the query string. A value that is not
    among the choices (an edited address) gives the usual field error and filters nothing."""

    SORTS = [("recent", _("Newest first")), ("result", _("Best result first"))]
    KINDS = [
        ("", _("Everything")),
        ("ambition", _("Approved ambitions")),
        ("project", _("Improvement projects")),
        ("change_idea", _("Change ideas")),
        ("cycle", _("PDSA cycles")),
    ]
    SIGNALS = [
        ("", _("All")),
        ("better", _("A measure signals improvement")),
        ("worse", _("A measure signals deterioration")),
    ]

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=KINDS, required=False)
    specialty = forms.ChoiceField(label=_("Specialty"), required=False)
    hospital = forms.TypedChoiceField(
        label=_("Hospital"), coerce=int, required=False, empty_value=None
    )
    cluster = forms.TypedChoiceField(
        label=_("Health cluster"), coerce=int, required=False, empty_value=None
    )
    driver = forms.CharField(label=_("Driver"), required=False, max_length=100)
    outcome = forms.ChoiceField(label=_("Outcome of PDSA cycles"), required=False)
    signal = forms.ChoiceField(label=_("Measure signal"), choices=SIGNALS, required=False)
    sort = forms.ChoiceField(label=_("Sort"), choices=SORTS, required=False)

    def __init__(self, data, *, specialties, hospitals, clusters, outcomes):
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["specialty"].choices = everything + [(s.slug, s.name) for s in specialties]
        self.fields["hospital"].choices = everything + [(h.pk, h.name) for h in hospitals]
        self.fields["cluster"].choices = everything + [(c.pk, c.name) for c in clusters]
        self.fields["outcome"].choices = everything + list(outcomes)

    def filters(self) -> dict:
        if not self.is_valid():
            return {"q": "", "kind": "", "sort": "recent"}
        data = self.cleaned_data
        return {**data, "sort": data.get("sort") or "recent"}
