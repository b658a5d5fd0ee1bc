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


def _standard_item(w, x):
    from clusters.models import StandardItem

    forum = side(w, x).forum
    item = StandardItem.objects.create(forum=forum, title="Eventuelt", position="last")
    return reverse("standard_item_update", args=[item.pk])


def _archived(name, attribute):
    """``name`` on side x's object after its forum became an archive (a council succeeded
    cluster x and forum x went to the council's forum)."""

    def build(w, x):
        from django.utils import timezone

        from clusters.models import Cluster, Forum

        s = side(w, x)
        council, _new = Cluster.objects.get_or_create(name=f"Sundhedsråd {x}", kind="council")
        target, _new = Forum.objects.get_or_create(
            cluster=council, kind="strategic", name="Rådets forum"
        )
        s.cluster.refresh_from_db()
        s.forum.refresh_from_db()
        s.cluster.successor = council
        s.cluster.save()
        s.forum.archived_into = target
        s.forum.archived_at = timezone.now()
        s.forum.save()
        return reverse(name, args=[getattr(s, attribute).pk])

    return build


def _forum_measure(w, x):
    """The population-health measure of an initiative proposed by forum x itself (whose
    chair and secretary keep it), not by the theme committee."""
    from clusters.models import Initiative

    s = side(w, x)
    initiative, _new = Initiative.objects.get_or_create(
        cluster=s.cluster, proposed_by=s.forum, title="Akutteam i plejecentre"
    )
    return initiative.triple_aim.get(dimension="population_health")


def _triple_aim_value_create(w, x):
    return reverse("triple_aim_value_create", args=[_forum_measure(w, x).pk])


def _triple_aim_value_delete(w, x):
    import datetime

    from clusters.models import TripleAimValue

    value, _new = TripleAimValue.objects.get_or_create(
        measure=_forum_measure(w, x), date=datetime.date(2025, 1, 1), defaults={"value": 10}
    )
    return reverse("triple_aim_value_delete", args=[value.pk])


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
    "triple_aim_value_create": _triple_aim_value_create,
    "triple_aim_value_delete": _triple_aim_value_delete,
    "cluster_succession": _url("cluster_succession", "cluster"),
    "standard_items": _url("standard_items", "forum"),
    "standard_item_update": _standard_item,
    "archived_meeting_detail": _archived("meeting_detail", "meeting"),
    "archived_meeting_update": _archived("meeting_update", "meeting"),
    "archived_meeting_advance": _archived("meeting_advance", "meeting"),
    "archived_item_update": _archived("item_update", "item"),
    "archived_item_decision": _archived("item_decision", "item"),
    "archived_item_dissent": _archived("item_dissent", "item"),
    "archived_meeting_create": _archived("meeting_create", "forum"),
    "archived_prioritisation": _archived("prioritisation", "forum"),
}
