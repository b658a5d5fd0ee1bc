"""Who sees what in a cluster.

Two circles: the people of a cluster (members of any of its forums) see its forums,
meetings, open agenda items and initiatives; a forum's own members see its closed items
and their attachments too. The steering group and administrators see everything through
their groups' model-wide view permissions. Changes need the forum's object permissions
(roles/kinds.py).
"""

from django.db.models import Q
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from clusters.models import AgendaAttachment, AgendaItem, Forum, Initiative, Meeting
from roles.permissions import can, require


def forums_for(user):
    """Forums of the clusters the user takes part in (two queries at most, as a subquery)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Forum.objects.none()
    if user.has_perm("clusters.view_forum"):
        return Forum.objects.all()
    member_of = get_objects_for_user(
        user, "clusters.view_forum", klass=Forum, accept_global_perms=False
    ).values("cluster_id")
    return Forum.objects.filter(cluster_id__in=member_of)


def member_forums(user):
    """Forums whose closed items the user may see (a subquery)."""
    if user.has_perm("clusters.view_forum"):
        return Forum.objects.all()
    return get_objects_for_user(user, "clusters.view_forum", klass=Forum, accept_global_perms=False)


def visible_items(user):
    """Agenda items the user may see across meetings: open items of their clusters' forums,
    closed items of their own forums."""
    return AgendaItem.objects.filter(meeting__forum__in=forums_for(user)).filter(
        Q(is_closed=False) | Q(meeting__forum__in=member_forums(user).values("pk"))
    )


def can_see_closed(user, forum: Forum) -> bool:
    return can(user, "view", forum)


def _require(user, action: str, forum: Forum) -> None:
    if action != "view":
        require(user, action, forum)


def get_forum(user, pk: int, action: str = "view") -> Forum:
    forum = forums_for(user).select_related("cluster").filter(pk=pk).first()
    if forum is None:
        raise Http404
    _require(user, action, forum)
    return forum


def get_meeting(user, pk: int, action: str = "view") -> Meeting:
    meeting = (
        Meeting.objects.select_related("forum__cluster")
        .filter(forum__in=forums_for(user), pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    _require(user, action, meeting.forum)
    return meeting


def get_item(user, pk: int, action: str = "view") -> AgendaItem:
    item = (
        AgendaItem.objects.select_related("meeting__forum__cluster")
        .filter(meeting__forum__in=forums_for(user), pk=pk)
        .first()
    )
    if item is None or (item.is_closed and not can_see_closed(user, item.meeting.forum)):
        raise Http404
    _require(user, action, item.meeting.forum)
    return item


def get_attachment(user, pk: int, action: str = "view") -> AgendaAttachment:
    attachment = AgendaAttachment.objects.filter(pk=pk).values_list("item_id", flat=True).first()
    if attachment is None:
        raise Http404
    item = get_item(user, attachment, action)
    return AgendaAttachment.objects.select_related("item").get(pk=pk, item=item)


def initiatives_for(user):
    return Initiative.objects.filter(proposed_by__in=forums_for(user))


def get_initiative(user, pk: int, action: str = "view") -> Initiative:
    initiative = (
        initiatives_for(user).select_related("cluster", "proposed_by", "decided_at").filter(pk=pk)
    ).first()
    if initiative is None:
        raise Http404
    _require(user, action, initiative.proposed_by)
    return initiative
