"""Tests for improvement.spc: Anhøj run-chart rules and Shewhart charts."""

import math

import pytest

from improvement import spc
from improvement.spc import (
    c_chart,
    crossings_limit,
    i_chart,
    longest_run_limit,
    p_chart,
    run_chart_analysis,
    u_chart,
)

# Anhøj and Olesen (2014), table of critical values: n useful observations,
# upper limit for the longest run, lower limit for the number of crossings.
ANHOEJ_TABLE = [
    (10, 6, 2),
    (11, 6, 2),
    (12, 7, 3),
    (14, 7, 4),
    (17, 7, 5),
    (20, 7, 6),
    (22, 7, 7),
    (23, 8, 7),
    (24, 8, 8),
    (27, 8, 9),
    (30, 8, 10),
    (31, 8, 11),
    (34, 8, 12),
    (36, 8, 13),
    (40, 8, 14),
    (50, 9, 19),
    (60, 9, 23),
    (100, 10, 41),
]


@pytest.mark.parametrize(("n", "run_limit", "cross_limit"), ANHOEJ_TABLE)
def test_limits_match_published_table(n, run_limit, cross_limit):
    assert longest_run_limit(n) == run_limit
    assert crossings_limit(n) == cross_limit


def test_crossings_limit_is_fifth_percentile_of_binomial():
    # qbinom(0.05, n - 1, 0.5): smallest k with P(X <= k) >= 0.05.
    for n in range(2, 80):
        k = crossings_limit(n)
        cdf = sum(math.comb(n - 1, i) for i in range(k + 1)) / 2 ** (n - 1)
        below = sum(math.comb(n - 1, i) for i in range(k)) / 2 ** (n - 1)
        assert cdf >= 0.05
        assert below < 0.05


# A baseline of (high, low, low) x 9 followed by a shift of 9 points above the
# median. 18 lows (3..8) and 18 highs (12..18), so the median is 10 and no
# observation is on it.
BASELINE = [14, 5, 7, 12, 4, 8, 15, 6, 3, 13, 7, 5, 16, 4, 6, 12, 8, 3, 14, 5, 7, 15, 6, 4, 13]
BASELINE += [3, 8]
SHIFT = [15, 17, 14, 18, 16, 15, 17, 14, 16]


def test_shift_of_nine_points_above_median_is_detected():
    values = BASELINE + SHIFT
    result = run_chart_analysis(values)
    assert result.median == 10
    assert result.n_useful == 36
    assert result.longest_run == 9
    assert result.longest_run_limit == 8
    assert result.shift_signal
    assert result.direction == "up"
    assert result.signal
    assert result.signal_indexes == frozenset(range(27, 36))
    # Runs: (H, LL) x 9 then the shift = 19 runs, 18 crossings; limit is 13.
    assert result.crossings == 18
    assert result.crossings_limit == 13
    assert not result.crossings_signal
    assert not result.too_few_points


def test_shift_below_median_has_direction_down():
    values = [-v for v in BASELINE + SHIFT]
    result = run_chart_analysis(values)
    assert result.shift_signal
    assert result.direction == "down"


def test_random_looking_series_has_no_signal():
    values = [32, 33, 21, 28, 36, 35, 32, 29, 35, 31, 38, 26]
    values += [36, 24, 29, 24, 23, 39, 28, 37, 39, 24, 29, 23]
    result = run_chart_analysis(values)
    assert result.median == 30
    assert result.n_useful == 24
    assert result.longest_run == 4
    assert result.crossings == 11
    assert (result.longest_run_limit, result.crossings_limit) == (8, 8)
    assert not result.signal
    assert result.direction is None
    assert result.signal_indexes == frozenset()


def test_too_few_crossings_signals():
    # Two long halves: 1 crossing among 20 useful points (limit 6).
    values = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 11, 12, 13, 14, 15, 11, 12, 13, 14, 15]
    result = run_chart_analysis(values)
    assert result.crossings == 1
    assert result.crossings_signal
    assert result.shift_signal  # run of 10 > 7


def test_points_on_median_are_skipped_and_do_not_break_runs():
    values = [1, 2, 3, 5, 5, 5, 7, 8, 9]
    result = run_chart_analysis(values)
    assert result.median == 5
    assert result.n == 9
    assert result.n_useful == 6
    assert result.longest_run == 3
    assert result.crossings == 1

    # A point on the centre inside a run neither counts nor splits it.
    result = run_chart_analysis([9, 9, 5, 9, 9, 1, 1], centre=5)
    assert result.longest_run == 4
    assert result.crossings == 1
    result = run_chart_analysis([9, 9, 5, 9, 1, 1, 1, 1, 1], centre=5)
    assert result.longest_run == 5
    assert result.n_useful == 8


def test_none_values_are_missing_but_keep_their_index():
    values = [None, *BASELINE, None, *SHIFT]
    result = run_chart_analysis(values)
    assert result.n == 36
    assert result.signal_indexes == frozenset(range(29, 38))


def test_short_series_still_analysed_but_flagged():
    result = run_chart_analysis([3, 1, 4, 1, 5])
    assert result.too_few_points
    assert result.median == 3
    assert result.n_useful == 4
    assert result.longest_run_limit == 5


@pytest.mark.parametrize("values", [[], [7], [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4], [None, None]])
def test_degenerate_run_charts_do_not_raise(values):
    result = run_chart_analysis(values)
    assert result.n_useful == 0
    assert result.longest_run == 0
    assert result.crossings == 0
    assert not result.signal
    assert result.direction is None
    assert result.too_few_points == (len(values) < 12)


def test_limit_functions_reject_zero():
    with pytest.raises(ValueError):
        longest_run_limit(0)
    with pytest.raises(ValueError):
        crossings_limit(0)


# --- Shewhart charts -------------------------------------------------------


def test_i_chart_limits_by_hand():
    result = i_chart([10, 12, 11, 15, 13])
    # mean = 61 / 5; moving ranges 2, 1, 4, 2 -> MR-bar 2.25
    assert result.kind == "i"
    assert result.centre == pytest.approx(12.2)
    assert result.moving_ranges == [None, 2, 1, 4, 2]
    assert result.mr_centre == pytest.approx(2.25)
    assert result.mr_ucl == pytest.approx(3.267 * 2.25)
    assert result.ucl == pytest.approx([12.2 + 2.66 * 2.25] * 5)
    assert result.lcl == pytest.approx([12.2 - 2.66 * 2.25] * 5)
    assert result.outside == ()
    assert result.run_chart.centre == pytest.approx(12.2)


def test_i_chart_flags_point_outside_limits():
    result = i_chart([10, 11, 10, 11, 10, 11, 10, 11, 30])
    # mean = 114 / 9, MR-bar = 26 / 8 -> UCL ~ 21.31
    assert result.ucl[0] == pytest.approx(114 / 9 + 2.66 * 26 / 8)
    assert result.outside == (8,)
    assert result.signal


def test_i_chart_missing_values_skip_moving_range():
    result = i_chart([10, None, 14, 12])
    assert result.moving_ranges == [None, None, 4, 2]
    assert result.values[1] is None
    assert result.lcl[1] is None and result.ucl[1] is None
    assert result.centre == pytest.approx(12)


def test_i_chart_edge_cases():
    empty = i_chart([])
    assert empty.centre is None and empty.values == [] and empty.outside == ()
    single = i_chart([5])
    assert single.centre == 5
    assert single.lcl == [None] and single.ucl == [None]
    assert single.mr_centre is None and single.mr_ucl is None
    flat = i_chart([3.3] * 12)
    assert flat.lcl[0] == pytest.approx(3.3) and flat.ucl[0] == pytest.approx(3.3)
    assert flat.outside == ()
    assert not flat.signal


def test_p_chart_per_point_limits():
    result = p_chart([10, 20, 5], [100, 200, 0])
    assert result.kind == "p"
    assert result.centre == pytest.approx(0.1)  # pooled: 30 / 300
    assert result.values[:2] == pytest.approx([0.1, 0.1])
    assert result.ucl[0] == pytest.approx(0.1 + 3 * 0.03)
    assert result.lcl[0] == pytest.approx(0.1 - 3 * 0.03)
    assert result.ucl[1] == pytest.approx(0.1 + 3 * math.sqrt(0.09 / 200))
    assert result.lcl[1] == pytest.approx(0.1 - 3 * math.sqrt(0.09 / 200))
    # Zero denominator: the point is skipped, not an error.
    assert result.values[2] is None
    assert result.lcl[2] is None and result.ucl[2] is None


def test_p_chart_limits_clipped_to_unit_interval():
    low = p_chart([1, 1], [10, 10])
    assert low.lcl == [0.0, 0.0]
    high = p_chart([9, 1], [10, 1])
    assert high.ucl == [1.0, 1.0]


def test_p_chart_flags_outlier():
    nums = [10, 12, 9, 11, 10, 40]
    dens = [100] * 6
    result = p_chart(nums, dens)
    assert result.outside == (5,)


def test_p_chart_degenerate_inputs():
    assert p_chart([], []).centre is None
    none_usable = p_chart([0, 0], [0, 0])
    assert none_usable.centre is None
    assert none_usable.values == [None, None]
    zeros = p_chart([0, 0, 0], [10, 20, 30])
    assert zeros.centre == 0
    assert zeros.outside == ()


def test_mismatched_lengths_raise():
    with pytest.raises(ValueError, match="same length"):
        p_chart([1, 2], [10])
    with pytest.raises(ValueError, match="same length"):
        u_chart([1], [10, 20])


def test_u_chart_limits():
    result = u_chart([4, 6, 0], [100, 200, 0])
    u = 10 / 300
    assert result.centre == pytest.approx(u)
    assert result.ucl[0] == pytest.approx(u + 3 * math.sqrt(u / 100))
    assert result.lcl[0] == 0.0  # u - 3 sqrt(u/100) < 0, clipped
    assert result.ucl[1] == pytest.approx(u + 3 * math.sqrt(u / 200))
    assert result.values[2] is None


def test_c_chart_limits():
    result = c_chart([2, 4, 3, 3])
    assert result.centre == 3
    assert result.ucl == pytest.approx([3 + 3 * math.sqrt(3)] * 4)
    assert result.lcl == [0.0] * 4
    big = c_chart([100, 100, 100, 160])
    assert big.lcl[0] == pytest.approx(115 - 3 * math.sqrt(115))
    assert big.outside == (3,)
    assert c_chart([]).centre is None


def test_control_chart_carries_runs_analysis_around_centre():
    values = BASELINE + SHIFT
    result = i_chart(values)
    assert result.run_chart.centre == pytest.approx(sum(values) / len(values))
    assert result.run_chart.n == len(values)


# --- frozen baselines and phases ------------------------------------


def test_frozen_baseline_judges_later_points_against_the_first_ones():
    baseline = [10, 12, 11, 9, 10, 12, 11, 9, 10, 12, 11, 9]
    after = [6, 5, 6, 7, 5, 6, 5, 6]  # clearly lower after a change
    free = spc.run_chart_analysis(baseline + after)
    frozen = spc.run_chart_analysis(baseline + after, baseline=12)
    assert frozen.median == 10.5
    assert frozen.shift_signal and frozen.direction == "down"
    assert frozen.longest_run >= 8
    assert free.median != frozen.median


def test_phases_get_their_own_centre_lines_and_global_indexes():
    values = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10, 5, 4, 6, 5, 4, 6, 5, 4, 6, 5]
    phases = spc.chart_phases("run", values, starts=[10]).phases
    assert [(p.start, p.end) for p in phases] == [(0, 10), (10, 20)]
    assert phases[0].centre == 10
    assert phases[1].centre == 5
    assert all(10 <= i < 20 for i in phases[1].run_chart.signal_indexes)


def test_phase_starts_from_change_dates():
    import datetime

    periods = [datetime.date(2025, m, 1) for m in range(1, 13)]
    starts = spc.phase_starts(periods, [datetime.date(2025, 9, 1), datetime.date(2025, 4, 15)])
    assert starts == [4, 8]
    # Before the data, after it, or twice at the same point: no split of its own.
    changes = [datetime.date(2024, 6, 1), datetime.date(2026, 1, 2), datetime.date(2025, 4, 2)]
    assert spc.phase_starts(periods, [*changes, datetime.date(2025, 4, 20)]) == [4]
    assert spc.phase_index(periods, datetime.date(2024, 6, 1)) == 0
    assert spc.phase_index(periods, datetime.date(2026, 1, 2)) == len(periods)
