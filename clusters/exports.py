"""The meeting PDFs (agenda and minutes) as background exports.

Each document has two kinds: one with the open items only, for the people of the cluster,
and one with the closed items too, for the forum's own members. The content of an export
then depends on its kind and meeting alone, and the kind's ``allowed`` is exactly who may
read it: a non-member never opens a member's PDF.
"""

from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from bass.exports import ExportKind, register, request_export
from bass.models import Export
from clusters.meeting_life import document_context
from clusters.models import AgendaItem, Meeting
from roles.permissions import can


@dataclass(frozen=True)
class _Document:
    key: str  # "agenda" or "minutes"
    prefix: str  # file name prefix
    label: object
    minutes: bool


_DOCUMENTS = [
    _Document("agenda", "dagsorden", _("Agenda"), minutes=False),
    _Document("minutes", "referat", _("Minutes"), minutes=True),
]


def _may_see_meeting(user, meeting: Meeting) -> bool:
    if not can(user, "view", meeting):
        return False
    # A draft agenda is the secretary's and the chair's until it is sent.
    return not meeting.is_draft or can(user, "change", meeting.forum)


def _may_see_closed(user, meeting: Meeting) -> bool:
    return _may_see_meeting(user, meeting) and can(user, "view_closed", meeting.forum)


def _context_builder(document: _Document, with_closed: bool):
    def build(meeting: Meeting, language: str) -> dict:
        return document_context(
            meeting, minutes=document.minutes, closed="full" if with_closed else "none"
        )

    return build


def _data_version(meeting: Meeting) -> str:
    dates = [
        Meeting.history.filter(id=meeting.pk).aggregate(d=Max("history_date"))["d"],
        AgendaItem.history.filter(meeting_id=meeting.pk).aggregate(d=Max("history_date"))["d"],
    ]
    dates = [d for d in dates if d is not None]
    return max(dates).isoformat(timespec="seconds") if dates else ""


def _filename(document: _Document):
    def name(meeting: Meeting, language: str) -> str:
        day = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")
        return f"{document.prefix}-{slugify(meeting.forum.name)[:40]}-{day}"

    return name


def kind_key(document: str, *, members: bool) -> str:
    """The kind of ``document`` ("agenda" or "minutes") for a forum member or another reader
    (who sees the open items only)."""
    return f"meeting_{document}_members" if members else f"meeting_{document}"


KINDS: dict[str, ExportKind] = {}
for _document in _DOCUMENTS:
    for _with_closed in (False, True):
        _key = kind_key(_document.key, members=_with_closed)
        KINDS[_key] = ExportKind(
            key=_key,
            label=_document.label,
            model="clusters.meeting",
            template="pdf/clusters/minutes.html",
            build_context=_context_builder(_document, _with_closed),
            allowed=_may_see_closed if _with_closed else _may_see_meeting,
            data_version=_data_version,
            filename=_filename(_document),
        )
        register(KINDS[_key])


# The public minutes (closed items by number and title only) of a meeting approved before
# the public PDF was stored on approval: made on the first request, through the outbox.
PUBLIC_MINUTES = ExportKind(
    key="meeting_minutes_public",
    label=_("Public minutes"),
    model="clusters.meeting",
    template="pdf/clusters/minutes.html",
    build_context=lambda meeting, language: document_context(meeting, minutes=True, closed="title"),
    allowed=lambda user, meeting: meeting.is_approved,
    data_version=_data_version,
    filename=_filename(_Document("minutes", "referat-offentligt", _("Public minutes"), True)),
    reuse_unchanged=True,
)
register(PUBLIC_MINUTES)


def public_minutes_export(meeting: Meeting, user):
    """The finished public minutes export of ``meeting`` made from its data as they are
    now, or None while it is being made: ``request_export`` queues one unless one of the
    same data is already on its way (the export outbox makes it, so no request renders a
    PDF)."""
    requester = user if user is not None and user.is_authenticated else None
    export = request_export(PUBLIC_MINUTES, meeting, "da", requester)
    return export if export.status == Export.Status.DONE else None
