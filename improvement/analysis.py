"""A measure's chart and its reading in plain words: spc.py's numbers, charts.py's SVG.

The statistics live in ``improvement.spc`` (pure functions); this module only picks the
chart for the measure's chart type, splits it at the measure's phases, freezes its baseline,
scales proportions to percent, and says what the signals mean relative to the measure's
direction of improvement.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bass import formatting
from bass.charts import line_chart, note_letter
from bass.formatting import number
from improvement import spc
from improvement.models import (
    ChartType,
    CycleMeasure,
    DataPoint,
    Direction,
    Frequency,
    Measure,
    MeasurePhase,
    RuleSet,
)


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


#: What the variation icon says (NHS Making Data Count): common cause, special cause in the
#: direction of improvement, special cause in the wrong direction, special cause where
#: neither direction is better (or the signal has no direction, e.g. too few crossings).
VARIATION_COMMON = "common"
VARIATION_IMPROVING = "improving"
VARIATION_CONCERNING = "concerning"
VARIATION_NEITHER = "neither"
#: What the assurance icon says: will the process meet the target?
ASSURANCE_MET = "met"
ASSURANCE_MISSED = "missed"
ASSURANCE_HIT_AND_MISS = "hit_and_miss"


@dataclass
class Mark:
    """A numbered PDSA cycle or a lettered note on the chart, for the legend under it."""

    key: str
    label: str
    kind: str  # "cycle" or "note"


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
    #: One or two plain sentences: what the data show and whether that is better or worse.
    headline: str = ""
    #: Why no verdict is given (empty when there is one).
    no_verdict: str = ""
    #: The variation and assurance icons (constants above; ``None``: no icon can be given).
    variation: str | None = None
    assurance: str | None = None
    #: "better", "worse", "neutral" (no preferred direction) or "" (no signal / no verdict).
    judgement: str = ""
    #: The rules the chart was read with, e.g. "Anhøj rules".
    rule_set: str = ""
    rule_set_key: str = "anhoej"
    #: The rules' details in plain words, each a sentence.
    details: list[str] = field(default_factory=list)
    #: Numbered PDSA cycles and lettered notes on the chart, for the legend.
    marks: list[Mark] = field(default_factory=list)
    #: The latest plotted value (in percent for a P chart) and the target.
    latest: float | None = None
    latest_label: str = ""
    target: float | None = None
    #: The current phase's centre line and limits (at its latest point), for exports.
    lcl_now: float | None = None
    ucl_now: float | None = None
    unit: str = ""

    def fmt(self, value: float | None) -> str:
        return number(value)

    @property
    def has_phases(self) -> bool:
        return len(self.phases) > 1

    @property
    def centre_text(self) -> str:
        return number(self.centre) + (" %" if self.percent else "")

    @property
    def has_target(self) -> bool:
        return self.target is not None

    @property
    def has_cycles(self) -> bool:
        return any(m.kind == "cycle" for m in self.marks)

    @property
    def has_notes(self) -> bool:
        return any(m.kind == "note" for m in self.marks)

    @property
    def has_signal_points(self) -> bool:
        return any(r.flagged for r in self.rows)


def period_label(measure: Measure, period) -> str:
    """A period as the interface writes it elsewhere: "uge 32 2026" / "dec. 2026" in
    Danish, "w32 2026" / "Dec. 2026" in English (Django's "N": the abbreviated month as
    the language's style guide writes it, where "M" would give "Dec" in both)."""
    return period_labels(measure, [period])[0]


def period_labels(measure: Measure, periods: Sequence) -> list[str]:
    """``period_label`` of each period, translating the pattern once (6,000 weeks: 2 ms
    instead of 40)."""
    if measure.frequency == Frequency.WEEK:
        pattern = _("w%(week)d %(year)d")
        return [
            pattern % {"week": week, "year": year}
            for year, week, _day in (period.isocalendar() for period in periods)
        ]
    months: dict[int, str] = {}
    labels = []
    for period in periods:
        name = months.get(period.month)
        if name is None:
            name = months[period.month] = formats.date_format(period, "N")
        labels.append(f"{name} {period.year:04d}")
    return labels


def _judge(measure: Measure, up: bool) -> str:
    """ "better", "worse" or "neutral" for a movement up (``up``) or down."""
    if measure.direction == Direction.NONE:
        return "neutral"
    return "better" if (measure.direction == Direction.HIGHER) == up else "worse"


def _direction_words(measure: Measure, up: bool) -> str:
    judgement = _judge(measure, up)
    if judgement == "better":
        return _("in the direction of improvement")
    if judgement == "worse":
        return _("in the wrong direction (worse)")
    return _("(the measure has no preferred direction)")


def _judgement_sentence(judgement: str) -> str:
    if judgement == "better":
        return _("That is an improvement.")
    if judgement == "worse":
        return _("That is a deterioration.")
    return _("The measure has no preferred direction, so this is neither better nor worse.")


def _points_in_a_row(measure: Measure, n: int) -> str:
    if measure.frequency == Frequency.WEEK:
        return ngettext("%(n)d week in a row", "%(n)d weeks in a row", n) % {"n": n}
    return ngettext("%(n)d month in a row", "%(n)d months in a row", n) % {"n": n}


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


def _no_verdict(measure: Measure, points: Sequence[DataPoint], values, last, run) -> str:
    """Why the data cannot be read yet (empty: they can). Checked in this order: nothing
    to draw, values that cannot be a percentage, one point, no useful point, too few."""
    n_present = sum(1 for v in values if v is not None)
    if not points:
        return _("No data yet, so no verdict: the rules need at least %(min)d data points.") % {
            "min": spc.MIN_POINTS
        }
    if n_present == 0:
        if measure.uses_ratio:
            return _(
                "No point can be drawn: no data point has a denominator greater than zero, "
                "so no verdict is given."
            )
        return _("No data point has a value, so no verdict is given.")
    if measure.is_percentage:
        wrong = sum(1 for v in values if v is not None and not 0 <= v <= 100)
        if wrong:
            return ngettext(
                "%(n)d value lies outside 0–100 %% although the measure is a percentage, so "
                "no verdict is given. Correct the data first.",
                "%(n)d values lie outside 0–100 %% although the measure is a percentage, so "
                "no verdict is given. Correct the data first.",
                wrong,
            ) % {"n": wrong}
    if last.n == 0:
        return _("No data in the current phase yet, so no verdict.")
    if last.n == 1:
        return _("Only one data point, so no verdict yet: the rules need at least %(min)d.") % {
            "min": spc.MIN_POINTS
        }
    if run.n_useful == 0:
        return _(
            "All %(n)d data points lie exactly on the centre line, so the rules cannot tell "
            "anything and no verdict is given."
        ) % {"n": last.n}
    if run.n_useful < spc.MIN_POINTS:
        return ngettext(
            "Only %(n)d useful data point so far: a verdict needs at least %(min)d "
            "(%(more)d more).",
            "Only %(n)d useful data points so far: a verdict needs at least %(min)d "
            "(%(more)d more).",
            run.n_useful,
        ) % {"n": run.n_useful, "min": spc.MIN_POINTS, "more": spc.MIN_POINTS - run.n_useful}
    return ""


def _assurance(measure, values, lcl, ucl, phase) -> tuple[str | None, float | None, float | None]:
    """The assurance icon and the limits it was judged on: the current phase's limits at its
    latest point; a run chart has none, so its natural process limits (XmR: mean ± 2.66
    mean moving range of the phase) are used, as Making Data Count does."""
    latest = next(
        (i for i in range(phase.end - 1, phase.start - 1, -1) if values[i] is not None), None
    )
    if latest is None:
        return None, None, None
    if lcl is not None and ucl is not None:
        lo, hi = lcl[latest], ucl[latest]
    else:
        xmr = spc.i_chart(values[phase.start : phase.end], baseline=measure.baseline_points)
        lo, hi = xmr.lcl[latest - phase.start], xmr.ucl[latest - phase.start]
    if measure.target is None or measure.direction == Direction.NONE or lo is None:
        return None, lo, hi
    target = measure.target
    higher = measure.direction == Direction.HIGHER
    if (lo > target) if higher else (hi < target):
        return ASSURANCE_MET, lo, hi
    if (hi < target) if higher else (lo > target):
        return ASSURANCE_MISSED, lo, hi
    return ASSURANCE_HIT_AND_MISS, lo, hi


def analyse(
    measure: Measure,
    points: Sequence[DataPoint],
    cycles: Sequence = (),
    phases: Sequence[MeasurePhase] | None = None,
) -> Analysis:
    """The chart and its reading for ``points`` (ordered by period) of ``measure``.

    The PDSA ``cycles`` given (the cycles linked to the measure) are marked on the time
    axis, data-point notes beside their points. The measure's ``phases`` split the chart,
    each part with its own centre line and limits, frozen after the measure's
    ``baseline_points`` within each part. Pass the phases (prefetched) to keep pages at a
    constant number of queries; ``None`` reads ``measure.phases.all()``. The verdict reads
    the last phase: that is the one a lead acts on.
    """
    if phases is None:
        phases = list(measure.phases.all()) if measure.pk else []
    labels = period_labels(measure, [p.period for p in points])
    chart_type = measure.chart_type
    percent = chart_type == ChartType.P
    scale = 100.0 if percent else 1.0
    baseline = measure.baseline_points
    rules = measure.rules

    first_title, splits = phase_splits(points, phases)
    if measure.uses_ratio:
        result = spc.chart_phases(
            chart_type,
            [p.numerator for p in points],
            [p.denominator for p in points],
            starts=[i for i, _t in splits],
            baseline=baseline,
            rules=rules,
        )
    else:
        result = spc.chart_phases(
            chart_type,
            [p.value for p in points],
            starts=[i for i, _t in splits],
            baseline=baseline,
            rules=rules,
        )
    last = result.last
    run = last.run_chart
    outside = last.outside

    def scaled(v: float | None) -> float | None:
        return None if v is None else v * scale

    def scaled_all(vs: list[float | None]) -> list[float | None]:
        return [None if v is None else v * scale for v in vs] if percent else list(vs)

    values = scaled_all(result.values)
    centres = scaled_all(result.centre)
    centre = scaled(last.centre)
    lcl = scaled_all(result.lcl) if result.lcl is not None else None
    ucl = scaled_all(result.ucl) if result.ucl is not None else None
    has_limits = lcl is not None

    # Every phase's signals are marked on the chart; the words read the last phase.
    highlight = set(result.signal_indexes)
    centre_label = _("Median") if chart_type == ChartType.RUN else _("Centre line")
    centre_word = _("the median") if chart_type == ChartType.RUN else _("the centre line")
    chart_label = ChartType(chart_type).label
    unit = "%" if percent else measure.unit
    rule_set = RuleSet(rules).label

    # The rules' findings, for the signal flag and the details.
    reasons: list[str] = []
    details: list[str] = []
    n_useful = run.n_useful
    if rules == RuleSet.MDC and last.mdc is not None:
        mdc = last.mdc
        for count, text in (
            (len(mdc.beyond), _("Points beyond the control limits: %(n)d.")),
            (
                len(mdc.shift),
                _("Points in a shift (7 or more in a row on one side of the centre line): %(n)d."),
            ),
            (
                len(mdc.trend),
                _(
                    "Points in a trend (7 or more in a row, each higher or each lower than the "
                    "one before): %(n)d."
                ),
            ),
            (
                len(mdc.two_of_three),
                _("Points in 2 of 3 in a row beyond two sigma on the same side: %(n)d."),
            ),
        ):
            details.append(text % {"n": count})
            if count:
                reasons.append(text % {"n": count})
        signal_direction = mdc.direction
        moved_away = False
    else:
        if run.longest_run_limit is not None:
            details.append(
                _(
                    "Longest run: %(run)d points in a row on the same side of %(line)s. With "
                    "%(n)d useful data points, a run longer than %(limit)d is a signal."
                )
                % {
                    "run": run.longest_run,
                    "line": centre_word,
                    "n": n_useful,
                    "limit": run.longest_run_limit,
                }
            )
        if run.crossings_limit:
            details.append(
                _(
                    "Crossings: the line crosses %(line)s %(crossings)d times. With %(n)d useful "
                    "data points, fewer than %(limit)d crossings is a signal."
                )
                % {
                    "crossings": run.crossings,
                    "line": centre_word,
                    "n": n_useful,
                    "limit": run.crossings_limit,
                }
            )
        elif run.crossings_limit == 0:
            details.append(
                _(
                    "Crossings: the line crosses %(line)s %(crossings)d times. With so few useful "
                    "data points too few crossings cannot be told from chance yet."
                )
                % {"crossings": run.crossings, "line": centre_word}
            )
        if has_limits:
            details.append(_("Points outside the control limits: %(n)d.") % {"n": len(outside)})
        if run.shift_signal:
            reasons.append("shift")
        if run.crossings_signal:
            reasons.append("crossings")
        if outside:
            reasons.append("outside")
        signal_direction = None
        moved_away = False
        # The latest of the signals decides the direction: where the process is now.
        latest_outside = max(outside) if outside else -1
        latest_run = run.signal_runs[-1] if run.signal_runs else None
        if latest_run and latest_run[1] >= latest_outside:
            signal_direction = latest_run[2]
            # A run that has ended: if most useful points after it lie on the other side,
            # the process has moved away from it, and that movement is what matters now.
            after = [
                v - c
                for v, c in zip(
                    values[latest_run[1] + 1 :], centres[latest_run[1] + 1 :], strict=True
                )
                if v is not None and c is not None and v != c
            ]
            above = sum(1 for d in after if d > 0)
            if after and (
                above < len(after) / 2 if signal_direction == "up" else above > len(after) / 2
            ):
                moved_away = True
                signal_direction = "down" if signal_direction == "up" else "up"
        elif outside:
            signal_direction = "up" if values[latest_outside] > centres[latest_outside] else "down"

    split = len(result.phases) > 1
    phase_labels = [first_title or _("Before the first change")] + [t for _i, t in splits]
    n_present = sum(1 for v in values if v is not None)
    no_verdict = _no_verdict(measure, points, values, last, run)

    # The headline: what the data show, and whether it is better or worse.
    judgement = ""
    variation = None
    if no_verdict:
        headline = no_verdict
    elif not reasons:
        variation = VARIATION_COMMON
        headline = _(
            "Only common cause variation: the values vary around %(line)s %(centre)s as chance "
            "would have it, with no sign that the level has changed."
        ) % {"line": centre_word, "centre": number(centre) + (" %" if percent else "")}
    else:
        if signal_direction is None:
            variation = VARIATION_NEITHER
            headline = _(
                "The values cross %(line)s less often than chance would give (%(crossings)d "
                "times, at least %(limit)d expected): the level has shifted during the period, "
                "but not clearly in one direction."
            ) % {"line": centre_word, "crossings": run.crossings, "limit": run.crossings_limit}
        else:
            up = signal_direction == "up"
            judgement = _judge(measure, up)
            variation = {
                "better": VARIATION_IMPROVING,
                "worse": VARIATION_CONCERNING,
                "neutral": VARIATION_NEITHER,
            }[judgement]
            latest_run = run.signal_runs[-1] if run.signal_runs and rules != RuleSet.MDC else None
            if latest_run and moved_away:
                first, end_index, _d = latest_run
                length = sum(1 for i in range(first, end_index + 1) if values[i] is not None)
                words = {
                    "start": labels[first],
                    "end": labels[end_index],
                    "row": _points_in_a_row(measure, length),
                    "line": centre_word,
                }
                if up:
                    text = _(
                        "The values were markedly lower from %(start)s to %(end)s (%(row)s "
                        "below %(line)s) and have mostly been higher since."
                    )
                else:
                    text = _(
                        "The values were markedly higher from %(start)s to %(end)s (%(row)s "
                        "above %(line)s) and have mostly been lower since."
                    )
                headline = text % words
            elif latest_run and latest_run[2] == signal_direction:
                first, end_index, _d = latest_run
                length = sum(1 for i in range(first, end_index + 1) if values[i] is not None)
                words = {
                    "since": labels[first],
                    "start": labels[first],
                    "end": labels[end_index],
                    "row": _points_in_a_row(measure, length),
                    "line": centre_word,
                }
                ongoing = all(values[i] is None for i in range(end_index + 1, len(values)))
                if ongoing and up:
                    text = _(
                        "The values have been markedly higher since %(since)s: %(row)s above "
                        "%(line)s."
                    )
                elif ongoing:
                    text = _(
                        "The values have been markedly lower since %(since)s: %(row)s below "
                        "%(line)s."
                    )
                elif up:
                    text = _(
                        "The values were markedly higher from %(start)s to %(end)s: %(row)s "
                        "above %(line)s."
                    )
                else:
                    text = _(
                        "The values were markedly lower from %(start)s to %(end)s: %(row)s below "
                        "%(line)s."
                    )
                headline = text % words
            else:
                flagged = sorted(last.signal_indexes)
                latest_index = flagged[-1] if flagged else len(values) - 1
                words = {"period": labels[latest_index]}
                if up:
                    headline = (
                        _(
                            "The values are higher than chance explains, most recently in "
                            "%(period)s."
                        )
                        % words
                    )
                else:
                    headline = (
                        _("The values are lower than chance explains, most recently in %(period)s.")
                        % words
                    )
            headline += " " + _judgement_sentence(judgement)

    words = [headline]
    if split and n_present:
        words.insert(
            0,
            _("Current phase, from %(period)s (%(title)s).")
            % {"period": labels[last.start], "title": phase_labels[-1]},
        )
    if baseline and last.n and last.frozen:
        if split:
            words.append(
                _("The centre line is frozen after the first %(n)d points of the phase.")
                % {"n": baseline}
            )
        else:
            words.append(
                _("The centre line is frozen after the first %(n)d points.") % {"n": baseline}
            )
    elif baseline and last.n:
        words.append(
            _("The centre line will be frozen after %(n)d points (%(count)d so far).")
            % {"n": baseline, "count": last.n}
        )
    verdict = " ".join(words)

    assurance, lcl_now, ucl_now = (None, None, None)
    if n_present:
        assurance, lcl_now, ucl_now = _assurance(measure, values, lcl, ucl, last)
        if no_verdict:
            assurance = None

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
    marks = [Mark(str(k), label, "cycle") for k, (_i, label) in enumerate(annotations, 1)]
    notes = [(i, f"{labels[i]}: {p.note}") for i, p in enumerate(points) if p.note]
    marks += [Mark(note_letter(k), text, "note") for k, (_i, text) in enumerate(notes)]
    if annotations:
        desc += " " + _("Numbered marks: %(marks)s.") % {
            "marks": "; ".join(f"{n} {label}" for n, (_i, label) in enumerate(annotations, 1))
        }
    if notes:
        desc += " " + _("Notes: %(notes)s.") % {
            "notes": "; ".join(f"{note_letter(k)} {text}" for k, (_i, text) in enumerate(notes))
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
        notes=notes,
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
    # Row(label, value, centre, lcl, ucl, flagged, note, phase), positional: 6,000 rows.
    no_limits = [None] * len(points)
    rows = [
        Row(
            label,
            value,
            centre_i if value is not None else None,
            lo,
            hi,
            i in highlight,
            p.note,
            ph,
        )
        for i, (label, value, centre_i, lo, hi, p, ph) in enumerate(
            zip(
                labels,
                values,
                centres,
                lcl or no_limits,
                ucl or no_limits,
                points,
                row_phase,
                strict=True,
            )
        )
    ]
    latest_index = next((i for i in range(len(values) - 1, -1, -1) if values[i] is not None), None)
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
        signal=bool(reasons) and not no_verdict,
        too_few_points=run.too_few_points,
        verdict=verdict,
        reasons=reasons,
        rows=rows,
        percent=percent,
        phases=summaries,
        baseline_points=baseline,
        frozen=bool(baseline) and last.frozen,
        n_phase=last.n,
        headline=headline,
        no_verdict=no_verdict,
        variation=variation,
        assurance=assurance,
        judgement=judgement,
        rule_set=str(rule_set),
        rule_set_key=rules,
        details=details,
        marks=marks,
        latest=values[latest_index] if latest_index is not None else None,
        latest_label=labels[latest_index] if latest_index is not None else "",
        target=measure.target,
        lcl_now=lcl_now,
        ucl_now=ucl_now,
        unit=unit,
    )


# --- PDSA cycles and their measures: prediction beside result ------------------------------


def cycles_by_measure(cycles: Iterable, links: Iterable[tuple[int, int]]) -> dict[int, list]:
    """The ``cycles`` linked to each measure, from (measure id, cycle id) pairs: only a
    cycle that names a measure is marked on that measure's chart."""
    by_pk = {cycle.pk: cycle for cycle in cycles}
    result: dict[int, list] = defaultdict(list)
    for measure_id, cycle_id in links:
        if cycle_id in by_pk:
            result[measure_id].append(by_pk[cycle_id])
    return result


def cycle_period(cycle) -> tuple:
    """The days a cycle ran (or is planned to run): actual dates where given."""
    start = cycle.actual_start or cycle.planned_start
    end = cycle.actual_end or cycle.planned_end
    return start, max(start, end)


@dataclass
class PredictionResult:
    """One measure a cycle names: the team's prediction beside what the data show."""

    link: CycleMeasure
    measure: Measure
    predicted: float
    #: The median of the measure's data points in the cycle's period (``None``: none).
    result: float | None
    n: int
    unit: str
    #: What the result is, in words: "median of the measurements in the cycle's period
    #: (3 measurements)" or "no measurements in the period".
    basis: str
    period: str

    @property
    def predicted_text(self) -> str:
        return _with_unit(self.predicted, self.unit)

    @property
    def result_text(self) -> str:
        return _with_unit(self.result, self.unit) if self.result is not None else "–"


def _with_unit(value: float, unit: str) -> str:
    return f"{number(value)} {unit}".strip()


def prediction_results(cycle, links: Sequence[CycleMeasure], points: Iterable[DataPoint]):
    """Per measure the cycle names (``links``, with their measures), the prediction beside
    the result: the median of the measure's plotted values (percent for a P chart) of the
    periods that overlap the cycle's days. ``points`` are data points of those measures
    (more are ignored), read in one query by the caller."""
    start, end = cycle_period(cycle)
    by_measure: dict[int, list[DataPoint]] = defaultdict(list)
    for point in points:
        by_measure[point.measure_id].append(point)
    results = []
    for link in links:
        measure = link.measure
        first = measure.normalise_period(start)
        values = []
        for point in by_measure.get(measure.pk, []):
            if first <= point.period <= end:
                point.measure = measure
                value = point.plotted
                if value is not None:
                    values.append(value * 100 if measure.chart_type == ChartType.P else value)
        n = len(values)
        if n:
            basis = ngettext(
                "median of the measurements in the cycle's period (%(n)d measurement)",
                "median of the measurements in the cycle's period (%(n)d measurements)",
                n,
            ) % {"n": n}
        else:
            basis = _("no measurements in the period")
        results.append(
            PredictionResult(
                link=link,
                measure=measure,
                predicted=float(link.predicted_value),
                result=statistics.median(values) if values else None,
                n=n,
                unit="%" if measure.chart_type == ChartType.P else measure.unit,
                basis=basis,
                period=f"{formatting.date(start)}–{formatting.date(end)}",
            )
        )
    return results
