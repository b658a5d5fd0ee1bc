"""Improvement activity per specialty, for the programme dashboard (constant queries)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from improvement import spc
from improvement.models import RATIO_CHARTS, DataPoint, Direction, Measure, PDSACycle


@dataclass
class MeasureSignal:
    measure_id: int
    name: str
    better: bool | None  # True: the shift is in the direction of improvement


@dataclass
class Activity:
    active_cycles: int = 0
    overdue_cycles: int = 0
    signals: list[MeasureSignal] = field(default_factory=list)

    @property
    def better(self) -> int:
        return sum(1 for s in self.signals if s.better)

    @property
    def worse(self) -> int:
        return sum(1 for s in self.signals if s.better is False)


def activity_by_specialty(
    specialties: Iterable, on: datetime.date | None = None
) -> dict[int, Activity]:
    """Active and overdue PDSA cycles and measures whose run chart signals, per specialty.

    Three queries whatever the number of cycles, measures and data points.
    """
    on = on or timezone.localdate()
    ids = [getattr(s, "pk", s) for s in specialties]
    result = {pk: Activity() for pk in ids}
    cycles = PDSACycle.objects.filter(change_idea__project__specialty_id__in=ids).values_list(
        "change_idea__project__specialty_id",
        "planned_end",
        "study_results",
        "study_learning",
        "act_decision",
    )
    for specialty_id, planned_end, results, learning, decision in cycles:
        if decision:
            continue
        activity = result[specialty_id]
        activity.active_cycles += 1
        if planned_end and planned_end < on and not (results or learning):
            activity.overdue_cycles += 1
    measures = {
        m.pk: m
        for m in Measure.objects.filter(project__specialty_id__in=ids).select_related("project")
    }
    series: dict[int, list[float]] = defaultdict(list)
    points = (
        DataPoint.objects.filter(measure_id__in=measures)
        .order_by("measure_id", "period")
        .values_list("measure_id", "value", "numerator", "denominator")
    )
    for measure_id, value, numerator, denominator in points:
        if measures[measure_id].chart_type in RATIO_CHARTS:
            if numerator is not None and denominator:
                series[measure_id].append(numerator / denominator)
        elif value is not None:
            series[measure_id].append(value)
    for measure_id, values in series.items():
        analysis = spc.run_chart_analysis(values)
        if not analysis.signal:
            continue
        measure = measures[measure_id]
        better = None
        if analysis.direction is not None:
            better = (analysis.direction == "up") == (measure.direction == Direction.HIGHER)
        result[measure.project.specialty_id].signals.append(
            MeasureSignal(measure_id, measure.name, better)
        )
    return result
