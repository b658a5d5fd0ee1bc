"""A measure's chart and its reading in plain words: spc.py's numbers, charts.py's SVG.

The statistics live in ``improvement.spc`` (pure functions); this module only picks the
chart for the measure's chart type, splits it at the measure's phases, freezes its baseline,
scales proportions to percent, and says what the signals mean relative to the measure's
direction of improvement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bass.charts import line_chart
from bass.formatting import number
from improvement import spc
from improvement.models import ChartType, DataPoint, Direction, Frequency, Measure, MeasurePhase


@dataclass
class Row:
    label: str
    value: float | None
    centre: float | None
    lcl: float | None
    ucl: float | None
    flagged: bool
    note: str = ""
    #: The label of the point's phase (empty when the chart is not split).
    phase: str = ""


@dataclass
class PhaseSummary:
    """One part of a chart split at change dates, for the page's table of phases."""

    label: str
    start_label: str
    n: int
    centre: float | None
    frozen: bool


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
    #: The parts of a chart split at the measure's phases (empty: one part).
    phases: list[PhaseSummary] = field(default_factory=list)
    #: The measure's baseline (number of points) and whether the current phase reached it.
    baseline_points: int | None = None
    frozen: bool = False
    #: Data points in the current phase (``n`` counts the whole chart).
    n_phase: int = 0

    def fmt(self, value: float | None) -> str:
        return number(value)

    @property
    def has_phases(self) -> bool:
        return len(self.phases) > 1

    @property
    def centre_text(self) -> str:
        return number(self.centre) + (" %" if self.percent else "")


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


def phase_splits(
    points: Sequence[DataPoint], phases: Sequence[MeasurePhase]
) -> tuple[str, list[tuple[int, str]]]:
    """Where the measure's ``phases`` split the chart of ``points`` (ordered by period).

    Returns the title of the phase in force at the first point ("" if none) and (index of
    the first point of a new phase, its title) for each later split. A phase starts at the
    first period on or after its date; phases after the last point have no data yet and
    phases that start at the same point share it (titles joined).
    """
    periods = [p.period for p in points]
    first: list[str] = []
    splits: dict[int, list[str]] = {}
    for phase in sorted(phases, key=lambda ph: ph.starts_on):
        index = spc.phase_index(periods, phase.starts_on)
        if index >= len(periods):
            continue
        if index == 0:
            first = [phase.title]  # the latest phase that started before the data
        else:
            splits.setdefault(index, []).append(phase.title)
    return " / ".join(first), [(i, " / ".join(titles)) for i, titles in sorted(splits.items())]


def analyse(
    measure: Measure,
    points: Sequence[DataPoint],
    cycles: Sequence = (),
    phases: Sequence[MeasurePhase] | None = None,
) -> Analysis:
    """The chart and its reading for ``points`` (ordered by period) of ``measure``.

    The project's PDSA ``cycles`` are marked on the time axis. The measure's ``phases``
    split the chart, each part with its own centre line and limits, frozen after the
    measure's ``baseline_points`` within each part. Pass the phases (prefetched) to keep
    pages at a constant number of queries; ``None`` reads ``measure.phases.all()``. The
    verdict reads the last phase: that is the one a lead acts on.
    """
    if phases is None:
        phases = list(measure.phases.all()) if measure.pk else []
    labels = [period_label(measure, p.period) for p in points]
    chart_type = measure.chart_type
    percent = chart_type == ChartType.P
    scale = 100.0 if percent else 1.0
    baseline = measure.baseline_points

    first_title, splits = phase_splits(points, phases)
    if measure.uses_ratio:
        result = spc.chart_phases(
            chart_type,
            [p.numerator for p in points],
            [p.denominator for p in points],
            starts=[i for i, _t in splits],
            baseline=baseline,
        )
    else:
        result = spc.chart_phases(
            chart_type,
            [p.value for p in points],
            starts=[i for i, _t in splits],
            baseline=baseline,
        )
    last = result.last
    run = last.run_chart
    outside = last.outside

    def scaled(v: float | None) -> float | None:
        return None if v is None else v * scale

    values = [scaled(v) for v in result.values]
    centres = [scaled(v) for v in result.centre]
    centre = scaled(last.centre)
    lcl = [scaled(v) for v in result.lcl] if result.lcl is not None else None
    ucl = [scaled(v) for v in result.ucl] if result.ucl is not None else None
    has_limits = lcl is not None

    # Every phase's signals are marked on the chart; the words read the last phase.
    highlight = set(result.signal_indexes)
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
                ngettext(
                    "%(n)d point above the upper control limit, %(dir)s",
                    "%(n)d points above the upper control limit, %(dir)s",
                    above,
                )
                % {"n": above, "dir": _direction_words(measure, True)}
            )
        if below:
            reasons.append(
                ngettext(
                    "%(n)d point below the lower control limit, %(dir)s",
                    "%(n)d points below the lower control limit, %(dir)s",
                    below,
                )
                % {"n": below, "dir": _direction_words(measure, False)}
            )

    split = len(result.phases) > 1
    phase_labels = [first_title or _("Before the first change")] + [t for _i, t in splits]
    n_present = sum(1 for v in values if v is not None)
    if n_present == 0:
        verdict = _("No data yet.")
    else:
        words = []
        if split:
            words.append(
                _("Current phase, from %(period)s (%(title)s).")
                % {"period": labels[last.start], "title": phase_labels[-1]}
            )
        if last.n == 0:
            words.append(_("No data in this phase yet."))
        elif reasons:
            words.append(_("Non-random variation: %(reasons)s.") % {"reasons": "; ".join(reasons)})
        else:
            words.append(_("Random variation: no signal in the data."))
        if baseline and last.frozen:
            if split:
                words.append(
                    _("The centre line is frozen after the first %(n)d points of the phase.")
                    % {"n": baseline}
                )
            else:
                words.append(
                    _("The centre line is frozen after the first %(n)d points.") % {"n": baseline}
                )
        elif baseline:
            words.append(
                _("The centre line will be frozen after %(n)d points (%(count)d so far).")
                % {"n": baseline, "count": last.n}
            )
        verdict = " ".join(words)

    title = measure.name
    desc = _(
        "%(chart)s of %(name)s with %(n)d data points. %(centre_label)s %(centre)s. %(verdict)s"
    ) % {
        "chart": chart_label,
        "name": measure.name,
        "n": n_present,
        "centre_label": centre_label,
        "centre": number(centre),
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
        centre=centres if split else centre,
        lcl=lcl,
        ucl=ucl,
        target=measure.target,
        highlight=highlight,
        y_label=unit,
        centre_label=centre_label,
        limit_label=_("Control limit"),
        target_label=_("Target"),
        empty_label=_("No data"),
        phases=splits,
        phases_label=_("New phases"),
    )
    summaries = []
    row_phase = [""] * len(points)
    if split:
        for phase, label in zip(result.phases, phase_labels, strict=True):
            summaries.append(
                PhaseSummary(
                    label=label,
                    start_label=labels[phase.start],
                    n=phase.n,
                    centre=scaled(phase.centre),
                    frozen=bool(baseline) and phase.frozen,
                )
            )
            row_phase[phase.start : phase.end] = [label] * (phase.end - phase.start)
    rows = [
        Row(
            label=labels[i],
            value=values[i],
            centre=centres[i] if values[i] is not None else None,
            lcl=lcl[i] if lcl else None,
            ucl=ucl[i] if ucl else None,
            flagged=i in highlight,
            note=points[i].note,
            phase=row_phase[i],
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
        phases=summaries,
        baseline_points=baseline,
        frozen=bool(baseline) and last.frozen,
        n_phase=last.n,
    )
