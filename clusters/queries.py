"""What other apps (and the clusters views) read of the clusters: one access helper per
object kind.

Who sees what is declared on the models and answered by roles/permissions.py: the people
of a cluster (members of any of its forums) see its forums, meetings, open agenda items and
initiatives. Two rules narrow that, and every helper here applies them:

- closed items and their attachments are seen by the forum's own circle (chair, co-chair,
  members, consultants, secretary) and the programme's administrators, who hold every
  permission: ``view_closed`` on the forum. The steering group reads the whole programme
  but not a cluster's closed items;
- a meeting in draft (kladde) and its items are seen by those who keep the agenda (the
  secretary and the chair: ``change`` on the forum) until the agenda is sent.

Each helper answers 404 for an object the user may not see and 403 for an action they may
not take on it.
"""

import datetime

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bass import formatting
from bass.waiting import Waiting, as_date, group
from clusters.models import (
    AgendaAttachment,
    AgendaItem,
    Forum,
    Initiative,
    Meeting,
    MeetingStatus,
    TripleAimMeasure,
    TripleAimValue,
)
from roles.permissions import can, get_for_user, require, restrict


def get_forum(user, pk: int, action: str = "view") -> Forum:
    return get_for_user(Forum.objects.select_related("cluster"), user, action, pk=pk)


def _check_draft(user, meeting: Meeting) -> None:
    if meeting.is_draft and not can(user, "change", meeting.forum):
        raise Http404


def _check_item(user, item: AgendaItem) -> None:
    _check_draft(user, item.meeting)
    if item.is_closed and not can(user, "view_closed", item.meeting.forum):
        raise Http404


def _then(user, action: str, obj):
    """After the visibility checks (404), the action (403)."""
    if action != "view":
        require(user, action, obj)
    return obj


def get_meeting(user, pk: int, action: str = "view") -> Meeting:
    meeting = get_for_user(Meeting.objects.select_related("forum__cluster"), user, pk=pk)
    _check_draft(user, meeting)
    return _then(user, action, meeting)


def get_item(user, pk: int, action: str = "view") -> AgendaItem:
    item = get_for_user(AgendaItem.objects.select_related("meeting__forum__cluster"), user, pk=pk)
    _check_item(user, item)
    return _then(user, action, item)


def get_attachment(user, pk: int, action: str = "view") -> AgendaAttachment:
    attachment = get_for_user(
        AgendaAttachment.objects.select_related("item__meeting__forum"), user, pk=pk
    )
    _check_item(user, attachment.item)
    return _then(user, action, attachment)


def visible_meetings(queryset, user):
    """``queryset`` narrowed to the meetings ``user`` may see (drafts only to those who keep
    them)."""
    keeps = restrict(Forum.objects.all(), user, "change").values("pk")
    return restrict(queryset, user).filter(~Q(status=MeetingStatus.DRAFT) | Q(forum__in=keeps))


def visible_items(queryset, user, prefix: str = ""):
    """``queryset`` of agenda items (or of rows reached from an item through ``prefix``,
    e.g. "item__") narrowed to what ``user`` may see: open items of meetings they see,
    closed items of their own forums."""
    closed_ok = restrict(Forum.objects.all(), user, "view_closed").values("pk")
    keeps = restrict(Forum.objects.all(), user, "change").values("pk")
    forum = f"{prefix}meeting__forum__in"
    return restrict(queryset, user).filter(
        Q(**{f"{prefix}is_closed": False}) | Q(**{forum: closed_ok}),
        ~Q(**{f"{prefix}meeting__status": MeetingStatus.DRAFT}) | Q(**{forum: keeps}),
    )


def get_initiative(user, pk: int, action: str = "view") -> Initiative:
    return get_for_user(
        Initiative.objects.select_related("cluster", "proposed_by", "decided_at"),
        user,
        action,
        pk=pk,
    )


def get_triple_aim_measure(user, pk: int, action: str = "view") -> TripleAimMeasure:
    return get_for_user(
        TripleAimMeasure.objects.select_related("initiative__cluster", "initiative__proposed_by"),
        user,
        action,
        pk=pk,
    )


def get_triple_aim_value(user, pk: int, action: str = "view") -> TripleAimValue:
    return get_for_user(
        TripleAimValue.objects.select_related(
            "measure__initiative__cluster", "measure__initiative__proposed_by"
        ),
        user,
        action,
        pk=pk,
    )


# --- the read API (api/) ----------------------------------------------------------------


def api_decisions(user):
    """Agenda items with a recorded decision that ``user`` may see (closed items only to
    their forum), newest meeting first."""
    return (
        restrict(AgendaItem.objects.all(), user)
        .exclude(decision="")
        .select_related("meeting__forum__cluster")
        .order_by("-meeting__starts_at", "number", "pk")
    )


# --- what waits for the forum's people ("Venter på dig") ----------------------------------


def waiting_for(user, on=None) -> list:
    """Minutes waiting for the chair's approval, and agendas sent for meetings still to be
    held that the person may see. Four queries."""
    on = on or timezone.localdate()
    approvers = restrict(Forum.objects.all(), user, "approve_minutes")
    minutes = (
        Meeting.objects.filter(status=MeetingStatus.MINUTES_SUBMITTED, forum__in=approvers)
        .select_related("forum__cluster")
        .order_by("starts_at", "pk")
    )
    start_of_day = timezone.make_aware(datetime.datetime.combine(on, datetime.time.min))
    agendas = (
        restrict(Meeting.objects.filter(status=MeetingStatus.PUBLISHED), user)
        .filter(starts_at__gte=start_of_day)
        .select_related("forum__cluster")
        .order_by("starts_at", "pk")
    )

    def meeting_title(m) -> str:
        return f"{m.forum.cluster.name} – {m.forum.name}: {formatting.date(as_date(m.starts_at))}"

    return [
        group(
            "minutes_to_approve",
            _("Minutes waiting for your approval"),
            minutes,
            lambda m: Waiting(
                meeting_title(m),
                _("The secretary has sent the minutes for approval"),
                as_date(m.starts_at),
                m.get_absolute_url(),
            ),
        ),
        group(
            "agenda_published",
            _("Agendas sent for coming meetings"),
            agendas,
            lambda m: Waiting(
                meeting_title(m),
                _("Read the agenda before the meeting"),
                as_date(m.published_at),
                m.get_absolute_url(),
            ),
        ),
    ]
