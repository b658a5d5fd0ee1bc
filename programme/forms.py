from django import forms

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
