"""URL builders of the programme library's lines in tests/permission_matrix.py: the shared
work of specialty A or B (project, change idea and finished cycle shared, ambition approved)."""

import datetime

from django.urls import reverse

from tests.improvement.improvement_world import improvement_for


def _shared(w, x):
    work = improvement_for(w, x)
    work.project.shared_with_programme = True
    work.project.save()
    work.idea.shared_with_programme = True
    work.idea.save()
    cycle = work.cycle
    cycle.study_results, cycle.act_decision = "Som forudsagt", "adopt"
    cycle.shared_with_programme = True
    cycle.save()
    return work


def _approved(w, x):
    from specialties.models import Ambition

    specialty = w.specialty_a if x == "A" else w.specialty_b
    Ambition.objects.update_or_create(
        specialty=specialty,
        kind="strategic",
        defaults={
            "approved_text": "<p>Godkendt</p>",
            "draft_text": "<p>Udkast</p>",
            "approved_at": datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC),
        },
    )
    return reverse("ambition_shared", args=[specialty.slug, "strategisk"])


URLS = {
    "programme_library": lambda w, x: reverse("programme_library"),
    "ambition_shared": _approved,
    "improvement_shared_project": lambda w, x: reverse(
        "improvement_shared_project", args=[_shared(w, x).project.pk]
    ),
    "improvement_shared_idea": lambda w, x: reverse(
        "improvement_shared_idea", args=[_shared(w, x).idea.pk]
    ),
    "improvement_shared_cycle": lambda w, x: reverse(
        "improvement_shared_cycle", args=[_shared(w, x).cycle.pk]
    ),
    "improvement_reuse_idea": lambda w, x: reverse(
        "improvement_reuse_idea", args=[_shared(w, x).idea.pk]
    ),
    "improvement_reuse_cycle": lambda w, x: reverse(
        "improvement_reuse_cycle", args=[_shared(w, x).cycle.pk]
    ),
    # Not shared: the team's own decision and score.
    "improvement_share": lambda w, x: reverse(
        "improvement_share", args=["projekt", improvement_for(w, x).project.pk]
    ),
    "improvement_progress": lambda w, x: reverse(
        "improvement_progress", args=[improvement_for(w, x).project.pk]
    ),
}
