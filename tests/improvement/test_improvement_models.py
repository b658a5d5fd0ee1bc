import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from improvement.models import DataPoint, DriverNode, ImprovementProject, Measure, PDSACycle
from tests.improvement.improvement_world import TODAY, build


@pytest.fixture
def imp(world):
    return build(world.specialty_a)


def test_strength_position_must_belong_to_the_projects_specialty(world):
    project = ImprovementProject(
        specialty=world.specialty_a,
        strength_position=world.position_b,
        title="x",
        aim_what="x",
        aim_how_much="x",
        aim_by_when=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        project.full_clean()
    assert "strength_position" in caught.value.message_dict
    project.strength_position = world.position_a
    project.full_clean()


@pytest.mark.parametrize(
    ("kind", "parent_attr"),
    [
        ("primary", "primary"),  # a primary driver hangs under the aim only
        ("secondary", None),  # a secondary driver needs a primary driver
        ("secondary", "secondary"),
        ("change_idea", None),
        ("change_idea", "idea"),  # nothing hangs under a change idea
    ],
)
def test_database_refuses_a_tree_of_the_wrong_shape(imp, kind, parent_attr):
    parent = getattr(imp, parent_attr) if parent_attr else None
    node = DriverNode(project=imp.project, parent=parent, kind=kind, title="x")
    with pytest.raises(ValidationError):
        node.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        node.save()


def test_change_idea_may_hang_under_a_primary_driver(imp):
    node = DriverNode(project=imp.project, parent=imp.primary, kind="change_idea", title="x")
    node.full_clean()
    node.save()
    assert node.parent_kind == "primary"


def test_parent_must_be_in_the_same_project(world, imp):
    other = build(world.specialty_b)
    node = DriverNode(project=imp.project, parent=other.primary, kind="secondary", title="x")
    with pytest.raises(ValidationError):
        node.full_clean()


def test_cycle_status_follows_what_is_filled_in(imp):
    cycle = imp.cycle
    assert cycle.status == "plan"
    cycle.do_observations = "Fire af fem nået"
    assert cycle.status == "do"
    cycle.study_learning = "Opkald om formiddagen virker"
    assert cycle.status == "study"
    cycle.act_decision = "adapt"
    assert cycle.status == "done"
    assert cycle.get_status_display()


def test_act_needs_study(imp):
    cycle = imp.cycle
    cycle.act_decision = "adopt"
    with pytest.raises(ValidationError) as caught:
        cycle.full_clean()
    assert "act_decision" in caught.value.message_dict


def test_overdue_means_planned_end_passed_without_study(imp):
    assert imp.cycle.is_overdue()
    assert list(PDSACycle.objects.overdue()) == [imp.cycle]
    imp.cycle.study_results = "Som forudsagt"
    imp.cycle.save()
    assert not imp.cycle.is_overdue()
    assert not PDSACycle.objects.overdue().exists()
    future = PDSACycle.objects.create(
        change_idea=imp.idea,
        title="Senere",
        objective="x",
        planned_start=TODAY,
        planned_end=TODAY + datetime.timedelta(days=7),
    )
    assert not future.is_overdue()


def test_planned_end_before_start_is_refused(imp):
    with pytest.raises(IntegrityError), transaction.atomic():
        PDSACycle.objects.create(
            change_idea=imp.idea,
            title="x",
            objective="x",
            planned_start=TODAY,
            planned_end=TODAY - datetime.timedelta(days=1),
        )


def test_one_data_point_per_period(imp):
    with pytest.raises(IntegrityError), transaction.atomic():
        DataPoint.objects.create(measure=imp.measure, period=imp.point.period, value=1)


def _errors(measure, **values):
    return DataPoint(measure=measure, period=datetime.date(2025, 2, 1), **values).validate_for(
        measure
    )


def test_data_point_validation_per_chart_type(imp):
    run = imp.measure
    assert _errors(run, value=3.5) == {}
    assert "value" in _errors(run)
    assert "value" in _errors(run, value=1, numerator=1, denominator=2)
    p = Measure(project=imp.project, name="p", chart_type="p", frequency="month")
    assert _errors(p, numerator=3, denominator=10) == {}
    assert "numerator" in _errors(p, numerator=11, denominator=10)
    assert "numerator" in _errors(p, numerator=-1, denominator=10)
    assert "denominator" in _errors(p, numerator=0, denominator=0)
    assert "value" in _errors(p, value=1, numerator=1, denominator=2)
    u = Measure(project=imp.project, name="u", chart_type="u", frequency="month")
    assert _errors(u, numerator=30, denominator=10) == {}  # rates may exceed 1
    c = Measure(project=imp.project, name="c", chart_type="c", frequency="month")
    assert _errors(c, value=4) == {}
    assert "value" in _errors(c, value=-1)
    assert "value" in _errors(c, value=2.5)


def test_periods_before_2000_or_in_the_future_are_refused(imp):
    point = DataPoint(measure=imp.measure, value=1, period=datetime.date(1999, 12, 1))
    assert "period" in point.validate_for(imp.measure)
    point.period = TODAY + datetime.timedelta(days=40)
    assert "period" in point.validate_for(imp.measure)


def test_periods_are_normalised_to_week_or_month(imp):
    day = datetime.date(2026, 1, 15)  # a Thursday
    assert imp.measure.normalise_period(day) == datetime.date(2026, 1, 1)
    imp.measure.frequency = "week"
    assert imp.measure.normalise_period(day) == datetime.date(2026, 1, 12)


def test_every_change_is_in_the_history(imp):
    imp.cycle.study_results = "Bedre end forudsagt"
    imp.cycle.save()
    assert imp.cycle.history.count() == 2
    assert imp.cycle.version == 2
