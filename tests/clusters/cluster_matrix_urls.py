"""URL builders for the permission matrix rows of health clusters.

tests/permission_matrix.py merges ``URLS`` under its "clusters" anchor. The
objects come from tests/clusters/cluster_world.py, built lazily on the matrix's ``world``.
"""

from django.urls import reverse

from tests.clusters.cluster_world import side


def _with_pdf(field):
    """The URL of a stored PDF of side x's meeting (written once per world)."""

    def build(w, x):
        from django.core.files.base import ContentFile

        meeting = side(w, x).meeting
        meeting.refresh_from_db()
        if not getattr(meeting, field):
            getattr(meeting, field).save(f"matrix-{field}-{x}.pdf", ContentFile(b"%PDF-1.7 m"))
        name = {"agenda_pdf": "agenda_as_sent", "public_agenda_pdf": "public_meeting_pdf"}
        return reverse(name[field], args=[meeting.pk])

    return build


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
    "meeting_advance": _url("meeting_advance", "meeting"),
    "meeting_attendance": _url("meeting_attendance", "meeting"),
    "agenda_as_sent": _with_pdf("agenda_pdf"),
    "public_meeting": _url("public_meeting", "meeting"),
    "public_meeting_pdf": _with_pdf("public_agenda_pdf"),
    "item_dissent": _url("item_dissent", "item"),
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
