"""'Venter på dig' for the forums: minutes waiting for the chair, agendas sent to the forum."""

import datetime

from django.utils import timezone

from clusters.models import Meeting
from programme.inbox import waiting_for
from tests.clusters.cluster_world import side

ON = datetime.date(2026, 6, 15)


def _meeting(forum, status, day, **extra):
    return Meeting.objects.create(
        forum=forum,
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(14))),
        status=status,
        **extra,
    )


def _keys(user):
    return {g.key: [item.title for item in g.items] for g in waiting_for(user, ON)}


def test_minutes_sent_for_approval_wait_for_the_chair_only(world):
    forum = side(world, "A").forum
    _meeting(forum, "minutes_submitted", datetime.date(2026, 6, 2))
    chair = _keys(world.owner_a)
    assert chair["minutes_to_approve"] == [
        "Sundhedsklynge A – Faglig Strategisk Forum A: 02.06.2026"
    ]
    assert "minutes_to_approve" not in _keys(world.lead_a)  # a member
    assert "minutes_to_approve" not in _keys(world.owner_b)  # another cluster's chair


def test_a_sent_agenda_waits_for_the_forum_until_the_meeting(world):
    forum = side(world, "A").forum
    sent = timezone.make_aware(datetime.datetime(2026, 6, 10, 9))
    _meeting(forum, "published", datetime.date(2026, 6, 20), published_at=sent)
    _meeting(forum, "published", datetime.date(2026, 6, 1), published_at=sent)  # past
    _meeting(forum, "draft", datetime.date(2026, 6, 25))  # not sent
    member = _keys(world.lead_a)
    assert member["agenda_published"] == [
        "Sundhedsklynge A – Faglig Strategisk Forum A: 20.06.2026"
    ]
    assert "agenda_published" not in _keys(world.owner_b)
