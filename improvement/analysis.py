"""A measure's chart and its reading in plain words: spc.py's numbers, charts.py's SVG.

The statistics live in ``improvement.spc`` (pure functions); this module only picks the
chart for the measure's chart type, scales proportions to percent, and says what the
signals mean relative to the measure's direction of improvement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from bass.charts import format_number, line_chart
from improvement import spc
from improvement.models import ChartType, DataPoint, Direction, Frequency, Measure


@dataclass
class Row:
    label: str
    value: float | None
    centre: float | None
    lcl: float | None
    ucl: float | None
    flagged: bool
    note: str = ""


@dataclass
class Analysis:
    svg: str
    chart_label: str
    centre_label: str
    centre: float | None
    n: int
    n_useful: int
    longest_run: int
    longest_run_limit: int | None
    crossings: int
    crossings_limit: int | None
    outside: int
    has_limits: bool
    signal: bool
    too_few_points: bool
    verdict: str
    reasons: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    percent: bool = False

    def fmt(self, value: float | None) -> str:
        return format_number(value)

    @property
    def centre_text(self) -> str:
        return format_number(self.centre) + (" %" if self.percent else "")


def period_label(measure: Measure, period) -> str:
    if measure.frequency == Frequency.WEEK:
        year, week, _day = period.isocalendar()
        return _("w%(week)d %(year)d") % {"week": week, "year": year}
    return formats.date_format(period, "M Y")


def _direction_words(measure: Measure, up: bool) -> str:
    better = (measure.direction == Direction.HIGHER) == up
    if better:
        return _("in the direction of improvement")
    return _("in the wrong direction (worse)")


def cycle_annotations(points: Sequence[DataPoint], cycles: Sequence) -> list[tuple[int, str]]:
    """(point index, label) for each PDSA cycle: at the first period on or after its start."""
    periods = [p.period for p in points]
    marks = []
    for cycle in sorted(cycles, key=lambda c: c.actual_start or c.planned_start):
        start = cycle.actual_start or cycle.planned_start
        index = next((i for i, period in enumerate(periods) if period >= start), None)
        if index is not None:
            marks.append(
                (
                    index,
                    _("PDSA %(title)s, %(date)s")
                    % {
                        "title": cycle.title,
                        "date": formats.date_format(start, "SHORT_DATE_FORMAT"),
                    },
                )
            )
    return marks


def analyse(measure: Measure, points: Sequence[DataPoint], cycles: Sequence = ()) -> Analysis:
    """The chart and its reading for ``points`` (ordered by period) of ``measure``; the
    project's PDSA ``cycles`` are marked on the time axis."""
    labels = [period_label(measure, p.period) for p in points]
    chart_type = measure.chart_type
    percent = chart_type == ChartType.P
    scale = 100.0 if percent else 1.0

    lcl: list[float | None] | None = None
    ucl: list[float | None] | None = None
    outside: tuple[int, ...] = ()
    if chart_type == ChartType.RUN:
        values = [p.value for p in points]
        run = spc.run_chart_analysis(values)
        centre = run.median
    elif chart_type == ChartType.I:
        values = [p.value for p in points]
        result = spc.i_chart(values)
        run, centre, lcl, ucl, outside = (
            result.run_chart,
            result.centre,
            result.lcl,
            result.ucl,
            result.outside,
        )
        values = result.values
    elif chart_type == ChartType.C:
        result = spc.c_chart([p.value for p in points])
        run, centre, lcl, ucl, outside = (
            result.run_chart,
            result.centre,
            result.lcl,
            result.ucl,
            result.outside,
        )
        values = result.values
    else:
        chart = spc.p_chart if chart_type == ChartType.P else spc.u_chart
        result = chart([p.numerator for p in points], [p.denominator for p in points])
        run, centre, lcl, ucl, outside = (
            result.run_chart,
            result.centre,
            result.lcl,
            result.ucl,
            result.outside,
        )
        values = result.values

    def scaled(v: float | None) -> float | None:
        return None if v is None else v * scale

    values = [scaled(v) for v in values]
    centre = scaled(centre)
    lcl = [scaled(v) for v in lcl] if lcl is not None else None
    ucl = [scaled(v) for v in ucl] if ucl is not None else None
    has_limits = lcl is not None

    highlight = set(outside) | set(run.signal_indexes)
    centre_label = _("Median") if chart_type == ChartType.RUN else _("Centre line")
    chart_label = ChartType(chart_type).label
    unit = "%" if percent else measure.unit

    reasons: list[str] = []
    if run.shift_signal:
        reasons.append(
            _("unusually long run (%(run)d points on one side, more than %(limit)d), %(dir)s")
            % {
                "run": run.longest_run,
                "limit": run.longest_run_limit,
                "dir": _direction_words(measure, run.direction == "up"),
            }
        )
    if run.crossings_signal:
        reasons.append(
            _("too few crossings (%(crossings)d, expected at least %(limit)d)")
            % {"crossings": run.crossings, "limit": run.crossings_limit}
        )
    if outside:
        above = sum(1 for i in outside if ucl and ucl[i] is not None and values[i] > ucl[i])
        below = len(outside) - above
        if above:
            reasons.append(
                _("%(n)d point(s) above the upper control limit, %(dir)s")
                % {"n": above, "dir": _direction_words(measure, True)}
            )
        if below:
            reasons.append(
                _("%(n)d point(s) below the lower control limit, %(dir)s")
                % {"n": below, "dir": _direction_words(measure, False)}
            )

    n_present = sum(1 for v in values if v is not None)
    if n_present == 0:
        verdict = _("No data yet.")
    elif reasons:
        verdict = _("Non-random variation: %(reasons)s.") % {"reasons": "; ".join(reasons)}
    else:
        verdict = _("Random variation: no signal in the data.")

    title = measure.name
    desc = _(
        "%(chart)s of %(name)s with %(n)d data points. %(centre_label)s %(centre)s. %(verdict)s"
    ) % {
        "chart": chart_label,
        "name": measure.name,
        "n": n_present,
        "centre_label": centre_label,
        "centre": format_number(centre),
        "verdict": verdict,
    }
    annotations = cycle_annotations(points, cycles)
    if annotations:
        desc += " " + _("Numbered marks: %(marks)s.") % {
            "marks": "; ".join(f"{n} {label}" for n, (_i, label) in enumerate(annotations, 1))
        }
    svg = line_chart(
        list(zip(labels, values, strict=True)),
        annotations=annotations,
        title=title,
        desc=desc,
        centre=centre,
        lcl=lcl,
        ucl=ucl,
        target=measure.target,
        highlight=highlight,
        y_label=unit,
        centre_label=centre_label,
        limit_label=_("Control limit"),
        target_label=_("Target"),
        empty_label=_("No data"),
    )
    rows = [
        Row(
            label=labels[i],
            value=values[i],
            centre=centre if values[i] is not None else None,
            lcl=lcl[i] if lcl else None,
            ucl=ucl[i] if ucl else None,
            flagged=i in highlight,
            note=points[i].note,
        )
        for i in range(len(points))
    ]
    return Analysis(
        svg=svg,
        chart_label=chart_label,
        centre_label=centre_label,
        centre=centre,
        n=n_present,
        n_useful=run.n_useful,
        longest_run=run.longest_run,
        longest_run_limit=run.longest_run_limit,
        crossings=run.crossings,
        crossings_limit=run.crossings_limit,
        outside=len(outside),
        has_limits=has_limits,
        signal=bool(reasons),
        too_few_points=run.too_few_points,
        verdict=verdict,
        reasons=reasons,
        rows=rows,
        percent=percent,
    )
