"""The triple aim of an initiative as the initiative page shows it: per dimension the dated
series drawn with the shared chart renderer, the latest value, the target, the change since
the baseline and whether it moves the desired way, in words."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, When
from django.utils import formats
from django.utils.translation import gettext as _

from bass import formatting
from bass.charts import line_chart
from clusters.models import (
    TripleAimDimension,
    TripleAimDirection,
    TripleAimMeasure,
    TripleAimValue,
)


@dataclass
class MeasureSummary:
    measure: TripleAimMeasure
    series: list[TripleAimValue]
    labels: list[str]
    latest: Decimal | None
    latest_text: str
    target_text: str
    baseline_text: str
    change_text: str
    direction_text: str
    verdict: str
    svg: str
    form: object = None  # the form that adds a value, for those who may


def in_dimension_order(measures):
    """``measures`` (a queryset) in the order of the dimensions: population health,
    experienced quality, cost per capita."""
    return measures.order_by(
        Case(
            *(When(dimension=d, then=i) for i, d in enumerate(TripleAimDimension.values)),
            default=len(TripleAimDimension.values),
        ),
        "pk",
    )


def ordered_measures(initiative) -> list[TripleAimMeasure]:
    """The initiative's three measures in dimension order, each with its series (two
    queries, however long the series)."""
    return list(
        in_dimension_order(TripleAimMeasure.objects.filter(initiative=initiative)).prefetch_related(
            "series"
        )
    )


def point_labels(series: list[TripleAimValue]) -> list[str]:
    """Danish month labels ("jan. 2025") when every value is in a month of its own, else
    the dates ("15.01.2025")."""
    months = {(v.date.year, v.date.month) for v in series}
    if len(months) == len(series):
        return [formats.date_format(v.date, "YEAR_MONTH_FORMAT") for v in series]
    return [formatting.date(v.date) for v in series]


def _signed(value: Decimal | None) -> str:
    if value is None:
        return formatting.DASH
    text = formatting.number(value)
    return f"+{text}" if value > 0 else text


def _verdict(measure: TripleAimMeasure, start: Decimal | None, latest: Decimal | None) -> str:
    lower = measure.desired_direction == TripleAimDirection.LOWER
    parts = []
    if start is None or latest is None:
        parts.append(_("Not enough values to tell the direction yet."))
    elif latest == start:
        parts.append(_("Unchanged."))
    elif (latest < start) == lower:
        parts.append(_("Moves the desired way."))
    else:
        parts.append(_("Moves the wrong way."))
    if measure.target is not None and latest is not None:
        reached = latest <= measure.target if lower else latest >= measure.target
        parts.append(_("Target reached.") if reached else _("Target not reached yet."))
    return " ".join(parts)


def summarise(measure: TripleAimMeasure) -> MeasureSummary:
    series = list(measure.series.all())  # prefetched, in date order
    labels = point_labels(series)
    latest = series[-1].value if series else measure.latest
    start = measure.baseline if measure.baseline is not None else None
    if start is None and len(series) > 1:
        start = series[0].value
    change = None if measure.baseline is None or latest is None else latest - measure.baseline
    direction_text = (
        _("Lower is better")
        if measure.desired_direction == TripleAimDirection.LOWER
        else _("Higher is better")
    )
    verdict = _verdict(measure, start, latest)
    svg = ""
    if series:
        name = measure.get_dimension_display()
        indicator = measure.indicator or name
        desc = _(
            "%(indicator)s, %(n)d values from %(first)s to %(last)s. Latest %(latest)s, "
            "target %(target)s. %(direction)s. %(verdict)s"
        ) % {
            "indicator": indicator,
            "n": len(series),
            "first": labels[0],
            "last": labels[-1],
            "latest": formatting.number(latest),
            "target": formatting.number(measure.target),
            "direction": direction_text,
            "verdict": verdict,
        }
        svg = line_chart(
            [(label, float(v.value)) for label, v in zip(labels, series, strict=True)],
            title=f"{name}: {indicator}",
            desc=desc,
            target=None if measure.target is None else float(measure.target),
            y_label=measure.unit,
            target_label=_("Target"),
            empty_label=_("No data"),
        )
    return MeasureSummary(
        measure=measure,
        series=series,
        labels=labels,
        latest=latest,
        latest_text=formatting.number(latest),
        target_text=formatting.number(measure.target),
        baseline_text=formatting.number(measure.baseline),
        change_text=_signed(change),
        direction_text=direction_text,
        verdict=verdict,
        svg=svg,
    )
