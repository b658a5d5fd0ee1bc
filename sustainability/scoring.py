"""The rules of the sustainability profile, as pure functions (no database).

- Axis score: the mean of the scored criteria on the axis, with how many of how many
  criteria were scored. An axis without scores has no score (``None``).
- Special attention (the miniguide: a situation whose problems lie mainly on one axis calls
  for special attention there): an axis is flagged if its score is below
  ``ATTENTION_BELOW`` (2.5), or at least ``ATTENTION_GAP`` (1.0) point below the mean of the
  other axes that have a score. Axes without a score are never flagged.
- Trend: an axis against the previous finalised assessment, compared at the one decimal
  the pages show: "up", "down" or "unchanged"; ``None`` when either side has no score.
- Indicator: four thresholds suggest a score; with "higher is better" a value at or above
  threshold k suggests score k + 1 (score 1 below the first threshold).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

PROFESSIONAL = "professional"
STAFF = "staff"
ORGANISATIONAL = "organisational"
AXES = (PROFESSIONAL, STAFF, ORGANISATIONAL)

ATTENTION_BELOW = 2.5
ATTENTION_GAP = 1.0
UP, DOWN, UNCHANGED = "up", "down", "unchanged"

_EPSILON = 1e-9


@dataclass(frozen=True)
class AxisScore:
    axis: str
    mean: float | None
    scored: int
    total: int

    @property
    def complete(self) -> bool:
        return self.scored == self.total


def axis_scores(entries: Iterable[tuple[str, int | None]]) -> dict[str, AxisScore]:
    """``entries`` are (axis, score or None) for every criterion in scope of an assessment."""
    sums = dict.fromkeys(AXES, 0)
    scored = dict.fromkeys(AXES, 0)
    total = dict.fromkeys(AXES, 0)
    for axis, score in entries:
        if axis not in total:
            raise ValueError(f"unknown axis {axis!r}")
        total[axis] += 1
        if score is not None:
            sums[axis] += score
            scored[axis] += 1
    return {
        axis: AxisScore(
            axis=axis,
            mean=sums[axis] / scored[axis] if scored[axis] else None,
            scored=scored[axis],
            total=total[axis],
        )
        for axis in AXES
    }


def means(scores: Mapping[str, AxisScore]) -> dict[str, float | None]:
    return {axis: scores[axis].mean for axis in AXES}


def attention_axes(axis_means: Mapping[str, float | None]) -> list[str]:
    """The axes that call for special attention, in the order of ``AXES``."""
    flagged = []
    for axis in AXES:
        value = axis_means.get(axis)
        if value is None:
            continue
        others = [axis_means.get(o) for o in AXES if o != axis]
        others = [o for o in others if o is not None]
        low = value < ATTENTION_BELOW - _EPSILON
        behind = bool(others) and value <= sum(others) / len(others) - ATTENTION_GAP + _EPSILON
        if low or behind:
            flagged.append(axis)
    return flagged


def trend(current: float | None, previous: float | None) -> str | None:
    if current is None or previous is None:
        return None
    difference = round(current, 1) - round(previous, 1)
    if abs(difference) < 0.05:
        return UNCHANGED
    return UP if difference > 0 else DOWN


def trends(
    current: Mapping[str, float | None], previous: Mapping[str, float | None] | None
) -> dict[str, str | None]:
    if previous is None:
        return dict.fromkeys(AXES)
    return {axis: trend(current.get(axis), previous.get(axis)) for axis in AXES}


def suggest_score(
    value: Decimal | float | None,
    thresholds: Sequence[Decimal | float | None],
    higher_is_better: bool = True,
) -> int | None:
    """The score an indicator value suggests, or ``None`` without a value or thresholds."""
    if value is None or len(thresholds) != 4 or any(t is None for t in thresholds):
        return None
    if higher_is_better:
        return 1 + sum(1 for t in thresholds if value >= t)
    return 1 + sum(1 for t in thresholds if value <= t)
