"""Helpers for the sustainability tests: assessments with scores, without the browser."""

import datetime

from django.utils import timezone

from sustainability.models import Assessment, AssessmentStatus, Criterion, Score


def criteria_by_axis() -> dict[str, list[Criterion]]:
    grouped: dict[str, list[Criterion]] = {}
    for criterion in Criterion.objects.filter(is_active=True).order_by("axis", "order"):
        grouped.setdefault(criterion.axis, []).append(criterion)
    return grouped


def make_assessment(
    specialty,
    scores: dict[str, int] | None = None,
    *,
    date=datetime.date(2025, 6, 1),
    finalised: bool = True,
    user=None,
    evidence: str = "",
) -> Assessment:
    """An assessment scoring every active criterion of an axis with ``scores[axis]``.

    Axes left out of ``scores`` get no scores.
    """
    assessment = Assessment.objects.create(specialty=specialty, date=date, made_by=user)
    for axis, criteria in criteria_by_axis().items():
        if scores is None or axis not in scores:
            continue
        for criterion in criteria:
            Score.objects.create(
                assessment=assessment,
                criterion=criterion,
                score=scores[axis],
                evidence=evidence or f"Belæg for {criterion.name}",
            )
    if finalised:
        assessment.status = AssessmentStatus.FINALISED
        assessment.finalised_at = timezone.now()
        assessment.save()
    return assessment
