"""Statistical process control (SPC) for improvement work.

Pure functions, no database and no Django: run charts analysed with the Anhøj
rules (Anhøj and Olesen, PLoS ONE 2014) and the Shewhart charts used in Danish
hospital improvement work (I/XmR, P, U and C charts).

Conventions that matter to callers:

* Missing observations are ``None``. They keep their index (so results line up
  with the caller's x-axis) but take no part in any calculation.
* Nothing a user can cause (empty series, one point, zero denominators, all
  values equal) raises. ``ValueError`` is reserved for programming errors such
  as parallel lists of different lengths.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = [
    "CHART_KINDS",
    "MDC_RUN",
    "MIN_POINTS",
    "RULE_SETS",
    "ChartPhase",
    "MDCResult",
    "ControlChartResult",
    "IChartResult",
    "PhasedChartResult",
    "RunChartResult",
    "c_chart",
    "chart_phases",
    "crossings_limit",
    "i_chart",
    "longest_run_limit",
    "mdc_rules",
    "p_chart",
    "phase_bounds",
    "phase_index",
    "phase_starts",
    "run_chart_analysis",
    "u_chart",
]

#: A run chart "wants at least 12 points" before the rules are trusted.
MIN_POINTS = 12

# XmR constants: 2.66 = 3 / d2 (d2 = 1.128 for moving ranges of two), and
# 3.267 = D4 for n = 2.
_XMR_LIMIT_FACTOR = 2.66
_MR_UCL_FACTOR = 3.267

Number = float | int


@dataclass(frozen=True)
class RunChartResult:
    """Anhøj run-chart analysis of one series.

    ``median`` is the median of the observations; ``centre`` is the line the
    runs and crossings were counted around (the median for a run chart, the
    centre line for a Shewhart chart). Limits are ``None`` when there are no
    useful observations at all.
    """

    n: int
    median: float | None
    centre: float | None
    n_useful: int
    longest_run: int
    longest_run_limit: int | None
    crossings: int
    crossings_limit: int | None
    shift_signal: bool
    crossings_signal: bool
    too_few_points: bool
    #: "up"/"down" when there is a shift signal and the latest run longer than the
    #: limit lies above/below the centre; ``None`` when there is no shift. The latest
    #: run decides because it says where the process is now: a series that was high
    #: and is now low has improved if lower is better, whichever run is longer.
    direction: str | None
    #: Indexes (into the input) of the points in runs longer than the limit,
    #: for highlighting on a chart.
    signal_indexes: frozenset[int]
    #: (first index, last index, "up"/"down") of each run longer than the limit, in order.
    signal_runs: tuple[tuple[int, int, str], ...] = ()

    @property
    def signal(self) -> bool:
        """True if either Anhøj rule signals non-random variation."""
        return self.shift_signal or self.crossings_signal


@dataclass(frozen=True)
class ControlChartResult:
    """A Shewhart chart: per-point values and limits plus the runs analysis.

    ``values`` are the plotted statistics (proportions for a P chart, rates
    for a U chart); a point that could not be computed is ``None`` and so are
    its limits.
    """

    kind: str
    values: list[float | None]
    centre: float | None
    lcl: list[float | None]
    ucl: list[float | None]
    outside: tuple[int, ...]
    run_chart: RunChartResult

    @property
    def signal(self) -> bool:
        """True if any point is outside the limits or a run rule signals."""
        return bool(self.outside) or self.run_chart.signal


@dataclass(frozen=True)
class IChartResult(ControlChartResult):
    """I chart plus its moving-range (mR) chart."""

    moving_ranges: list[float | None]
    mr_centre: float | None
    mr_ucl: float | None


# ---------------------------------------------------------------------------
# Anhøj limits


@functools.lru_cache(maxsize=4096)
def longest_run_limit(n_useful: int) -> int:
    """Upper limit for the longest run: ``round(log2(n) + 3)``.

    Rounded half up explicitly; Python's ``round`` rounds half to even (the
    .5 case cannot occur for integer n, but being explicit costs nothing).
    """
    if n_useful < 1:
        raise ValueError("n_useful must be at least 1")
    return math.floor(math.log2(n_useful) + 3 + 0.5)


@functools.lru_cache(maxsize=4096)
def crossings_limit(n_useful: int) -> int:
    """Lower limit for the number of crossings: ``qbinom(0.05, n - 1, 0.5)``.

    The smallest k with P(X <= k) >= 0.05 for X ~ Binomial(n - 1, 0.5). The cumulative
    probability is summed in floating point from log binomial coefficients (6,000 points:
    under a millisecond, where exact integers took 8 ms); whenever that sum lies within
    1e-6 of 0.05 (far above its rounding error, about 1e-11) the answer is decided in
    exact integer arithmetic instead: P(X <= k) = sum(C(m, i)) / 2**m, so the test is
    20 * sum >= 2**m. Equality is impossible (2**m has no factor 5), so R's
    floating-point fuzz is not needed. Answers are remembered: charts of the same length
    share them.
    """
    if n_useful < 1:
        raise ValueError("n_useful must be at least 1")
    trials = n_useful - 1
    log_total = trials * math.log(2)
    log_m = math.lgamma(trials + 1)
    cumulative = 0.0
    for k in range(trials + 1):
        log_term = log_m - math.lgamma(k + 1) - math.lgamma(trials - k + 1) - log_total
        cumulative += math.exp(log_term)
        if abs(20 * cumulative - 1) < 2e-5:
            return _crossings_limit_exact(trials)
        if 20 * cumulative >= 1:
            return k
    return trials  # pragma: no cover - the loop always returns


def _crossings_limit_exact(trials: int) -> int:
    total = 2**trials
    # C(m, k+1) = C(m, k) * (m - k) / (k + 1): one multiplication per step instead of a
    # fresh binomial coefficient.
    cumulative, term = 0, 1
    for k in range(trials + 1):
        cumulative += term
        if 20 * cumulative >= total:
            return k
        term = term * (trials - k) // (k + 1)
    return trials  # pragma: no cover - the loop always returns


# ---------------------------------------------------------------------------
# Run chart


def run_chart_analysis(
    values: Sequence[Number | None],
    centre: float | None = None,
    *,
    baseline: int | None = None,
) -> RunChartResult:
    """Analyse a series with the Anhøj rules.

    Runs and crossings are counted around ``centre`` if given (Shewhart
    charts use their centre line), otherwise around the median. With
    ``baseline=N`` the median is frozen: it is taken from the first N present
    observations and the later ones are judged against it. Observations
    exactly on that line are not useful and are skipped: they neither count
    nor break a run.
    """
    present = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    n = len(present)
    basis = present[:baseline] if baseline else present
    median = statistics.median(v for _, v in basis) if basis else None
    line = median if centre is None else float(centre)

    # Side of each useful point: +1 above, -1 below the line.
    sides: list[tuple[int, int]] = []
    if line is not None:
        # Tolerance: a mean of equal values can differ from them in the last bit.
        tol = 1e-9 * max(1.0, abs(line))
        sides = [(i, 1 if v > line else -1) for i, v in present if abs(v - line) > tol]
    n_useful = len(sides)

    runs: list[tuple[int, list[int]]] = []  # (side, indexes)
    for i, side in sides:
        if runs and runs[-1][0] == side:
            runs[-1][1].append(i)
        else:
            runs.append((side, [i]))
    crossings = max(len(runs) - 1, 0)
    longest = max((len(idx) for _, idx in runs), default=0)

    if n_useful:
        run_limit: int | None = longest_run_limit(n_useful)
        cross_limit: int | None = crossings_limit(n_useful)
        shift = longest > run_limit
        few_crossings = crossings < cross_limit
    else:
        run_limit = cross_limit = None
        shift = few_crossings = False

    direction = None
    signal_indexes: set[int] = set()
    signal_runs: list[tuple[int, int, str]] = []
    if shift:
        for side, idx in runs:
            if run_limit is not None and len(idx) > run_limit:
                signal_indexes.update(idx)
                signal_runs.append((idx[0], idx[-1], "up" if side > 0 else "down"))
        direction = signal_runs[-1][2]

    return RunChartResult(
        n=n,
        median=median,
        centre=line,
        n_useful=n_useful,
        longest_run=longest,
        longest_run_limit=run_limit,
        crossings=crossings,
        crossings_limit=cross_limit,
        shift_signal=shift,
        crossings_signal=few_crossings,
        too_few_points=n < MIN_POINTS,
        direction=direction,
        signal_indexes=frozenset(signal_indexes),
        signal_runs=tuple(signal_runs),
    )


def phase_index(periods: Sequence, change) -> int:
    """Where a phase that begins at ``change`` starts in ``periods`` (in order): the index
    of the first period on or after it. 0 means before the data, ``len(periods)`` after it."""
    return bisect.bisect_left(periods, change)


def phase_starts(periods: Sequence, change_dates: Sequence) -> list[int]:
    """The indexes at which phases beginning at ``change_dates`` split a series observed at
    ``periods`` (in order), for ``chart_phases``. A change before the first period or after
    the last splits nothing and is left out; changes at the same point split once."""
    starts = {phase_index(periods, change) for change in change_dates}
    return sorted(i for i in starts if 0 < i < len(periods))


# ---------------------------------------------------------------------------
# Shewhart charts


def _outside(
    values: Sequence[float | None],
    lcl: Sequence[float | None],
    ucl: Sequence[float | None],
) -> tuple[int, ...]:
    """Indexes strictly outside the limits.

    A small tolerance keeps float noise (e.g. an all-equal series whose limits
    collapse onto the centre) from producing false alarms.
    """
    result = []
    for i, (v, lo, hi) in enumerate(zip(values, lcl, ucl, strict=True)):
        if v is None or lo is None or hi is None:
            continue
        if v > hi + 1e-9 * max(1.0, abs(hi)) or v < lo - 1e-9 * max(1.0, abs(lo)):
            result.append(i)
    return tuple(result)


def _check_lengths(a: Sequence[object], b: Sequence[object], names: str) -> None:
    if len(a) != len(b):
        raise ValueError(f"{names} must have the same length (got {len(a)} and {len(b)})")


def _first(items: list, baseline: int | None) -> list:
    """The first ``baseline`` items of ``items`` (all of them without a baseline)."""
    if baseline is None:
        return items
    if baseline < 1:
        raise ValueError(f"baseline must be at least 1 (got {baseline})")
    return items[:baseline]


def i_chart(values: Sequence[Number | None], *, baseline: int | None = None) -> IChartResult:
    """I chart (XmR): centre = mean, limits = mean ± 2.66 × average moving range.

    Moving ranges are taken between consecutive *present* values, so a missing
    observation does not create a spurious range. ``moving_ranges[i]`` belongs
    to point i (``None`` for the first present point). With fewer than two
    points there is no moving range and so no limits.

    With ``baseline=N`` the centre and the average moving range come from the
    first N present values only (the N - 1 moving ranges among them); later
    points are judged against those frozen limits and centre line. A baseline
    at least as long as the series changes nothing.
    """
    vals = [None if v is None else float(v) for v in values]

    moving_ranges: list[float | None] = []
    previous: float | None = None
    for v in vals:
        if v is None:
            moving_ranges.append(None)
            continue
        moving_ranges.append(None if previous is None else abs(v - previous))
        previous = v

    basis = _first([(i, v) for i, v in enumerate(vals) if v is not None], baseline)
    centre = math.fsum(v for _, v in basis) / len(basis) if basis else None
    # The basis is a prefix of the present values, so each of its moving ranges is
    # taken between two basis points.
    mrs = [moving_ranges[i] for i, _ in basis if moving_ranges[i] is not None]
    mr_bar = statistics.fmean(mrs) if mrs else None

    if centre is not None and mr_bar is not None:
        lo, hi = centre - _XMR_LIMIT_FACTOR * mr_bar, centre + _XMR_LIMIT_FACTOR * mr_bar
        lcl: list[float | None] = [None if v is None else lo for v in vals]
        ucl: list[float | None] = [None if v is None else hi for v in vals]
    else:
        lcl = [None] * len(vals)
        ucl = [None] * len(vals)

    return IChartResult(
        kind="i",
        values=vals,
        centre=centre,
        lcl=lcl,
        ucl=ucl,
        outside=_outside(vals, lcl, ucl),
        run_chart=run_chart_analysis(vals, centre),
        moving_ranges=moving_ranges,
        mr_centre=mr_bar,
        mr_ucl=None if mr_bar is None else _MR_UCL_FACTOR * mr_bar,
    )


def _ratio_chart(
    kind: str,
    numerators: Sequence[Number | None],
    denominators: Sequence[Number | None],
    sigma: Callable[[float, float], float],
    upper_bound: float | None,
    baseline: int | None = None,
) -> ControlChartResult:
    """Shared P/U logic: weighted centre, per-point limits from the subgroup size.

    With ``baseline=N`` the centre comes from the first N usable points (those
    with a positive denominator); every point's limits use that frozen centre
    and the point's own denominator.
    """
    _check_lengths(numerators, denominators, "numerators and denominators")
    used = [
        (float(x), float(n))
        for x, n in zip(numerators, denominators, strict=True)
        if x is not None and n is not None and n > 0
    ]
    basis = _first(used, baseline)
    total_n = sum(n for _, n in basis)
    centre = sum(x for x, _ in basis) / total_n if basis else None

    values: list[float | None] = []
    lcl: list[float | None] = []
    ucl: list[float | None] = []
    for x, n in zip(numerators, denominators, strict=True):
        if x is None or n is None or n <= 0 or centre is None:
            values.append(None)
            lcl.append(None)
            ucl.append(None)
            continue
        values.append(x / n)
        spread = 3 * sigma(centre, float(n))
        lo = max(0.0, centre - spread)
        hi = centre + spread
        ucl.append(hi if upper_bound is None else min(upper_bound, hi))
        lcl.append(lo)

    return ControlChartResult(
        kind=kind,
        values=values,
        centre=centre,
        lcl=lcl,
        ucl=ucl,
        outside=_outside(values, lcl, ucl),
        run_chart=run_chart_analysis(values, centre),
    )


def _p_sigma(p: float, n: float) -> float:
    return math.sqrt(max(p * (1 - p), 0.0) / n)


def _u_sigma(u: float, n: float) -> float:
    return math.sqrt(max(u, 0.0) / n)


def p_chart(
    numerators: Sequence[Number | None],
    denominators: Sequence[Number | None],
    *,
    baseline: int | None = None,
) -> ControlChartResult:
    """P chart for proportions: p̄ ± 3·sqrt(p̄(1−p̄)/nᵢ), clipped to [0, 1].

    p̄ is the pooled proportion (sum of numerators / sum of denominators), of
    the first ``baseline`` usable points if given. Points with a zero (or
    missing) denominator are skipped.
    """
    return _ratio_chart("p", numerators, denominators, _p_sigma, upper_bound=1.0, baseline=baseline)


def u_chart(
    counts: Sequence[Number | None],
    exposures: Sequence[Number | None],
    *,
    baseline: int | None = None,
) -> ControlChartResult:
    """U chart for rates: ū ± 3·sqrt(ū/nᵢ), lower limit clipped at 0.

    ``exposures`` is the area of opportunity (e.g. bed days); points with zero
    exposure are skipped. ū comes from the first ``baseline`` usable points if
    given.
    """
    return _ratio_chart("u", counts, exposures, _u_sigma, upper_bound=None, baseline=baseline)


def c_chart(counts: Sequence[Number | None], *, baseline: int | None = None) -> ControlChartResult:
    """C chart for counts with a constant area of opportunity: c̄ ± 3·sqrt(c̄).

    c̄ is the mean of the first ``baseline`` present counts if given.
    """
    vals = [None if c is None else float(c) for c in counts]
    basis = _first([v for v in vals if v is not None], baseline)
    centre = math.fsum(basis) / len(basis) if basis else None
    if centre is not None:
        spread = 3 * math.sqrt(max(centre, 0.0))
        lo, hi = max(0.0, centre - spread), centre + spread
        lcl: list[float | None] = [None if v is None else lo for v in vals]
        ucl: list[float | None] = [None if v is None else hi for v in vals]
    else:
        lcl = [None] * len(vals)
        ucl = [None] * len(vals)
    return ControlChartResult(
        kind="c",
        values=vals,
        centre=centre,
        lcl=lcl,
        ucl=ucl,
        outside=_outside(vals, lcl, ucl),
        run_chart=run_chart_analysis(vals, centre),
    )


# ---------------------------------------------------------------------------
# NHS England "Making Data Count" rules for control charts

#: The rule sets a chart can be read with: the Anhøj rules (runs and crossings, plus
#: points outside the limits on a control chart) or the NHS Making Data Count rules.
RULE_SETS = ("anhoej", "mdc")

#: Making Data Count: a shift is this many points in a row on one side of the centre line,
#: a trend this many points in a row each higher (or each lower) than the one before.
MDC_RUN = 7


@dataclass(frozen=True)
class MDCResult:
    """The four Making Data Count rules on one chart; indexes into the input.

    ``directions[i]`` is "up"/"down" for a flagged point (above or rising / below or
    falling) and ``None`` otherwise; when one point breaks several rules the first of
    beyond the limits, two of three, shift, trend decides.
    """

    beyond: tuple[int, ...]
    shift: tuple[int, ...]
    trend: tuple[int, ...]
    two_of_three: tuple[int, ...]
    directions: tuple[str | None, ...]

    @property
    def signal_indexes(self) -> frozenset[int]:
        return frozenset(self.beyond + self.shift + self.trend + self.two_of_three)

    @property
    def signal(self) -> bool:
        return bool(self.signal_indexes)

    @property
    def direction(self) -> str | None:
        """The direction of the latest flagged point: where the process is now."""
        return next((d for d in reversed(self.directions) if d is not None), None)


def mdc_rules(
    values: Sequence[float | None],
    centre: float | None,
    lcl: Sequence[float | None],
    ucl: Sequence[float | None],
) -> MDCResult:
    """Points beyond the limits, a shift of 7 points on one side of the centre line, a
    trend of 7 points each higher (lower) than the last, and 2 of 3 points in a row beyond
    two sigma on the same side. Missing values are skipped (they neither count nor break a
    run); a point on the centre line breaks a shift and a repeated value breaks a trend."""
    n = len(values)
    _check_lengths(values, lcl, "values and lower limits")
    _check_lengths(values, ucl, "values and upper limits")
    dirs: list[list[str | None]] = [[None] * n for _ in range(4)]  # beyond, 2of3, shift, trend
    present = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    if centre is None or not present:
        return MDCResult((), (), (), (), tuple([None] * n))
    tol = 1e-9 * max(1.0, abs(centre))
    for i in _outside(values, lcl, ucl):
        dirs[0][i] = "up" if values[i] > centre else "down"  # type: ignore[operator]

    # Two of three beyond two sigma (sigma = a third of the distance to the limit).
    def beyond_two(i: int, v: float) -> int:
        hi, lo = ucl[i], lcl[i]
        if hi is not None and v > centre + 2 * (hi - centre) / 3 + tol:
            return 1
        if lo is not None and v < centre - 2 * (centre - lo) / 3 - tol:
            return -1
        return 0

    zone = [(i, beyond_two(i, v)) for i, v in present]
    for k in range(len(zone) - 2):
        window = zone[k : k + 3]
        for side in (1, -1):
            hits = [i for i, s in window if s == side]
            if len(hits) >= 2:
                for i in hits:
                    dirs[1][i] = "up" if side > 0 else "down"

    # Shift: runs on one side of the centre line.
    def mark_runs(keys: list[tuple[int, int]], target: list[str | None]) -> None:
        start = 0
        for k in range(1, len(keys) + 1):
            if k == len(keys) or keys[k][1] != keys[start][1] or keys[k][1] == 0:
                if keys[start][1] != 0 and k - start >= MDC_RUN:
                    for i, side in keys[start:k]:
                        target[i] = "up" if side > 0 else "down"
                start = k

    sides = [(i, 0 if abs(v - centre) <= tol else (1 if v > centre else -1)) for i, v in present]
    mark_runs(sides, dirs[2])
    # Trend: each point higher (lower) than the one before; the first point of a trend
    # has no step of its own, so steps are counted and a run of 6 steps is 7 points.
    steps = [(present[0][0], 0)] + [
        (i, 0 if v == pv else (1 if v > pv else -1))
        for (i, v), (_pi, pv) in zip(present[1:], present, strict=False)
    ]
    start = 1
    for k in range(2, len(steps) + 1):
        if k == len(steps) or steps[k][1] != steps[start][1] or steps[k][1] == 0:
            if steps[start][1] != 0 and k - start >= MDC_RUN - 1:
                for i, _s in steps[start - 1 : k]:
                    dirs[3][i] = "up" if steps[start][1] > 0 else "down"
            start = k

    directions = tuple(next((d[i] for d in dirs if d[i] is not None), None) for i in range(n))
    return MDCResult(
        beyond=tuple(i for i in range(n) if dirs[0][i]),
        shift=tuple(i for i in range(n) if dirs[2][i]),
        trend=tuple(i for i in range(n) if dirs[3][i]),
        two_of_three=tuple(i for i in range(n) if dirs[1][i]),
        directions=directions,
    )


# ---------------------------------------------------------------------------
# Phases: one chart split at changes, each part with its own centre and limits

#: The chart kinds ``chart_phases`` draws; "p" and "u" take denominators.
CHART_KINDS = ("run", "i", "p", "u", "c")


@dataclass(frozen=True)
class ChartPhase:
    """One phase of a phased chart: ``start`` to ``end`` (exclusive) of the series.

    ``outside`` and ``run_chart.signal_indexes`` are indexes into the whole
    series; ``run_chart`` is the Anhøj analysis of the phase alone, around its
    centre line.
    """

    start: int
    end: int
    #: Points with a plotted value (for P/U charts: with a positive denominator).
    n: int
    centre: float | None
    outside: tuple[int, ...]
    run_chart: RunChartResult
    #: The baseline asked for (None: centre and limits come from every point).
    baseline: int | None = None
    #: The Making Data Count reading (indexes into the whole series) when the chart is
    #: read with those rules; ``None``: the Anhøj rules.
    mdc: MDCResult | None = None

    @property
    def frozen(self) -> bool:
        """True when the phase has reached its baseline: the centre line no longer moves."""
        return self.baseline is not None and self.n >= self.baseline

    @property
    def signal(self) -> bool:
        if self.mdc is not None:
            return self.mdc.signal
        return bool(self.outside) or self.run_chart.signal

    @property
    def signal_indexes(self) -> frozenset[int]:
        """Points outside the limits or in a signalling run (indexes into the series)."""
        if self.mdc is not None:
            return self.mdc.signal_indexes
        return frozenset(self.outside) | self.run_chart.signal_indexes


@dataclass(frozen=True)
class PhasedChartResult:
    """A chart of any kind split into phases; per-point lists cover the whole series.

    ``centre[i]`` is the centre line of point i's phase (also where the value is
    missing, so the line can be drawn across the phase); ``lcl``/``ucl`` are
    ``None`` for run charts.
    """

    kind: str
    values: list[float | None]
    centre: list[float | None]
    lcl: list[float | None] | None
    ucl: list[float | None] | None
    phases: tuple[ChartPhase, ...]

    @property
    def last(self) -> ChartPhase:
        """The current phase: the one a lead acts on."""
        return self.phases[-1]

    @property
    def starts(self) -> list[int]:
        """The index where each phase after the first begins."""
        return [phase.start for phase in self.phases[1:]]

    @property
    def outside(self) -> tuple[int, ...]:
        return tuple(i for phase in self.phases for i in phase.outside)

    @property
    def signal_indexes(self) -> frozenset[int]:
        return frozenset().union(*(phase.signal_indexes for phase in self.phases))

    @property
    def signal(self) -> bool:
        """True if any phase signals (read ``last.signal`` for the current phase)."""
        return any(phase.signal for phase in self.phases)


def phase_bounds(n: int, starts: Sequence[int]) -> list[tuple[int, int]]:
    """(start, end) of each phase of a series of ``n`` points split at ``starts``.

    Starts at 0 or at or beyond the end split nothing and are ignored, as are
    repeats; there is always at least one phase (``(0, 0)`` for an empty series).
    """
    bounds = sorted({0, *(i for i in starts if 0 < i < n)}) + [n]
    return list(zip(bounds, bounds[1:], strict=False))


def _shift_run(result: RunChartResult, offset: int) -> RunChartResult:
    if not offset:
        return result
    shifted = frozenset(i + offset for i in result.signal_indexes)
    runs = tuple((a + offset, b + offset, d) for a, b, d in result.signal_runs)
    return dataclasses.replace(result, signal_indexes=shifted, signal_runs=runs)


def chart_phases(
    kind: str,
    values: Sequence[Number | None],
    denominators: Sequence[Number | None] | None = None,
    *,
    starts: Sequence[int] = (),
    baseline: int | None = None,
    rules: str = "anhoej",
) -> PhasedChartResult:
    """Any chart kind (``CHART_KINDS``) split into phases at the indexes ``starts``.

    Each phase gets its own centre line (the median for a run chart), limits and
    Anhøj analysis, as if it were a chart of its own. With ``baseline=N`` each
    phase's centre and limits are frozen after that phase's first N points. For
    P and U charts ``values`` are the numerators and ``denominators`` are
    required. Without ``starts`` the result equals the single chart's. With
    ``rules="mdc"`` a control chart's phases are also read with the Making Data Count
    rules (``ChartPhase.mdc``); a run chart has no limits and keeps the Anhøj rules.
    """
    if kind not in CHART_KINDS:
        raise ValueError(f"unknown chart kind {kind!r}")
    if rules not in RULE_SETS:
        raise ValueError(f"unknown rule set {rules!r}")
    _first([], baseline)  # the same check of the baseline for every kind
    ratio = kind in ("p", "u")
    if ratio:
        if denominators is None:
            raise ValueError(f"a {kind} chart needs denominators")
        _check_lengths(values, denominators, "numerators and denominators")

    plotted: list[float | None] = []
    centre: list[float | None] = []
    lcl: list[float | None] | None = None if kind == "run" else []
    ucl: list[float | None] | None = None if kind == "run" else []
    phases = []
    for start, end in phase_bounds(len(values), starts):
        part = values[start:end]
        mdc = None
        if kind == "run":
            run = run_chart_analysis(part, baseline=baseline)
            part_values = [None if v is None else float(v) for v in part]
            line, outside = run.median, ()
        else:
            if kind == "i":
                chart: ControlChartResult = i_chart(part, baseline=baseline)
            elif kind == "c":
                chart = c_chart(part, baseline=baseline)
            else:
                assert denominators is not None  # checked above
                make = p_chart if kind == "p" else u_chart
                chart = make(part, denominators[start:end], baseline=baseline)
            run, part_values, line = chart.run_chart, chart.values, chart.centre
            outside = tuple(i + start for i in chart.outside)
            assert lcl is not None and ucl is not None
            lcl += chart.lcl
            ucl += chart.ucl
            if rules == "mdc":
                local = mdc_rules(chart.values, chart.centre, chart.lcl, chart.ucl)
                mdc = MDCResult(
                    *(tuple(i + start for i in idx) for idx in dataclasses.astuple(local)[:4]),
                    directions=local.directions,
                )
        plotted += part_values
        centre += [line] * len(part_values)
        phases.append(
            ChartPhase(
                start=start,
                end=end,
                n=sum(1 for v in part_values if v is not None),
                centre=line,
                outside=outside,
                run_chart=_shift_run(run, start),
                baseline=baseline,
                mdc=mdc,
            )
        )
    return PhasedChartResult(
        kind=kind, values=plotted, centre=centre, lcl=lcl, ucl=ucl, phases=tuple(phases)
    )
