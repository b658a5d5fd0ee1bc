"""The rules of the profile: axis scores, special attention, trend, indicator suggestion."""

from decimal import Decimal

import pytest

from sustainability.scoring import (
    AXES,
    AxisScore,
    attention_axes,
    axis_scores,
    suggest_score,
    trend,
    trends,
)

P, S, O = AXES  # noqa: E741 - the axes by initial


def test_axis_score_is_mean_of_scored_criteria_with_counts():
    result = axis_scores([(P, 4), (P, 2), (P, None), (S, 3), (O, None)])
    assert result[P] == AxisScore(axis=P, mean=3.0, scored=2, total=3)
    assert result[S].mean == 3.0
    assert (result[S].scored, result[S].total) == (1, 1)
    assert result[O].mean is None
    assert (result[O].scored, result[O].total) == (0, 1)
    assert not result[P].complete
    assert result[S].complete


def test_axis_without_criteria_has_no_score():
    result = axis_scores([])
    assert all(result[axis].mean is None for axis in AXES)
    assert all(result[axis].total == 0 for axis in AXES)


def test_unknown_axis_is_refused():
    with pytest.raises(ValueError):
        axis_scores([("economic", 3)])


@pytest.mark.parametrize(
    ("means", "flagged"),
    [
        # All equal and good: nothing flagged.
        ({P: 4.0, S: 4.0, O: 4.0}, []),
        # All equal but low: every axis is below 2.5.
        ({P: 2.0, S: 2.0, O: 2.0}, [P, S, O]),
        # Exactly 2.5 is not below 2.5.
        ({P: 2.5, S: 3.0, O: 3.0}, []),
        ({P: 2.4, S: 3.0, O: 3.0}, [P]),
        # Exactly one point below the mean of the other two is flagged ...
        ({P: 4.0, S: 3.0, O: 4.0}, [S]),
        # ... just under one point is not.
        ({P: 4.0, S: 3.1, O: 4.0}, []),
        # The gap rule uses the mean of the others, not the best one.
        ({P: 5.0, S: 3.5, O: 4.0}, [S]),
        ({P: 5.0, S: 3.6, O: 4.0}, []),
        # Floating point: 3.3 is one point below mean(4.3, 4.3).
        ({P: 4.3, S: 3.3, O: 4.3}, [S]),
        # Two axes can be flagged.
        ({P: 1.0, S: 1.0, O: 5.0}, [P, S]),
    ],
)
def test_attention_rule(means, flagged):
    assert attention_axes(means) == flagged


def test_attention_with_an_unscored_axis():
    # No scores on an axis: it is never flagged, and the gap rule compares with the one
    # other axis that has a score.
    assert attention_axes({P: 4.0, S: None, O: 3.0}) == [O]
    assert attention_axes({P: 4.0, S: None, O: 3.5}) == []
    # Only one axis scored: the gap rule has nothing to compare with.
    assert attention_axes({P: 3.0, S: None, O: None}) == []
    assert attention_axes({P: 2.0, S: None, O: None}) == [P]
    assert attention_axes({P: None, S: None, O: None}) == []
    assert attention_axes({}) == []


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (3.5, 3.0, "up"),
        (2.0, 3.0, "down"),
        (3.0, 3.0, "unchanged"),
        # Compared at the one decimal the pages show.
        (3.33, 3.34, "unchanged"),
        (3.36, 3.34, "up"),
        (None, 3.0, None),
        (3.0, None, None),
    ],
)
def test_trend(current, previous, expected):
    assert trend(current, previous) == expected


def test_trends_without_previous_assessment():
    assert trends({P: 3.0, S: 2.0, O: 1.0}, None) == {P: None, S: None, O: None}
    assert trends({P: 3.0, S: 2.0, O: None}, {P: 2.0, S: 2.0, O: 4.0}) == {
        P: "up",
        S: "unchanged",
        O: None,
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("50"), 1), (Decimal("60"), 2), (Decimal("84.9"), 3), (Decimal("85"), 4), (99, 5)],
)
def test_suggest_score_higher_is_better(value, expected):
    assert suggest_score(value, [60, 75, 85, 95], higher_is_better=True) == expected


@pytest.mark.parametrize(("value", "expected"), [(25, 1), (20, 2), (12, 3), (10, 4), (2, 5)])
def test_suggest_score_lower_is_better(value, expected):
    # Vacancy rate: 20 % or less suggests 2, 5 % or less suggests 5.
    assert suggest_score(value, [20, 15, 10, 5], higher_is_better=False) == expected


def test_no_suggestion_without_value_or_thresholds():
    assert suggest_score(None, [1, 2, 3, 4]) is None
    assert suggest_score(3, [1, None, 3, 4]) is None
    assert suggest_score(3, []) is None
