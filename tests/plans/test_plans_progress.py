"""progress_by_specialty: the figures, and a constant number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Spending
from plans.queries import programme_totals, progress_by_specialty
from specialties.models import Specialty
from tests.plans.plans_factories import TODAY, grant, milestone, move_phase, plan_for

D = datetime.timedelta


def _fill(specialty, n=1):
    """n rounds of: one done on time, one done 3 days late, one open 10 days past due, one
    at risk, one on track; a grant of 1000 with 250 spent; phases 1 then 2."""
    plan = plan_for(specialty)
    for _ in range(n):
        start = TODAY - D(days=100)
        milestone(
            plan,
            "til tiden",
            start=start,
            due=TODAY - D(days=20),
            status="done",
            done_at=TODAY - D(days=25),
        )
        milestone(
            plan,
            "for sent",
            start=start,
            due=TODAY - D(days=20),
            status="done",
            done_at=TODAY - D(days=17),
        )
        milestone(plan, "overskredet", start=start, due=TODAY - D(days=10), status="on_track")
        milestone(plan, "risiko", start=start, due=TODAY + D(days=10), status="at_risk")
        milestone(plan, "på vej", start=start, due=TODAY + D(days=10), status="on_track")
        g = grant(specialty, "1000.00")
        Spending.objects.create(grant=g, amount=Decimal("250.00"), note="x")
    if not specialty.phase_changes.exists():
        move_phase(specialty, 1, started_on=TODAY - D(days=200))
        move_phase(specialty, 2, started_on=TODAY - D(days=50))


def test_the_figures_of_one_specialty(world):
    _fill(world.specialty_a)
    p = progress_by_specialty([world.specialty_a, world.specialty_b], on=TODAY)
    a, b = p[world.specialty_a.pk], p[world.specialty_b.pk]
    assert (a.milestones_total, a.milestones_done, a.done_on_time) == (5, 2, 1)
    assert a.share_done == pytest.approx(0.4) and a.share_on_time == pytest.approx(0.5)
    assert (a.late, a.at_risk) == (1, 1)
    assert (a.days_late_total, a.days_late_max) == (13, 10)
    assert (a.granted, a.spent, a.remaining) == (Decimal("1000"), Decimal("250"), Decimal("750"))
    assert a.phase.phase.name == "Strategisk ambition"
    assert a.phase.started_on == TODAY - D(days=50)
    assert b.milestones_total == 0 and b.share_done is None and b.phase is None
    assert b.granted == Decimal("0")


def test_programme_totals_add_up(world):
    _fill(world.specialty_a)
    _fill(world.specialty_b)
    total = programme_totals(progress_by_specialty(Specialty.objects.all(), on=TODAY).values())
    assert total.milestones_total == 10 and total.late == 2
    assert total.granted == Decimal("2000") and total.remaining == Decimal("1500")


def test_constant_queries_with_two_data_sizes(world):
    extra = [Specialty.objects.create(name=f"Speciale {i}", slug=f"x{i}") for i in range(4)]
    for specialty in [world.specialty_a, world.specialty_b]:
        _fill(specialty)
    with CaptureQueriesContext(connection) as small:
        progress_by_specialty([world.specialty_a, world.specialty_b], on=TODAY)
    for specialty in [world.specialty_a, world.specialty_b, *extra]:
        _fill(specialty, n=2)
    with CaptureQueriesContext(connection) as big:
        result = progress_by_specialty([world.specialty_a, world.specialty_b, *extra], on=TODAY)
    assert len(small) == len(big) == 4
    assert result[world.specialty_a.pk].milestones_total == 15


def test_no_specialties_no_queries(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert progress_by_specialty([]) == {}


def test_the_specialty_progress_page_costs_the_same_queries_with_twice_the_data(world, login):
    client = login(world.lead_a)
    url = reverse("plans_specialty", args=[world.specialty_a.slug])
    _fill(world.specialty_a)
    client.get(url)  # warm the content-type cache
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _fill(world.specialty_a, n=2)
    plan_for(world.specialty_a, "Endnu en plan")
    with CaptureQueriesContext(connection) as big:
        response = client.get(url)
    assert len(big) == len(small) <= 23  # with the unread count in the header
    assert response.context["progress"].milestones_total == 15
