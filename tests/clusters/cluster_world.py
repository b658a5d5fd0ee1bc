"""A small cluster world on top of tests/conftest.py's ``World``, shared by the cluster
tests and the permission-matrix builders.

Cluster A has its professional strategic forum (``forum_a``) and a theme committee
(``theme_a``); cluster B has ``forum_b``. Roles: owner_a chairs forum A, lead_a is a member
of forum A, core_a is a consultant of theme committee A (so one of cluster A's people, but
not a member of forum A), owner_b chairs forum B. Forum A has a meeting with an open item
(1) and a closed item (2) with an attachment, and an initiative proposed by forum A.
"""

import datetime
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from tests.conftest import assign

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
# One fixed file for the matrix: written once, reused by every test run.
MATRIX_FILE = "klynger/bilag/test/matrix-bilag.png"


def _side(w, x: str):
    from clusters.models import (
        AgendaAttachment,
        AgendaItem,
        Cluster,
        Forum,
        ForumKind,
        Initiative,
        Meeting,
    )

    cluster = Cluster.objects.create(name=f"Sundhedsklynge {x}")
    forum = Forum.objects.create(
        cluster=cluster, kind=ForumKind.STRATEGIC, name=f"Faglig Strategisk Forum {x}"
    )
    theme = Forum.objects.create(
        cluster=cluster, kind=ForumKind.THEME, name=f"Temaudvalg for sårbare ældre {x}"
    )
    meeting = Meeting.objects.create(
        forum=forum,
        starts_at=timezone.make_aware(datetime.datetime(2025, 4, 3, 16, 30)),
        place="Microsoft Teams",
        status="held",
    )
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=1,
        title="Velkommen og godkendelse af dagsordenen",
        case_id="EMN-2024-10711",
        document_id="12069979",
        summary="<p>Forummet godkender dagsordenen.</p>",
        decision="<p>Dagsordenen blev godkendt.</p>",
    )
    closed = AgendaItem.objects.create(
        meeting=meeting, number=2, title="Personsag om formandskabet", is_closed=True
    )
    if not default_storage.exists(MATRIX_FILE):
        default_storage.save(MATRIX_FILE, ContentFile(PNG))
    attachment = AgendaAttachment(
        item=closed, title="Bilag 1", content_type="image/png", size=len(PNG)
    )
    attachment.file.name = MATRIX_FILE
    attachment.save()
    initiative = Initiative.objects.create(
        cluster=cluster, proposed_by=theme, title="Basal palliation"
    )
    return SimpleNamespace(
        cluster=cluster,
        forum=forum,
        theme=theme,
        meeting=meeting,
        item=item,
        closed=closed,
        attachment=attachment,
        initiative=initiative,
    )


def cluster_world(w):
    """Build (once per ``World``) and return {"A": side A, "B": side B}."""
    if not hasattr(w, "_clusters"):
        sides = {"A": _side(w, "A"), "B": _side(w, "B")}
        assign(w.owner_a, "forum_chair", sides["A"].forum)
        assign(w.lead_a, "forum_member", sides["A"].forum)
        assign(w.core_a, "forum_consultant", sides["A"].theme)
        assign(w.owner_b, "forum_chair", sides["B"].forum)
        w._clusters = sides
    return w._clusters


def side(w, x: str):
    return cluster_world(w)[x]
