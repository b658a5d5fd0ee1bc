"""URL builders for the permission matrix rows of a measure's chart phases.

tests/permission_matrix.py merges ``URLS`` under its "improvement" anchor. The
phase belongs to the measure of ``improvement_for(world, x)``.
"""

import datetime

from django.urls import reverse

from tests.improvement.improvement_world import improvement_for


def _phase(w, x):
    from improvement.models import MeasurePhase

    phase, _created = MeasurePhase.objects.get_or_create(
        measure=improvement_for(w, x).measure,
        starts_on=datetime.date(2025, 6, 1),
        defaults={"title": "Ny triage"},
    )
    return phase


URLS = {
    "improvement_measure_phase_create": lambda w, x: reverse(
        "improvement_measure_phase_create", args=[improvement_for(w, x).measure.pk]
    ),
    "improvement_measure_phase_delete": lambda w, x: reverse(
        "improvement_measure_phase_delete", args=[_phase(w, x).pk]
    ),
}
