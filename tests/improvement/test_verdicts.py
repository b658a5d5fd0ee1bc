"""Plain verdicts, icons and rule sets of a measure's chart, and the reference behaviour
they rest on (qicharts2's critical values for run charts, NHSRplotthedots' XmR limits)."""

import datetime

import pytest
from django.utils import translation

from bass.charts import line_chart
from improvement import spc
from improvement.analysis import analyse
from improvement.models import DataPoint, Measure
from tests.improvement.improvement_world import build

# qicharts2 (Anhøj's critical values): useful points -> (longest run limit, crossings limit),
# n = 10..60, as its runs analysis prints them.
QICHARTS2 = {
    10: (6, 2), 11: (6, 2), 12: (7, 3), 13: (7, 3), 14: (7, 4), 15: (7, 4), 16: (7, 4),
    17: (7, 5), 18: (7, 5), 19: (7, 6), 20: (7, 6), 21: (7, 6), 22: (7, 7), 23: (8, 7),
    24: (8, 8), 25: (8, 8), 26: (8, 8), 27: (8, 9), 28: (8, 9), 29: (8, 10), 30: (8, 10),
    31: (8, 11), 32: (8, 11), 33: (8, 11), 34: (8, 12), 35: (8, 12), 36: (8, 13),
    37: (8, 13), 38: (8, 14), 39: (8, 14), 40: (8, 14), 41: (8, 15), 42: (8, 15),
    43: (8, 16), 44: (8, 16), 45: (8, 17), 46: (9, 17), 47: (9, 17), 48: (9, 18),
    49: (9, 18), 50: (9, 19), 51: (9, 19), 52: (9, 20), 53: (9, 20), 54: (9, 21),
    55: (9, 21), 56: (9, 21), 57: (9, 22), 58: (9, 22), 59: (9, 23), 60: (9, 23),
}  # fmt: skip


@pytest.mark.parametrize("n", sorted(QICHARTS2))
def test_run_chart_limits_agree_with_qicharts2(n):
    assert (spc.longest_run_limit(n), spc.crossings_limit(n)) == QICHARTS2[n]


def test_xmr_limits_agree_with_nhsrplotthedots():
    # Fixed data without outlying moving ranges (so NHSRplotthedots' screening of moving
    # ranges above 3.267 x their mean changes nothing): mean 10.5, mean moving range
    # (1+2+3+1+2+1+3+2+1)/9 = 16/9; limits mean +/- 2.66 x 16/9.
    values = [10, 11, 9, 12, 11, 9, 10, 13, 11, 10]
    chart = spc.i_chart(values)
    assert chart.centre == pytest.approx(10.6)
    assert chart.mr_centre == pytest.approx(16 / 9)
    assert chart.ucl[0] == pytest.approx(10.6 + 2.66 * 16 / 9)
    assert chart.lcl[0] == pytest.approx(10.6 - 2.66 * 16 / 9)


def test_mdc_rules_shift_trend_two_of_three_and_beyond():
    flat = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10]
    lcl, ucl = [7.0] * 20, [13.0] * 20
    shift = spc.mdc_rules(flat + [11, 12, 11, 12, 11, 12, 11, 8, 9, 10], 10, lcl, ucl)
    assert shift.shift == tuple(range(10, 17)) and shift.direction == "up"
    trend = spc.mdc_rules([5, 6, 7, 8, 9, 10, 11, 10], 8, [0.0] * 8, [16.0] * 8)
    assert trend.trend == tuple(range(7)) and not trend.shift
    six = spc.mdc_rules([5, 6, 7, 8, 9, 10, 9], 8, [0.0] * 7, [16.0] * 7)
    assert six.trend == ()  # 6 rising points are not yet a trend
    # Two sigma = 12 here: 12.5 and 12.6 within three points, same side.
    two = spc.mdc_rules([10, 12.5, 9, 12.6, 10], 10, [7.0] * 5, [13.0] * 5)
    assert two.two_of_three == (1, 3) and not two.beyond
    beyond = spc.mdc_rules([10, 6, 10], 10, [7.0] * 3, [13.0] * 3)
    assert beyond.beyond == (1,) and beyond.direction == "down"


def test_latest_run_decides_the_direction():
    values = [20] * 9 + [5] * 9
    result = spc.run_chart_analysis(values)
    assert [r[2] for r in result.signal_runs] == ["up", "down"]
    assert result.direction == "down"


@pytest.fixture
def imp(world):
    return build(world.specialty_a)


def _measure(imp, chart_type="run", direction="lower", **extra):
    return Measure(
        project=imp.project,
        name="Måling",
        kind="outcome",
        operational_definition="x",
        direction=direction,
        frequency="month",
        chart_type=chart_type,
        **extra,
    )


def _points(values, ratio=None):
    points = []
    for i, value in enumerate(values):
        period = datetime.date(2024 + i // 12, i % 12 + 1, 1)
        if ratio is not None:
            points.append(DataPoint(period=period, numerator=value, denominator=ratio))
        else:
            points.append(DataPoint(period=period, value=value))
    return points


def _read(measure, values, ratio=None):
    with translation.override("en"):
        return analyse(measure, _points(values, ratio))


DROP = [12, 8, 13, 9, 11, 7, 12, 8, 13, 9, 12, 8, 11, 9, 3, 2, 4, 3, 2, 3, 4, 2, 3, 3]


@pytest.mark.parametrize(
    ("direction", "judgement", "variation", "sentence"),
    [
        ("lower", "better", "improving", "That is an improvement."),
        ("higher", "worse", "concerning", "That is a deterioration."),
        ("none", "neutral", "neither", "neither better nor worse"),
    ],
)
def test_a_drop_is_judged_by_the_desired_direction(imp, direction, judgement, variation, sentence):
    result = _read(_measure(imp, direction=direction), DROP)
    assert result.judgement == judgement and result.variation == variation
    assert result.headline.startswith("The values have been markedly lower since March 2025: ")
    assert "10 months in a row below the median" in result.headline
    assert sentence in result.headline
    assert result.rule_set == "Anhøj rules"


def test_a_high_spell_that_has_ended_reads_as_the_fall_it_was(imp):
    # The cluster demo's shape: nine high months, then lower ones crossing back once.
    values = [31, 35, 28, 30, 35, 29, 29, 35, 30, 21, 28, 24, 20, 27, 25, 20, 26, 26]
    result = _read(_measure(imp, "c"), values)
    assert result.variation == "improving" and result.judgement == "better"
    assert "have mostly been lower since" in result.headline


@pytest.mark.parametrize(
    ("values", "chart_type", "ratio", "unit", "words"),
    [
        ([], "run", None, "", "No data yet, so no verdict: the rules need at least 12"),
        ([5], "run", None, "", "Only one data point, so no verdict yet"),
        ([5] * 14, "run", None, "", "All 14 data points lie exactly on the centre line"),
        ([5] * 14, "i", None, "", "All 14 data points lie exactly on the centre line"),
        ([3, 4, 5, 6, 7], "run", None, "", "Only 4 useful data points so far"),
        ([10, 120, 30] * 5, "run", None, "%", "5 values lie outside 0–100 %"),
    ],
)
def test_bad_input_gives_a_reason_and_no_icon(imp, values, chart_type, ratio, unit, words):
    result = _read(_measure(imp, chart_type, unit=unit, target=5), values, ratio)
    assert words in result.headline and result.no_verdict == result.headline
    assert result.variation is None and result.assurance is None and not result.signal


def test_zero_denominators_give_a_reason(imp):
    measure = _measure(imp, "p")
    points = [
        DataPoint(period=datetime.date(2024, m, 1), numerator=0, denominator=0) for m in (1, 2)
    ]
    with translation.override("en"):
        result = analyse(measure, points)
    assert "no data point has a denominator greater than zero" in result.headline
    assert result.variation is None


def test_assurance_from_the_limits_and_the_target(imp):
    stable = [10, 11, 9, 12, 11, 9, 10, 13, 11, 10, 12, 9, 10, 11]
    met = _read(_measure(imp, "i", direction="lower", target=20), stable)
    missed = _read(_measure(imp, "i", direction="lower", target=2), stable)
    both = _read(_measure(imp, "i", direction="lower", target=10), stable)
    assert (met.assurance, missed.assurance, both.assurance) == ("met", "missed", "hit_and_miss")
    assert _read(_measure(imp, "i"), stable).assurance is None  # no target
    assert met.variation == "common"


def test_mdc_rule_set_is_used_and_printed(imp):
    # Seven rising points inside the limits: a trend for Making Data Count only.
    values = [10, 12, 9, 11, 10, 12, 9, 11, 10, 12, 9, 11, 7, 8, 9, 10, 11, 12, 13]
    anhoej = _read(_measure(imp, "i", direction="higher"), values)
    mdc = _read(_measure(imp, "i", direction="higher", rule_set="mdc"), values)
    assert mdc.rule_set == "NHS Making Data Count rules"
    assert any(
        line.startswith("Points in a trend") and not line.endswith(": 0.") for line in mdc.details
    )
    assert mdc.variation == "improving"
    assert anhoej.variation == "common"
    # A run chart keeps the Anhøj rules whatever is stored.
    assert _read(_measure(imp, "run", rule_set="mdc"), values).rule_set == "Anhøj rules"


def test_notes_become_lettered_marks_and_labels_are_whole(imp):
    measure = _measure(imp, frequency="week") if False else _measure(imp)
    measure.frequency = "week"
    points = [
        DataPoint(period=datetime.date(2026, 8, 3) + datetime.timedelta(weeks=i), value=i % 3)
        for i in range(14)
    ]
    points[2].note = "Ny vagtplan"
    result = analyse(measure, points)
    assert [(m.key, m.kind) for m in result.marks] == [("A", "note")]
    assert 'class="note"' in result.svg and "Ny vagtplan" in result.svg
    assert "uge 32 2026<" in result.svg  # the label is whole, not "uge 32 20…"
    assert "…" not in line_chart([(f"uge {w} 2026", w) for w in range(1, 53)], title="t", desc="d")
