"""'Venter på dig': what waits for the signed-in person, computed from the state of the work."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bass.history import acting_as
from improvement.models import PDSACycle
from plans.models import Spending
from programme.inbox import waiting_for
from roles.models import RoleAssignment
from roles.permissions import sync_user
from specialties.models import Ambition
from sustainability.models import Assessment
from tests.conftest import assign
from tests.discussion.factories import comment_on
from tests.improvement.improvement_world import improvement_for
from tests.plans.plans_factories import grant, milestone, plan_for

ON = datetime.date(2026, 6, 15)


def kinds(user, on=ON) -> dict[str, int]:
    return {group.key: group.count for group in waiting_for(user, on)}


def titles(user, key, on=ON) -> list[str]:
    groups = {group.key: group for group in waiting_for(user, on)}
    return [item.title for item in groups[key].items] if key in groups else []


def ambition(specialty, kind="strategic", status="submitted", **extra):
    return Ambition.objects.create(
        specialty=specialty, kind=kind, status=status, draft_text="<p>Udkast</p>", **extra
    )


def test_submitted_ambitions_wait_for_the_steering_group_only(world):
    ambition(world.specialty_a)
    ambition(world.specialty_b, kind="professional")
    assert kinds(world.steering)["ambition_submitted"] == 2
    for name in ("owner_a", "lead_a", "core_a", "owner_b", "nobody"):
        assert "ambition_submitted" not in kinds(world.persona(name)), name


def test_a_returned_ambition_waits_for_the_owner_of_its_text(world):
    ambition(world.specialty_a, status="returned", decision_comment="Mere om geriatri")
    ambition(world.specialty_a, kind="professional", status="returned")
    owner = {g.key: g for g in waiting_for(world.owner_a, ON)}["ambition_returned"]
    assert owner.count == 1
    assert owner.items[0].title == "Strategisk ambition for Intern medicin: kardiologi"
    assert "Mere om geriatri" in owner.items[0].reason
    assert titles(world.lead_a, "ambition_returned") == [
        "Faglig ambition for Intern medicin: kardiologi"
    ]
    assert "ambition_returned" not in kinds(world.core_a)
    assert "ambition_returned" not in kinds(world.owner_b)


def test_a_comment_waits_until_the_text_changes_after_it(world):
    strategic = ambition(world.specialty_a, status="draft")
    now = timezone.now()
    comment_on(strategic, world.lead_a, "Tilføj tal", created=now)
    on = timezone.localdate(now)
    assert kinds(world.owner_a, on)["ambition_commented"] == 1
    # The author is not told about their own comment; others' texts are not theirs to act on.
    assert "ambition_commented" not in kinds(world.lead_a, on)
    with acting_as(world.owner_a):
        strategic.draft_text = "<p>Nye tal</p>"
        strategic.save()
    assert "ambition_commented" not in kinds(world.owner_a, on)


def test_overdue_cycles_wait_for_the_team(world):
    work = improvement_for(world, "A")
    on = work.cycle.planned_end + datetime.timedelta(days=1)
    # Everyone who may write the Study: the lead, the core team and the owner.
    for name in ("lead_a", "core_a", "owner_a"):
        assert kinds(world.persona(name), on).get("cycle_overdue") == 1, name
    for name in ("owner_b", "nobody"):
        assert "cycle_overdue" not in kinds(world.persona(name), on), name
    # Not yet overdue the day it is planned to end.
    assert "cycle_overdue" not in kinds(world.lead_a, work.cycle.planned_end)


def test_late_and_risky_milestones_wait_for_their_responsible_person(world):
    plan = plan_for(world.specialty_a)
    due = ON - datetime.timedelta(days=3)
    milestone(
        plan,
        "Sen",
        due=due,
        start=due - datetime.timedelta(days=10),
        responsible=world.lead_a.person,
    )
    milestone(plan, "I fare", status="at_risk", responsible=world.lead_a.person)
    milestone(
        plan,
        "Færdig",
        status="done",
        due=due,
        start=due - datetime.timedelta(days=10),
        responsible=world.lead_a.person,
    )
    milestone(plan, "På sporet", responsible=world.lead_a.person)
    milestone(plan, "Andens", status="at_risk", responsible=world.owner_a.person)
    assert sorted(t.split(" (")[0] for t in titles(world.lead_a, "milestone_late")) == [
        "I fare",
        "Sen",
    ]
    assert titles(world.owner_a, "milestone_late") == ["Andens (Intern medicin: kardiologi)"]


def test_spending_beyond_a_grant_waits_for_owner_and_secretariat(world):
    money = grant(world.specialty_a, amount="1000.00")
    Spending.objects.create(grant=money, amount=Decimal("800.00"), date=ON, note="a")
    assert "grant_overspent" not in kinds(world.owner_a)
    Spending.objects.create(grant=money, amount=Decimal("300.00"), date=ON, note="b")
    for name in ("owner_a", "admin", "steering"):
        assert kinds(world.persona(name)).get("grant_overspent") == 1, name
    for name in ("lead_a", "core_a", "owner_b", "nobody"):
        assert "grant_overspent" not in kinds(world.persona(name)), name


def test_an_old_assessment_waits_for_the_owner(world):
    assert titles(world.owner_a, "assessment_due") == [world.specialty_a.name]
    Assessment.objects.create(
        specialty=world.specialty_a,
        date=ON - datetime.timedelta(days=200),
        status="finalised",
        finalised_at=timezone.now(),
    )
    assert "assessment_due" not in kinds(world.owner_a)
    # The programme asks for an assessment every 12 months by default.
    assert "assessment_due" in kinds(world.owner_a, ON + datetime.timedelta(days=170))
    world.programme.assessment_interval_months = 24
    world.programme.save()
    assert "assessment_due" not in kinds(world.owner_a, ON + datetime.timedelta(days=170))
    assert "assessment_due" not in kinds(world.core_a)


def test_roles_beginning_or_ending_within_two_weeks_wait_for_the_person(world):
    assign(
        world.nobody, "core_team", world.specialty_b, valid_from=ON + datetime.timedelta(days=10)
    )
    assert kinds(world.nobody) == {"role_soon": 1}
    [item] = next(g for g in waiting_for(world.nobody, ON) if g.key == "role_soon").items
    assert str(item.reason) == "Your role begins 06/25/2026" or "25.06.2026" in str(item.reason)
    assert "role_soon" not in kinds(world.nobody, ON - datetime.timedelta(days=5))
    assert "role_soon" not in kinds(world.owner_a)


def test_home_page_lists_what_waits_with_counts_and_links(world, login):
    ambition(world.specialty_a)
    response = login(world.steering).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="da")
    body = response.content.decode()
    assert "Venter på dig" in body
    assert "Ambitioner, der venter på din beslutning (1)" in body
    assert reverse("ambition_detail", args=[world.specialty_a.slug, "strategisk"]) in body


def test_home_page_says_so_when_nothing_waits(world, login):
    body = login(world.nobody).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Der venter intet på dig lige nu." in body


def _grow(world, round_: int):
    """One more of everything that can wait: an ambition to decide, an overdue cycle, a
    milestone at risk for every persona's specialty."""
    from specialties.models import Specialty

    extra = Specialty.objects.create(name=f"Speciale {round_}", slug=f"speciale-{round_}")
    ambition(extra)
    work = improvement_for(world, "A")
    PDSACycle.objects.create(
        change_idea=work.idea,
        title=f"Cyklus {round_}",
        objective="x",
        planned_start=datetime.date(2025, 1, 1),
        planned_end=datetime.date(2025, 2, 1),
    )
    plan = plan_for(world.specialty_a, f"Plan {round_}")
    milestone(plan, f"M{round_}", status="at_risk", responsible=world.lead_a.person)


@pytest.mark.parametrize("name", ["steering", "owner_a", "lead_a"])
def test_home_page_queries_do_not_grow_with_the_data(world, login, name):
    client = login(world.persona(name))
    client.get(reverse("home"))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    _grow(world, 1)
    first = count()
    _grow(world, 2)
    _grow(world, 3)
    assert count() == first


def test_what_waits_is_cached_until_any_work_changes(world, django_assert_max_num_queries):
    steering = world.steering
    assert "ambition_submitted" not in kinds(steering)
    # Asked again with nothing changed: only the data fingerprint is read.
    with django_assert_max_num_queries(1):
        assert "ambition_submitted" not in kinds(steering)
    # Any change to the work (here a submitted ambition) shows at once.
    ambition(world.specialty_a)
    assert kinds(steering)["ambition_submitted"] == 1
    # A role that ends changes what the person may see: the next answer says so.
    role = RoleAssignment.objects.get(person__user=steering, kind="steering_group")
    role.valid_to = ON - datetime.timedelta(days=1)
    role.save()
    sync_user(steering, on=ON)
    assert "ambition_submitted" not in kinds(steering)
