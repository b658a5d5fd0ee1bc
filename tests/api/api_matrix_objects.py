"""Builders for API_MATRIX (tests/permission_matrix.py): (endpoint path, object id) of an
object of side A or B, made with the same builders as the page matrix."""

import datetime

from tests.clusters.cluster_world import side
from tests.improvement.improvement_world import cluster_improvement_for, improvement_for
from tests.plans.plans_matrix_urls import _grant, _milestone
from tests.specialties.ambition_matrix_urls import _ambition
from tests.sustainability.sustainability_matrix_urls import _draft


def _specialty(w, x):
    return w.specialty_a if x == "A" else w.specialty_b


def _closed_decision(w, x):
    item = side(w, x).closed
    item.decision = "<p>Lukket beslutning.</p>"
    item.save()
    return item


OBJECTS = {
    "specialties": ("specialties", _specialty),
    "ambitions": ("ambitions", _ambition),
    "assessments": ("assessments", _draft),
    "measures": ("measures", lambda w, x: improvement_for(w, x).measure),
    "initiative_measures": ("measures", lambda w, x: cluster_improvement_for(w, x).measure),
    "pdsa_cycles": ("pdsa-cycles", lambda w, x: improvement_for(w, x).cycle),
    "milestones": ("milestones", _milestone),
    "funds": ("funds", _grant),
    "decisions": ("decisions", lambda w, x: side(w, x).item),
    "closed_decisions": ("decisions", _closed_decision),
}

#: Far enough ahead for any pinned test date.
EXPIRES = datetime.date(2100, 1, 1)
