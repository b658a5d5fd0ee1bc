"""Ambitions and dilemmas: the editor configuration and what the specialty page shows.

``workspace`` costs a constant number of queries whatever the data size.
"""

from bass.editor import (  # noqa: F401 - the editor is shared; names kept for importers
    EDITOR_EXTENSIONS,
    RICH_TEXT_MAX_LENGTH,
    clean_rich_text,
    rich_text_form_field,
)
from roles.permissions import can
from specialties.models import (
    AMBITION_CHANGE_PERMISSION,
    Ambition,
    AmbitionKind,
    AmbitionStatus,
    Dilemma,
    Specialty,
)
from specialties.queries import ambitions_with_last_change


def ambition_or_new(specialty: Specialty, kind: str) -> Ambition:
    """The specialty's ambition of ``kind``; an unsaved empty one if none was written yet."""
    ambition = ambitions_with_last_change(
        Ambition.objects.filter(specialty=specialty, kind=kind)
    ).first()
    if ambition is None:
        ambition = Ambition(specialty=specialty, kind=kind)
        ambition.last_changed_at = ambition.last_changed_by = None
    ambition.specialty = specialty  # already loaded (and permission-checked)
    return ambition


def can_change_kind(user, kind: str, specialty: Specialty) -> bool:
    return can(user, AMBITION_CHANGE_PERMISSION[kind], specialty)


def ambition_actions(user, ambition: Ambition) -> dict[str, bool]:
    """What ``user`` may do with ``ambition`` now (for links; the views check again)."""
    specialty = ambition.specialty
    may_change = can_change_kind(user, ambition.kind, specialty)
    return {
        "can_change": may_change,
        "can_suggest": ambition.pk is not None and can(user, "suggest", ambition),
        "can_submit": may_change
        and ambition.pk is not None
        and ambition.status in (AmbitionStatus.DRAFT, AmbitionStatus.RETURNED)
        and can(user, "submit_ambition", specialty),
        "can_decide": ambition.status == AmbitionStatus.SUBMITTED
        and can(user, "approve_ambition", specialty),
    }


def workspace(specialty: Specialty, user) -> list[dict]:
    """Both ambitions with their dilemmas and what ``user`` may do (two queries, plus the
    permission checks)."""
    ambitions = {
        a.kind: a for a in ambitions_with_last_change(Ambition.objects.filter(specialty=specialty))
    }
    dilemmas = list(Dilemma.objects.filter(specialty=specialty))
    sections = []
    for kind, label in AmbitionKind.choices:
        ambition = ambitions.get(kind)
        if ambition is None:
            ambition = Ambition(specialty=specialty, kind=kind)
            ambition.last_changed_at = ambition.last_changed_by = None
        ambition.specialty = specialty  # already loaded; saves a query per ambition
        sections.append(
            {
                "kind": kind,
                "label": label,
                "ambition": ambition,
                "dilemmas": [d for d in dilemmas if d.kind == kind],
                **ambition_actions(user, ambition),
            }
        )
    return sections


def suggestions_shown(ambition: Ambition) -> dict:
    """The ambition's suggestions for its page: the open ones, and the latest answered
    (one query)."""
    if ambition.pk is None:
        return {"open_suggestions": [], "answered_suggestions": []}
    rows = list(ambition.suggestions.all()[:50])
    for row in rows:
        row.ambition = ambition
    return {
        "open_suggestions": [s for s in rows if s.is_open],
        "answered_suggestions": [s for s in rows if not s.is_open][:10],
    }
