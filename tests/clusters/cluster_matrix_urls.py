"""URL builders for the permission matrix rows of health clusters.

tests/permission_matrix.py merges ``URLS`` under its "clusters" anchor. The
objects come from tests/clusters/cluster_world.py, built lazily on the matrix's ``world``.
"""

from django.urls import reverse

from tests.clusters.cluster_world import side


def _url(name, attribute):
    return lambda w, x: reverse(name, args=[getattr(side(w, x), attribute).pk])


URLS = {
    "cluster_list": lambda w, x: reverse("cluster_list"),
    "cluster_detail": _url("cluster_detail", "cluster"),
    "decision_log": lambda w, x: reverse("decision_log") + "?q=godkendt",
    "forum_detail": _url("forum_detail", "forum"),
    "meeting_create": _url("meeting_create", "forum"),
    "meeting_detail": _url("meeting_detail", "meeting"),
    "meeting_update": _url("meeting_update", "meeting"),
    "meeting_minutes_export": lambda w, x: reverse(
        "export_page", args=["meeting_minutes", side(w, x).meeting.pk]
    ),
    "meeting_minutes_members_export": lambda w, x: reverse(
        "export_page", args=["meeting_minutes_members", side(w, x).meeting.pk]
    ),
    "meeting_history": lambda w, x: side(w, x).meeting.get_history_url(),
    "item_create": _url("item_create", "meeting"),
    "item_update": _url("item_update", "item"),
    "item_update_closed": _url("item_update", "closed"),
    "item_decision": _url("item_decision", "item"),
    "item_move": _url("item_move", "item"),
    "item_delete": _url("item_delete", "item"),
    "attachment_create": _url("attachment_create", "closed"),
    "attachment_download": _url("attachment_download", "attachment"),
    "prioritisation": _url("prioritisation", "forum"),
    "initiative_detail": _url("initiative_detail", "initiative"),
    "initiative_create": _url("initiative_create", "forum"),
    "initiative_update": _url("initiative_update", "initiative"),
}
