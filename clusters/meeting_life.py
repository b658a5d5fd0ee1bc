"""The life of a meeting: draft (kladde) → agenda sent → held → minutes awaiting approval →
minutes approved. Each step is taken by one call here, which checks who may take it, keeps
the change in history with the user, stores the documents that step freezes and tells the
forum through ``notifications.notify``.

Frozen documents: when the agenda is sent, the agenda as sent (members' version, closed
items included) and the public agenda are rendered and stored on the meeting; when the
minutes are approved (and after each correction after approval) the public minutes are.
The public versions show closed items by number and title only.
"""

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bass.pdf import render_pdf
from clusters.models import (
    AgendaAttachment,
    AgendaItem,
    AttendanceStatus,
    Dissent,
    Meeting,
    MeetingStatus,
    StandardItemPosition,
)
from notifications.notify import notify
from roles.models import RoleAssignment
from roles.permissions import can

PDF_TEMPLATE = "pdf/clusters/minutes.html"

# A member may add a dissent (protokoltilførsel) after the meeting, until the approval.
DISSENT_STATUSES = (MeetingStatus.HELD, MeetingStatus.MINUTES_SUBMITTED)

# The forum's own people, in the order the attendance lists them.
MEMBER_KINDS = ["forum_chair", "forum_co_chair", "forum_member", "forum_consultant"]

# status reached -> notification event
_EVENTS = {
    MeetingStatus.PUBLISHED: "agenda_published",
    MeetingStatus.MINUTES_SUBMITTED: "minutes_submitted",
    MeetingStatus.APPROVED: "minutes_approved",
}

_REASONS = {
    MeetingStatus.PUBLISHED: gettext_lazy("Agenda sent"),
    MeetingStatus.HELD: gettext_lazy("Meeting held"),
    MeetingStatus.MINUTES_SUBMITTED: gettext_lazy("Minutes submitted for approval"),
    MeetingStatus.APPROVED: gettext_lazy("Minutes approved"),
}


def forum_people(forum, kinds=None):
    """The users holding a current role on ``forum`` (of ``kinds`` if given)."""
    assignments = RoleAssignment.objects.current().on_object(forum)
    if kinds:
        assignments = assignments.filter(kind__in=kinds)
    return [a.person.user for a in assignments.select_related("person__user") if a.person.user]


def forum_members(forum) -> list:
    """The persons holding a current membership role on ``forum`` (chair, co-chair,
    members, consultants), chair first; the secretary takes the minutes and is not listed."""
    assignments = (
        RoleAssignment.objects.current()
        .on_object(forum)
        .filter(kind__in=MEMBER_KINDS)
        .select_related("person__user")
    )
    people = {}
    for assignment in sorted(
        assignments, key=lambda a: (MEMBER_KINDS.index(a.kind), str(a.person))
    ):
        people.setdefault(assignment.person_id, assignment.person)
    return list(people.values())


def document_context(meeting: Meeting, *, minutes: bool, closed: str) -> dict:
    """The context of the meeting PDFs. ``closed``: "full" (members), "title" (public:
    number and title only) or "none" (the people of the cluster: left out)."""
    meeting = Meeting.objects.select_related("forum__cluster").get(pk=meeting.pk)
    items = meeting.items.prefetch_related(
        Prefetch("attachments", queryset=AgendaAttachment.objects.order_by("pk")),
        Prefetch("dissents", queryset=Dissent.objects.order_by("created_at", "pk")),
    )
    if closed == "none":
        items = items.filter(is_closed=False)
    return {
        "meeting": meeting,
        "forum": meeting.forum,
        "items": list(items),
        "minutes": minutes,
        "public": closed == "title",
        "attendance": attendance_rows(meeting) if minutes else [],
        # The PDF's creation time (<meta name="dcterms.created">, templates/pdf/base.html).
        "generated_at": timezone.localtime(),
    }


def attendance_rows(meeting: Meeting) -> dict:
    """Who was present, who sent apologies (with their substitute): printed once at the
    top of the minutes. Empty when no attendance was recorded."""
    rows = list(meeting.attendance.select_related("person__user", "substitute__user"))
    rows.sort(key=lambda row: str(row.person))
    present = [row.person for row in rows if row.status == AttendanceStatus.PRESENT]
    absent = [row for row in rows if row.status == AttendanceStatus.ABSENT]
    if not rows:
        return {}
    return {"present": present, "absent": absent}


def _store(meeting: Meeting, field: str, prefix: str, context: dict) -> None:
    pdf = render_pdf(PDF_TEMPLATE, context, language="da")
    day = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d")
    name = f"{prefix}-{slugify(meeting.forum.name)[:40]}-{day}.pdf"
    getattr(meeting, field).save(name, ContentFile(pdf), save=False)


def freeze_public_minutes(meeting: Meeting) -> None:
    """Render the public minutes and put them on ``meeting`` (the caller saves it)."""
    _store(
        meeting,
        "public_minutes_pdf",
        "referat-offentligt",
        document_context(meeting, minutes=True, closed="title"),
    )


def freeze_sent_agenda(meeting: Meeting) -> None:
    """Render the agenda as sent and the public agenda and put them on ``meeting`` (the
    caller saves it)."""
    _store(
        meeting, "agenda_pdf", "dagsorden", document_context(meeting, minutes=False, closed="full")
    )
    _store(
        meeting,
        "public_agenda_pdf",
        "dagsorden-offentlig",
        document_context(meeting, minutes=False, closed="title"),
    )


def advance(meeting: Meeting, user) -> str:
    """Take the meeting one step on; returns the new status. PermissionDenied when ``user``
    may not take the step."""
    step = meeting.next_step
    if step is None:
        raise PermissionDenied
    target, permission = step
    if not can(user, permission, meeting.forum):
        raise PermissionDenied
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("forum").get(pk=meeting.pk)
        if meeting.next_step != step:  # someone took the step meanwhile
            return meeting.status
        meeting.status = target
        now = timezone.now()
        if target == MeetingStatus.PUBLISHED:
            meeting.published_at = now
            freeze_sent_agenda(meeting)
        if target == MeetingStatus.APPROVED:
            meeting.approved_at = now
            meeting.approved_by = user
            freeze_public_minutes(meeting)
        meeting._change_reason = str(_REASONS[target])
        meeting.save()
        event = _EVENTS.get(target)
        if event:
            kinds = ["forum_chair"] if target == MeetingStatus.MINUTES_SUBMITTED else None
            notify(forum_people(meeting.forum, kinds), event, meeting, actor=user)
    return target


def mark_corrected(item: AgendaItem, reason: str) -> None:
    """A change to approved minutes: the meeting says so and the public minutes follow."""
    mark_corrected_meeting(Meeting.objects.select_related("forum").get(pk=item.meeting_id), reason)


def mark_corrected_meeting(meeting: Meeting, reason: str) -> None:
    if not meeting.is_approved:
        return
    meeting.refresh_from_db()
    meeting.corrected_after_approval = True
    meeting._change_reason = (_("Corrected after approval: %(reason)s") % {"reason": reason})[:100]
    freeze_public_minutes(meeting)
    meeting.save()


def add_standard_items(meeting: Meeting) -> int:
    """Give a new meeting its forum's standard items: those placed first at the top, those
    placed last at the bottom (they stay last when items are added). Returns how many."""
    standard = list(meeting.forum.standard_items.order_by("position", "order", "pk"))
    first = [s for s in standard if s.position == StandardItemPosition.FIRST]
    last = [s for s in standard if s.position == StandardItemPosition.LAST]
    number = meeting.items.aggregate(top=Max("number"))["top"] or 0
    for standard_item in first + last:
        number += 1
        AgendaItem(
            meeting=meeting,
            number=number,
            title=standard_item.title,
            summary=standard_item.summary,
            recommendation=standard_item.recommendation,
            case_id=meeting.default_case_id,
            keep_last=standard_item.position == StandardItemPosition.LAST,
        ).save()
    return len(standard)


def make_room(meeting: Meeting, number: int) -> None:
    """Move the items that stay last and hold ``number`` or a later one down by one, from
    the bottom up, so the numbers stay unique at every save."""
    taken = meeting.items.filter(number__gte=number).order_by("-number")
    if not taken.filter(number=number, keep_last=True).exists():
        return
    for item in taken:
        item.number += 1
        item._change_reason = _("Moved on the agenda")
        item.save()
