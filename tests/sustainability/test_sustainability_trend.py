"""The assessment at a glance: one trend chart with time spaced as time, the threshold
labelled, warnings while scoring, copied evidence marked, numbers for the language."""

import datetime
import re

import pytest
from django.urls import reverse

from sustainability.models import Criterion, Score
from sustainability.queries import profile_series, trend_chart
from tests.sustainability.sustainability_factories import make_assessment

pytestmark = pytest.mark.django_db

ALL_THREE = {"professional": 4, "staff": 2, "organisational": 3}


def _circles(svg):
    """(date, cx, cy) of the first series' markers."""
    return [
        (d, float(x), float(y))
        for x, y, d in re.findall(
            r'<circle cx="([\d.]+)" cy="([\d.]+)" r="4.5" fill="#[0-9a-f]+" '
            r'data-series="0" data-date="([\d-]+)"',
            svg,
        )
    ]


def test_the_trend_places_points_by_date_on_a_fixed_scale(world):
    for day in [datetime.date(2025, 4, 1), datetime.date(2025, 10, 1), datetime.date(2026, 12, 1)]:
        make_assessment(world.specialty_a, ALL_THREE, date=day)
    svg = trend_chart(profile_series(world.specialty_a))
    points = _circles(svg)
    assert [p[0] for p in points] == ["2025-04-01", "2025-10-01", "2026-12-01"]
    (_, x1, y1), (_, x2, _), (_, x3, _) = points
    # 183 days, then 426 days: the second gap is 426/183 times the first.
    assert (x3 - x2) / (x2 - x1) == pytest.approx(426 / 183, rel=0.01)
    # Professional 4 on the fixed 1–5 scale: 3/4 of the way from the bottom (250) to the top (20).
    assert y1 == pytest.approx(250 - 0.75 * 230, abs=0.1)
    assert "Opmærksomhed: et perspektiv under 2,5 kræver særlig opmærksomhed" in svg
    assert svg.count('data-series="') == 9  # three axes, three assessments


def _indicator_criterion():
    return Criterion.objects.exclude(threshold_2=None).order_by("pk").first()


def test_a_score_that_contradicts_its_indicator_is_warned_about(world, login):
    criterion = _indicator_criterion()
    assessment = make_assessment(world.specialty_a, None, finalised=False)
    value = criterion.threshold_5  # suggests score 5 when higher is better, else 1
    suggested = criterion.suggest_score(value)
    other = 1 if suggested != 1 else 5
    client = login(world.owner_a)
    response = client.post(
        reverse("assessment_scores", args=[assessment.pk]),
        {
            f"score_{criterion.pk}": str(other),
            f"indicator_{criterion.pk}": str(value).replace(".", ","),
            "base_version": assessment.version,
        },
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("assessment_scores", args=[assessment.pk])
    assert f"scoren modsiger indikatoren, som peger på score {suggested}" in page
    assert "Tjek scoren:" in page
    assert Score.objects.get(assessment=assessment, criterion=criterion).score == other


def test_copied_evidence_is_marked_until_edited(world, login):
    april = datetime.date(2025, 4, 1)
    make_assessment(world.specialty_a, ALL_THREE, date=april, evidence="Gammelt")
    client = login(world.owner_a)
    response = client.post(
        reverse("assessment_create", args=["a"]),
        {"date": "2025-10-01", "copy_evidence": "on", "summary": ""},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    scores_url = response["Location"]
    page = client.get(scores_url).content.decode()
    assert page.count("fra forrige vurdering") >= 2
    copied = Score.objects.filter(assessment__date=datetime.date(2025, 10, 1))
    assert copied and all(s.evidence_copied for s in copied)
    first = copied.order_by("criterion__axis", "criterion__order").first()
    assessment = first.assessment
    data = {"base_version": assessment.version}
    for score in copied:
        data[f"evidence_{score.criterion_id}"] = score.evidence
        if score.indicator_value is not None:
            data[f"indicator_{score.criterion_id}"] = str(score.indicator_value).replace(".", ",")
    data[f"evidence_{first.criterion_id}"] = "Nyt belæg"
    assert client.post(scores_url, data).status_code == 302
    first.refresh_from_db()
    assert first.evidence == "Nyt belæg" and not first.evidence_copied
    assert Score.objects.filter(assessment=assessment, evidence_copied=True).count() == (
        copied.count() - 1
    )


def test_thresholds_and_units_are_written_for_the_language(world, login):
    criterion = Criterion.objects.get(indicator_unit="pr. 10.000")
    criterion.threshold_2, criterion.threshold_3 = 1.5, 2
    criterion.threshold_4, criterion.threshold_5 = 2.5, 3
    criterion.higher_is_better = True
    criterion.save()
    page = login(world.owner_a).get(reverse("criterion_list")).content.decode()
    assert "1,5 / 2 / 2,5 / 3" in page
    assert "1,500" not in page
    assert page.count("(pr. 10.000)") == 0  # the name already says "pr. 10.000" once
    assert criterion.indicator_name in page
