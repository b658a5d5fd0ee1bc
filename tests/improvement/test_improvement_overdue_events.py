"""A PDSA cycle that passes its planned end without a Study is announced to its team once."""

import datetime

from improvement.tasks import announce_overdue_cycles
from notifications.models import Notification
from tests.improvement.improvement_world import improvement_for


def test_an_overdue_cycle_is_announced_to_its_team_once(world):
    cycle = improvement_for(world, "A").cycle
    day_after = (cycle.planned_end + datetime.timedelta(days=1)).isoformat()
    assert announce_overdue_cycles(cycle.planned_end.isoformat()) == 0  # not yet overdue
    assert announce_overdue_cycles(day_after) == 1
    told = set(
        Notification.objects.filter(event="cycle_overdue").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"owner_a", "lead_a", "core_a"}
    assert announce_overdue_cycles(day_after) == 0  # once per cycle
    assert Notification.objects.filter(event="cycle_overdue").count() == 3
    [link] = set(Notification.objects.values_list("url", flat=True).filter(event="cycle_overdue"))
    assert link == cycle.get_absolute_url()
