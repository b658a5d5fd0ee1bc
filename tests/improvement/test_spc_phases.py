"""improvement.spc: frozen baselines and charts split into phases, checked by hand."""

import math

import pytest

from improvement.spc import (
    c_chart,
    chart_phases,
    i_chart,
    p_chart,
    phase_bounds,
    run_chart_analysis,
    u_chart,
)

# Eight baseline points: mean 88 / 8 = 11; moving ranges 2, 1, 2, 4, 2, 1, 2 (sum 14), so
# the average moving range is 2 and the limits are 11 ± 2.66 × 2 = 5.68 and 16.32.
BASE = [10, 12, 11, 13, 9, 11, 10, 12]
LATER = [11, 12, 10, 17]


def test_i_chart_limits_frozen_after_eight_points_flag_a_later_point():
    result = i_chart(BASE + LATER, baseline=8)
    assert result.centre == pytest.approx(11)
    assert result.mr_centre == pytest.approx(2)
    assert result.ucl[11] == pytest.approx(16.32)
    assert result.lcl[11] == pytest.approx(5.68)
    assert result.outside == (11,)  # 17 > 16.32
    # The run rules read around the frozen centre line.
    assert result.run_chart.centre == pytest.approx(11)


def test_without_the_baseline_the_same_point_is_inside():
    # All twelve: mean 138 / 12 = 11.5; moving ranges sum 14 + 1 + 1 + 2 + 7 = 25 over 11,
    # so the upper limit is 11.5 + 2.66 × 25 / 11 = 17.545: 17 is inside.
    result = i_chart(BASE + LATER)
    assert result.centre == pytest.approx(11.5)
    assert result.ucl[11] == pytest.approx(11.5 + 2.66 * 25 / 11)
    assert result.outside == ()


def test_later_points_do_not_move_frozen_limits():
    wild = i_chart(BASE + [11, 12, 10, 100], baseline=8)
    assert wild.centre == pytest.approx(11)
    assert wild.ucl[0] == pytest.approx(16.32)


def test_baseline_counts_present_points_only():
    # The None does not count: the baseline of 3 is 4, 6 and 8 (mean 6).
    result = c_chart([None, 4, 6, 8, 30], baseline=3)
    assert result.centre == pytest.approx(6)
    assert result.ucl[1] == pytest.approx(6 + 3 * math.sqrt(6))
    assert result.outside == (4,)


def test_p_and_u_charts_freeze_the_pooled_centre():
    # Baseline 2 points: (2 + 4) / (20 + 20) = 0.15; the later 18 / 20 is far above.
    p = p_chart([2, 4, 18], [20, 20, 20], baseline=2)
    assert p.centre == pytest.approx(0.15)
    assert p.ucl[2] == pytest.approx(0.15 + 3 * math.sqrt(0.15 * 0.85 / 20))
    assert p.outside == (2,)
    # A zero denominator is not usable, so it is not part of the baseline either.
    u = u_chart([5, 1, 3, 40], [100, 0, 100, 100], baseline=2)
    assert u.centre == pytest.approx(8 / 200)
    assert u.values[1] is None
    assert u.outside == (3,)


@pytest.mark.parametrize(
    "chart",
    [
        lambda b: i_chart(BASE + LATER, baseline=b),
        lambda b: c_chart([3, 5, 4, 6, 2, 5], baseline=b),
        lambda b: p_chart([2, 3, 1, 4], [10, 12, 9, 10], baseline=b),
        lambda b: u_chart([2, 3, 1, 4], [10, 12, 9, 10], baseline=b),
    ],
)
def test_baseline_longer_than_the_series_changes_nothing(chart):
    assert chart(50) == chart(None)


def test_p_chart_in_two_phases_has_two_centre_lines():
    numerators = [2, 3, 1, 2, 6, 7, 5, 6]
    denominators = [10] * 8
    result = chart_phases("p", numerators, denominators, starts=[4])
    # Phase 1: 8 / 40 = 0.2; phase 2: 24 / 40 = 0.6 (one chart would say 32 / 80 = 0.4).
    assert result.centre == pytest.approx([0.2] * 4 + [0.6] * 4)
    assert [(p.start, p.end) for p in result.phases] == [(0, 4), (4, 8)]
    one = 3 * math.sqrt(0.2 * 0.8 / 10)
    two = 3 * math.sqrt(0.6 * 0.4 / 10)
    assert result.ucl[0] == pytest.approx(0.2 + one)
    assert result.lcl[0] == 0  # 0.2 - 0.379 is clipped at zero
    assert result.ucl[7] == 1.0  # 0.6 + 0.465 is clipped at one
    assert result.lcl[7] == pytest.approx(0.6 - two)
    assert result.outside == ()
    assert result.last.centre == pytest.approx(0.6)
    # As one phase, the jump from 20 % to 60 % is a run of four on each side of 0.4.
    assert chart_phases("p", numerators, denominators).centre == pytest.approx([0.4] * 8)


def test_baseline_applies_within_each_phase():
    # Phase 1: first 3 counts 4, 6, 5 -> 5; phase 2: first 3 counts 20, 22, 21 -> 21.
    counts = [4, 6, 5, 30, 20, 22, 21, 5]
    result = chart_phases("c", counts, starts=[4], baseline=3)
    assert result.centre == pytest.approx([5] * 4 + [21] * 4)
    # 30 is above 5 + 3√5 = 11.7; 5 is below 21 - 3√21 = 7.25.
    assert result.outside == (3, 7)
    assert [p.frozen for p in result.phases] == [True, True]
    assert [p.n for p in result.phases] == [4, 4]


def test_run_chart_phases_freeze_the_median_and_shift_signal_indexes():
    first = [5, 7, 4, 8, 6, 3]
    second = [10, 12, 11, 13, 9, 11, 10, 12, 20, 21, 22, 23, 24, 25, 26, 27, 28]
    result = chart_phases("run", first + second, starts=[6], baseline=8)
    assert result.lcl is None and result.ucl is None
    # Phase 1 has fewer points than the baseline: the median of all six, 5.5.
    assert result.phases[0].centre == 5.5 and not result.phases[0].frozen
    # Phase 2: the median of its first eight points, 11; nine later points above it.
    assert result.phases[1].centre == run_chart_analysis(second, baseline=8).median == 11
    assert result.phases[1].frozen
    last = result.last.run_chart
    assert last.shift_signal and last.direction == "up"
    assert min(last.signal_indexes) >= 6  # indexes into the whole series
    assert result.signal_indexes == last.signal_indexes


def test_i_chart_phases_do_not_share_moving_ranges():
    result = chart_phases("i", BASE + [31, 32, 30, 33], starts=[8])
    # Phase 2: mean 31.5, moving ranges 1, 2, 3 -> 2; the jump at the boundary is not one.
    assert result.phases[1].centre == pytest.approx(31.5)
    assert result.ucl[8] == pytest.approx(31.5 + 2.66 * 2)
    assert result.ucl[0] == pytest.approx(11 + 2.66 * 2)
    assert result.outside == ()


@pytest.mark.parametrize("starts", [[], [0], [12], [99], [-3, 0, 12, 40]])
def test_phases_at_zero_or_beyond_the_end_are_ignored(starts):
    values = BASE + LATER
    result = chart_phases("i", values, starts=starts, baseline=8)
    single = i_chart(values, baseline=8)
    assert len(result.phases) == 1
    assert result.values == single.values
    assert result.centre == [single.centre] * 12
    assert result.lcl == single.lcl and result.ucl == single.ucl
    assert result.outside == single.outside
    assert result.last.run_chart == single.run_chart


def test_one_phase_equals_the_plain_chart_for_every_kind():
    nums, dens = [3, 5, 4, 6, 2, 5, 9], [20, 22, 19, 20, 21, 20, 20]
    for kind, plain in [
        ("i", i_chart(nums)),
        ("c", c_chart(nums)),
        ("p", p_chart(nums, dens)),
        ("u", u_chart(nums, dens)),
    ]:
        result = chart_phases(kind, nums, dens if kind in "pu" else None)
        assert result.values == plain.values
        assert result.lcl == plain.lcl and result.ucl == plain.ucl
        assert result.last.run_chart == plain.run_chart
        assert result.outside == plain.outside
    run = chart_phases("run", nums)
    assert run.last.run_chart == run_chart_analysis(nums)


def test_repeated_and_unsorted_starts():
    assert phase_bounds(10, [7, 3, 3, 0, 10]) == [(0, 3), (3, 7), (7, 10)]
    assert phase_bounds(0, [1]) == [(0, 0)]


def test_empty_and_missing_phases_do_not_raise():
    result = chart_phases("i", [None, None, 4, 5], starts=[2])
    assert result.phases[0].centre is None and result.phases[0].n == 0
    assert result.centre == [None, None, 4.5, 4.5]
    empty = chart_phases("p", [], [], baseline=8)
    assert empty.values == [] and empty.last.centre is None and not empty.signal


def test_programming_errors_raise():
    with pytest.raises(ValueError):
        chart_phases("p", [1, 2])  # no denominators
    with pytest.raises(ValueError):
        chart_phases("x", [1, 2])
    with pytest.raises(ValueError):
        chart_phases("i", [1, 2], baseline=0)
    with pytest.raises(ValueError):
        i_chart([1, 2], baseline=-1)
