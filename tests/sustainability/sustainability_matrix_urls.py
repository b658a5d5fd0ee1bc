"""URL builders for the permission matrix rows of sustainability.

tests/permission_matrix.py merges ``URLS`` under its "sustainability" anchor. Each
builder creates the objects its URL needs: a draft and a finalised assessment and a prism
rating of specialty x; criteria come from the seeded catalogue.
"""

from django.urls import reverse


def _specialty(w, x):
    return w.specialty_a if x == "A" else w.specialty_b


def _criterion():
    from sustainability.models import Criterion

    return Criterion.objects.order_by("pk").first()


def _draft(w, x):
    import datetime

    from sustainability.models import Assessment

    specialty = _specialty(w, x)
    return Assessment.objects.filter(specialty=specialty, status="draft").first() or (
        Assessment.objects.create(specialty=specialty, date=datetime.date(2025, 6, 1))
    )


def _finalised(w, x):
    import datetime

    from django.utils import timezone

    from sustainability.models import Assessment

    specialty = _specialty(w, x)
    found = Assessment.objects.filter(specialty=specialty, status="finalised").first()
    if found is None:
        found = Assessment.objects.create(specialty=specialty, date=datetime.date(2024, 6, 1))
        found.status, found.finalised_at = "finalised", timezone.now()
        found.save()
    return found


def _prism(w, x):
    from sustainability.models import PrismRating

    specialty = _specialty(w, x)
    return PrismRating.objects.filter(specialty=specialty).first() or (
        PrismRating.objects.create(specialty=specialty, title="Forslag", staff_effect=-1)
    )


def _rate(obj):
    return reverse("prism_rate", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


def _work(w, x):
    from tests.improvement.improvement_world import improvement_for

    return improvement_for(w, x)


def _milestone(w, x):
    from tests.plans.plans_matrix_urls import _milestone

    return _milestone(w, x)


def _cluster_initiative(w, x):
    from tests.clusters.cluster_world import side

    return side(w, x).initiative


def _change_idea(w, x):
    from tests.improvement.improvement_world import improvement_for

    return improvement_for(w, x).idea


URLS = {
    "sustainability_overview": lambda w, x: reverse("sustainability_overview"),
    "criterion_list": lambda w, x: reverse("criterion_list"),
    "criterion_history": lambda w, x: _criterion().get_history_url(),
    "specialty_sustainability": lambda w, x: reverse(
        "specialty_sustainability", args=[_specialty(w, x).slug]
    ),
    "assessment_create": lambda w, x: reverse("assessment_create", args=[_specialty(w, x).slug]),
    "assessment_detail": lambda w, x: reverse("assessment_detail", args=[_draft(w, x).pk]),
    "assessment_update": lambda w, x: reverse("assessment_update", args=[_draft(w, x).pk]),
    "assessment_scores": lambda w, x: reverse("assessment_scores", args=[_draft(w, x).pk]),
    "assessment_finalise": lambda w, x: reverse("assessment_finalise", args=[_draft(w, x).pk]),
    "assessment_delete": lambda w, x: reverse("assessment_delete", args=[_draft(w, x).pk]),
    "assessment_history": lambda w, x: _draft(w, x).get_history_url(),
    "finalised_assessment_detail": lambda w, x: _finalised(w, x).get_absolute_url(),
    "finalised_assessment_scores": lambda w, x: reverse(
        "assessment_scores", args=[_finalised(w, x).pk]
    ),
    "finalised_assessment_delete": lambda w, x: reverse(
        "assessment_delete", args=[_finalised(w, x).pk]
    ),
    "prism_create": lambda w, x: reverse("prism_create", args=[_specialty(w, x).slug]),
    # rating work: whoever may edit the work may rate it
    "prism_rate_change_idea": lambda w, x: _rate(_change_idea(w, x)),
    "prism_rate_project": lambda w, x: _rate(_work(w, x).project),
    "prism_rate_pdsa": lambda w, x: _rate(_work(w, x).cycle),
    "prism_rate_milestone": lambda w, x: _rate(_milestone(w, x)),
    "prism_rate_cluster_initiative": lambda w, x: _rate(_cluster_initiative(w, x)),
    "prism_update": lambda w, x: reverse("prism_update", args=[_prism(w, x).pk]),
    "prism_delete": lambda w, x: reverse("prism_delete", args=[_prism(w, x).pk]),
}
