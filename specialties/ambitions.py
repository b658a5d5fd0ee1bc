"""Ambitions and dilemmas: the editor configuration and what the specialty page shows.

``workspace`` costs a constant number of queries whatever the data size.
"""

from django_prose_editor.fields import ProseEditorFormField

from bass.text import sanitize_html
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

# About 15,000 words of formatted text: far more than an ambition needs, small enough
# that a stray paste of a whole document is refused with a message instead of stored.
RICH_TEXT_MAX_LENGTH = 100_000

# What a manager can do in the editor; bass.text's allow-list (applied again on save)
# keeps the same tags, so pages and PDFs render exactly what the editor showed. Headings
# start at level 3: the text sits under the page's own h1 and h2.
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [3, 4]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "HardBreak": True,
}

_EMPTY_BLOCK = ("", "<p></p>", "<p><br></p>")


def clean_rich_text(value: str) -> str:
    value = sanitize_html(value)
    return "" if value in _EMPTY_BLOCK else value


def rich_text_form_field(
    label, *, required: bool = False, help_text="", headings: bool = True
) -> ProseEditorFormField:
    """The editor for rich text. Without JavaScript it is a plain textarea."""
    extensions = dict(EDITOR_EXTENSIONS)
    if not headings:
        extensions.pop("Heading")
    return ProseEditorFormField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=RICH_TEXT_MAX_LENGTH,
        extensions=extensions,
        sanitize=clean_rich_text,
    )


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
