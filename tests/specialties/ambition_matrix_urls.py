"""URL builders for the permission matrix rows of ambitions and dilemmas.

tests/permission_matrix.py merges ``URLS`` under its "ambitions" anchor. Each
builder creates the objects its URL needs: specialty x's strategic ambition waiting for
the steering group, its professional ambition as a draft, and one dilemma per kind.
"""

from django.urls import reverse


def _specialty(w, x):
    return w.specialty_a if x == "A" else w.specialty_b


def _ambitions(w, x):
    """Specialty x with its strategic ambition waiting for the steering group and its
    professional ambition as a draft."""
    from specialties.models import Ambition

    specialty = _specialty(w, x)
    for kind, status in [("strategic", "submitted"), ("professional", "draft")]:
        Ambition.objects.get_or_create(
            specialty=specialty, kind=kind, defaults={"draft_text": "<p>x</p>", "status": status}
        )
    return specialty


def _ambition(w, x):
    return _ambitions(w, x).ambitions.get(kind="strategic")


def _dilemma(w, x, kind="strategic"):
    from specialties.models import Dilemma

    dilemma, _created = Dilemma.objects.get_or_create(
        specialty=_specialty(w, x), kind=kind, defaults={"title": "Dilemma"}
    )
    return dilemma


def _suggestion(w, x):
    """An open suggestion for specialty x's strategic ambition."""
    from specialties.models import Suggestion

    ambition = _ambition(w, x)
    suggestion = ambition.suggestions.first()
    if suggestion is None:
        suggestion = Suggestion.objects.create(
            ambition=ambition,
            text="<p>y</p>",
            reason="Fordi",
            author=w.admin,
            based_on_version=ambition.version,
            based_on_text=ambition.draft_text,
        )
    return suggestion


def _suggestion_url(name):
    def build(w, x):
        suggestion = _suggestion(w, x)
        return reverse(name, args=[suggestion.ambition.specialty.slug, "strategisk", suggestion.pk])

    return build


URLS = {
    "suggestion_create": lambda w, x: reverse(
        "suggestion_create", args=[_ambitions(w, x).slug, "strategisk"]
    ),
    "suggestion_detail": _suggestion_url("suggestion_detail"),
    "suggestion_accept": _suggestion_url("suggestion_accept"),
    "suggestion_edit": _suggestion_url("suggestion_edit"),
    "suggestion_decline": _suggestion_url("suggestion_decline"),
    "suggestion_history": lambda w, x: _suggestion(w, x).get_history_url(),
    "ambition_detail": lambda w, x: reverse(
        "ambition_detail", args=[_ambitions(w, x).slug, "strategisk"]
    ),
    "ambition_update_strategic": lambda w, x: reverse(
        "ambition_update", args=[_ambitions(w, x).slug, "strategisk"]
    ),
    "ambition_update_professional": lambda w, x: reverse(
        "ambition_update", args=[_ambitions(w, x).slug, "faglig"]
    ),
    "ambition_submit": lambda w, x: reverse(
        "ambition_submit", args=[_ambitions(w, x).slug, "faglig"]
    ),
    "ambition_approve": lambda w, x: reverse(
        "ambition_approve", args=[_ambitions(w, x).slug, "strategisk"]
    ),
    "ambition_return": lambda w, x: reverse(
        "ambition_return", args=[_ambitions(w, x).slug, "strategisk"]
    ),
    "ambition_history": lambda w, x: _ambition(w, x).get_history_url(),
    "ambition_restore": lambda w, x: reverse(
        "history_restore",
        args=[
            "specialties",
            "ambition",
            _ambition(w, x).pk,
            _ambition(w, x).history.earliest().history_id,
        ],
    ),
    "ambitions_waiting": lambda w, x: reverse("ambitions_waiting"),
    "dilemma_create_strategic": lambda w, x: reverse(
        "dilemma_create", args=[_specialty(w, x).slug, "strategisk"]
    ),
    "dilemma_create_professional": lambda w, x: reverse(
        "dilemma_create", args=[_specialty(w, x).slug, "faglig"]
    ),
    "dilemma_update": lambda w, x: reverse(
        "dilemma_update", args=[_specialty(w, x).slug, _dilemma(w, x).pk]
    ),
    "dilemma_update_professional": lambda w, x: reverse(
        "dilemma_update", args=[_specialty(w, x).slug, _dilemma(w, x, "professional").pk]
    ),
    "dilemma_delete": lambda w, x: reverse(
        "dilemma_delete", args=[_specialty(w, x).slug, _dilemma(w, x).pk]
    ),
    "dilemma_history": lambda w, x: _dilemma(w, x).get_history_url(),
}
