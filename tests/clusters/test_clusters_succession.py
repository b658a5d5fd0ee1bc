import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from clusters.models import AgendaItem, Cluster, Forum, Meeting


def test_a_health_council_inherits_the_forums_and_history_of_its_cluster(cw, login):
    council = Cluster.objects.create(name="Sundhedsråd Vest", kind="council")
    own = Forum.objects.create(cluster=council, kind="strategic", name="Sundhedsrådets forum")
    cluster = cw.a.cluster
    history_before = cluster.history.count()
    forum_history = list(cw.a.forum.history.values_list("history_id", flat=True))

    cluster.successor = council
    cluster.full_clean()
    cluster.save()

    assert set(council.all_forums()) == {own, cw.a.forum, cw.a.theme}
    assert set(cluster.all_forums()) == {cw.a.forum, cw.a.theme}  # nothing moved
    cw.a.forum.refresh_from_db()
    assert cw.a.forum.cluster == cluster
    assert list(cw.a.forum.history.values_list("history_id", flat=True)) == forum_history
    assert cluster.history.count() == history_before + 1
    assert cluster.history.first().successor_id == council.pk

    page = login(cw.world.owner_a).get(council.get_absolute_url()).content.decode()
    assert "Faglig Strategisk Forum A" in page
    assert "Sundhedsklynge A" in page  # "from Sundhedsklynge A" and "Succeeds"


def test_a_council_succeeding_a_council_still_reaches_the_first_cluster(cw):
    first = Cluster.objects.create(name="Råd 2027", kind="council")
    second = Cluster.objects.create(name="Råd 2031", kind="council")
    cw.a.cluster.successor = first
    cw.a.cluster.save()
    first.successor = second
    first.save()
    assert cw.a.forum in second.all_forums()


@pytest.mark.parametrize("case", ["self", "not_a_council", "circle"])
def test_impossible_successions_are_refused(cw, case):
    council = Cluster.objects.create(name="Sundhedsråd", kind="council")
    cluster = cw.a.cluster
    if case == "self":
        council.successor = council
        target = council
    elif case == "not_a_council":
        cluster.successor = cw.b.cluster
        target = cluster
    else:
        cluster.successor = council
        cluster.save()
        council.successor = Cluster.objects.create(name="Råd 2", kind="council")
        council.save()
        council.successor.successor = council
        target = council.successor
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert "successor" in error.value.message_dict


def test_the_database_refuses_duplicate_item_numbers(cw):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=cw.a.meeting, number=1, title="Dobbelt")


def test_cluster_population_is_the_sum_of_its_municipalities(cw, login):
    cw.a.cluster.municipalities.set(cw.world.municipalities[:2])
    assert cw.a.cluster.population == 73440 + 48602
    page = login(cw.world.nobody).get(cw.a.cluster.get_absolute_url()).content.decode()
    assert "122.042" in page  # reference data: every signed-in user sees the cluster
    assert "Faglig Strategisk Forum A</a>" not in page  # but not a link into the forum


def test_a_meeting_needs_a_place_or_a_link(cw):
    meeting = Meeting(forum=cw.a.forum, starts_at=cw.a.meeting.starts_at)
    with pytest.raises(ValidationError):
        meeting.full_clean()


def test_deleting_a_forum_deletes_its_role_assignments(cw):
    from roles.models import RoleAssignment

    forum = Forum.objects.create(cluster=cw.a.cluster, kind="theme", name="Kortlivet udvalg")
    from tests.conftest import assign

    assign(cw.world.nobody, "forum_member", forum)
    assert cw.world.nobody.has_perm("clusters.view_forum", forum)
    forum.delete()
    assert not RoleAssignment.objects.filter(person__user=cw.world.nobody).exists()
