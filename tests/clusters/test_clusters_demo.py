from pathlib import Path

from django.core.management import call_command
from django.urls import reverse

from bass.text import html_to_text
from clusters.models import AgendaItem, Cluster, Initiative, Meeting
from tests.conftest import assign


def test_the_cluster_demo_loads_once_and_twice_changes_nothing(world, capsys):
    call_command("load_cluster_demo")
    counts = (
        Cluster.objects.count(),
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        Initiative.objects.count(),
    )
    slagelse = Cluster.objects.get(name="Sundhedsklynge Slagelse")
    assert counts == (2, 1, 6, 3 + 14)
    assert slagelse.forums.filter(kind="theme").count() == 3
    meeting = Meeting.objects.get()
    assert meeting.starts_at.date().isoformat() == "2025-04-03"
    assert meeting.items.get(number=3).decision.startswith("<p>Faglig Strategisk Forum prioriterer")
    assert list(
        slagelse.initiatives.order_by("priority_rank").values_list("priority_rank", flat=True)
    ) == [1, 2, 3]
    assert meeting.history.first().history_change_reason == "Demodata"
    assert meeting.history.first().history_user.username == "system"
    # Slagelse municipalities come from load_demo; the world has Slagelse only.
    assert list(slagelse.municipalities.values_list("name", flat=True)) == ["Slagelse"]

    call_command("load_cluster_demo")
    assert "(0 new objects)" in capsys.readouterr().out
    assert counts == (
        Cluster.objects.count(),
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        Initiative.objects.count(),
    )


def test_demo_users_hold_their_forum_roles(world, client):
    from bass.demo_data import DEMO_PASSWORD

    call_command("load_cluster_demo")
    response = client.post("/log-ind/", {"username": "klynge_sekretaer", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Tilføj punkt" in page


SEED = next(iter(sorted(Path("/work/shared/seeds").glob("002_*.txt"))), None)

# The seed minutes (Faglig Strategisk Forum, 3 April 2025): items in order, with the
# document id and the first words of each decision.
SEED_ITEMS = [
    ("Velkommen og godkendelse af dagsordenen", "12069979", "Dagsordenen blev godkendt."),
    (
        "Beslutning om anmodning til Sundhedsdatastyrelsen",
        "12071258",
        "Der udarbejdes et fælles brev fra klyngen",
    ),
    (
        "Indstilling til forbedringsinitiativer til Det Nationale Ledelsesprogram",
        "12077217",
        "Faglig Strategisk Forum prioriterer som følger:",
    ),
    ("Evaluering af Slagelse klyngens fælles læringsdag", "12071476", "FSF drøftede indsatser"),
    (
        "Orientering om sundhedsreformsarbejdet ift. Omstilling af sundhedsopgaven mod det "
        "nære sundhedsvæsen",
        "12071279",
        "Niels Reichstein Larsen og Trine Holgersen",
    ),
    ("Eventuelt", "12086663", "Anne Bang fortalte"),
]


def test_the_demo_meeting_reproduces_the_seed_minutes(world):
    call_command("load_cluster_demo")
    meeting = Meeting.objects.get()
    assert meeting.status == "approved"
    items = list(meeting.items.order_by("number"))
    assert [(i.number, i.title, i.document_id) for i in items] == [
        (n, title, doc) for n, (title, doc, _d) in enumerate(SEED_ITEMS, start=1)
    ]
    for item, (_title, _doc, decision) in zip(items, SEED_ITEMS, strict=True):
        assert html_to_text(item.decision).startswith(decision)
        assert item.case_id == "EMN-2024-10711"
    third = items[2]
    assert "<ol><li>Indstiller temaudvalgenes forslag" in third.recommendation
    assert "<em>Basal Palliation – kompetenceudvikling på tværs af sektorer</em>" in (
        third.case_presentation
    )
    assert [a.title for a in third.attachments.order_by("pk")] == [
        "Pkt. 3 Bilag 1 Forbedringsinitiativ - Basal palliation",
        "Pkt. 3 Bilag 2 Forbedrings initiativ Den forebyggende udskrivelse",
        "Pkt. 3 Bilag 3 Forbedringsinitiativ rekruttering af borgere til rehabiliteringsforløb",
    ]
    # "." in the minutes means an empty field: stored empty, so not printed as a heading.
    assert items[0].case_presentation == "" and items[0].earlier_decisions == ""
    if SEED is not None:  # every paragraph of every field is the seed's own text
        seed = " ".join(SEED.read_text().split())
        for item in items:
            for name in ["summary", "recommendation", "case_presentation", "finances"]:
                for line in html_to_text(getattr(item, name)).splitlines():
                    assert " ".join(line.split()) in seed.replace("*", ""), (item.number, line)


def test_fmk_finds_the_seeds_items_with_the_field_named_and_marked(world, login):
    call_command("load_cluster_demo")
    meeting = Meeting.objects.get()
    assign(world.lead_a, "forum_member", meeting.forum)
    response = login(world.lead_a).get(reverse("decision_log"), {"q": "FMK"})
    found = list(response.context["page"].object_list)
    assert [i.number for i in found] == [2]
    labels = [hit["label"] for hit in found[0].hits]
    assert "Indstilling" in labels and "Sagsfremstilling" in labels
    page = response.content.decode()
    assert "<mark>FMK</mark>" in page
    # An attachment's title is searched too, and forum names name their cluster.
    response = login(world.lead_a).get(reverse("decision_log"), {"q": "rekruttering"})
    assert 3 in [i.number for i in response.context["page"].object_list]
    assert "Sundhedsklynge Slagelse – Faglig Strategisk Forum" in response.content.decode()
