"""Ambitions and dilemmas: the editor configuration and the public query functions.

``ambition_status`` is what the programme dashboard reads; ``workspace`` is what the
specialty page shows. Both cost a constant number of queries whatever the data size.
"""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
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


def _last_change():
    history = Ambition.history.model.objects.filter(id=OuterRef("pk")).order_by(
        "-history_date", "-history_id"
    )
    return {
        "last_changed_at": Subquery(history.values("history_date")[:1]),
        "last_changed_by": Subquery(history.values("history_user_name")[:1]),
    }


def ambitions_with_last_change(queryset=None):
    """Ambitions annotated with when and by whom they last changed (one query)."""
    queryset = Ambition.objects.all() if queryset is None else queryset
    return queryset.annotate(**_last_change())


@dataclass
class AmbitionState:
    kind: str
    status: str | None  # None: nothing written yet
    status_label: str
    has_approved_text: bool
    last_changed_at: datetime.datetime | None
    days_since_change: int | None


def ambition_status(specialties) -> dict[int, dict[str, AmbitionState]]:
    """Per specialty id, the state of its strategic and professional ambition.

    One query for any number of specialties (``specialties`` may be a queryset or a list).
    """
    ids = [s.pk if isinstance(s, Specialty) else s for s in specialties]
    now = timezone.now()
    # The texts can be long (up to 100,000 characters each); the dashboard needs only
    # whether an approved text exists.
    queryset = (
        Ambition.objects.filter(specialty_id__in=ids)
        .only("specialty_id", "kind", "status")
        .annotate(has_approved=ExpressionWrapper(~Q(approved_text=""), output_field=BooleanField()))
    )
    found = {(a.specialty_id, a.kind): a for a in ambitions_with_last_change(queryset)}
    result: dict[int, dict[str, AmbitionState]] = {}
    for specialty_id in ids:
        result[specialty_id] = {}
        for kind in AmbitionKind.values:
            ambition = found.get((specialty_id, kind))
            if ambition is None:
                result[specialty_id][kind] = AmbitionState(
                    kind, None, str(_("Not written yet")), False, None, None
                )
                continue
            changed = ambition.last_changed_at
            result[specialty_id][kind] = AmbitionState(
                kind=kind,
                status=ambition.status,
                status_label=str(ambition.get_status_display()),
                has_approved_text=ambition.has_approved,
                last_changed_at=changed,
                days_since_change=(now - changed).days if changed else None,
            )
    return result


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
