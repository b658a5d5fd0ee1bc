"""What other apps (and the clusters views) read of the clusters: one access helper per
object kind.

Who sees what is declared on the models and answered by roles/permissions.py: the people
of a cluster (members of any of its forums) see its forums, meetings, open agenda items and
initiatives; a forum's own members see its closed items and their attachments too. Each
helper answers 404 for an object the user may not see and 403 for an action they may not
take on it.
"""

from clusters.models import AgendaAttachment, AgendaItem, Forum, Initiative, Meeting
from roles.permissions import get_for_user, restrict


def get_forum(user, pk: int, action: str = "view") -> Forum:
    return get_for_user(Forum.objects.select_related("cluster"), user, action, pk=pk)


def get_meeting(user, pk: int, action: str = "view") -> Meeting:
    return get_for_user(Meeting.objects.select_related("forum__cluster"), user, action, pk=pk)


def get_item(user, pk: int, action: str = "view") -> AgendaItem:
    return get_for_user(
        AgendaItem.objects.select_related("meeting__forum__cluster"), user, action, pk=pk
    )


def get_attachment(user, pk: int, action: str = "view") -> AgendaAttachment:
    return get_for_user(
        AgendaAttachment.objects.select_related("item__meeting__forum"), user, action, pk=pk
    )


def get_initiative(user, pk: int, action: str = "view") -> Initiative:
    return get_for_user(
        Initiative.objects.select_related("cluster", "proposed_by", "decided_at"),
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
