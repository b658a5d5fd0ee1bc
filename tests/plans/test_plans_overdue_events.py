"""A milestone past its due date is announced once to the person responsible for it."""

import datetime

from notifications.models import Notification
from plans.tasks import announce_overdue_milestones
from tests.plans.plans_factories import TODAY, milestone, plan_for


def test_an_overdue_milestone_is_announced_to_its_responsible_person_once(world):
    plan = plan_for(world.specialty_a)
    due = TODAY - datetime.timedelta(days=1)
    start = due - datetime.timedelta(days=10)
    late = milestone(plan, "Sen", start=start, due=due, responsible=world.lead_a.person)
    milestone(plan, "Færdig", start=start, due=due, status="done", responsible=world.lead_a.person)
    milestone(plan, "Uden ansvarlig", start=start, due=due)
    milestone(plan, "Til tiden", start=start, due=TODAY, responsible=world.lead_a.person)
    assert announce_overdue_milestones(TODAY.isoformat()) == 1
    [told] = Notification.objects.filter(event="milestone_overdue")
    assert told.recipient == world.lead_a
    assert told.object_id == late.pk
    assert announce_overdue_milestones(TODAY.isoformat()) == 0
