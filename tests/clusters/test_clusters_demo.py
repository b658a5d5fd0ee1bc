from django.core.management import call_command

from clusters.models import AgendaItem, Cluster, Initiative, Meeting


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
    assert meeting.items.get(number=3).decision.startswith("<p>Forummet prioriterede")
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
