"""Assessing a specialty in the browser: create, score, finalise, read-only afterwards."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from sustainability.models import Assessment, Criterion, Score
from tests.sustainability.sustainability_factories import criteria_by_axis, make_assessment

pytestmark = pytest.mark.django_db

ALL_THREE = {"professional": 4, "staff": 2, "organisational": 4}


def sheet(assessment, **overrides):
    """A full score sheet POST: every active criterion scored 3 unless overridden."""
    data = {"base_version": assessment.version}
    for criterion in Criterion.objects.filter(is_active=True):
        data[f"score_{criterion.pk}"] = "3"
        data[f"evidence_{criterion.pk}"] = f"Belæg {criterion.pk}"
    data |= overrides
    return data


def test_owner_creates_scores_and_finalises(world, login):
    client = login(world.owner_a)
    response = client.post(
        reverse("assessment_create", args=["a"]),
        {"date": "2025-09-01", "strength_position": world.position_a.pk, "summary": ""},
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment_scores", args=[assessment.pk])
    assert assessment.made_by == world.owner_a
    assert assessment.strength_position == world.position_a

    page = client.get(reverse("assessment_scores", args=[assessment.pk]))
    assert page.status_code == 200
    vacancy = Criterion.objects.get(name="Rekruttering og fastholdelse")
    # The step texts are the labels of the radio buttons.
    assert vacancy.step_5 in page.content.decode()

    response = client.post(
        reverse("assessment_scores", args=[assessment.pk]),
        sheet(assessment, **{f"indicator_{vacancy.pk}": "12,5", f"score_{vacancy.pk}": "1"}),
    )
    assert response.status_code == 302
    assert Score.objects.filter(assessment=assessment, score__isnull=False).count() == (
        Criterion.objects.filter(is_active=True).count()
    )
    assert str(Score.objects.get(criterion=vacancy).indicator_value) == "12.500"

    detail = client.get(assessment.get_absolute_url()).content.decode()
    assert "<svg" in detail
    # The rule is written on the page.
    assert "2,5" in detail

    confirm = client.get(reverse("assessment_finalise", args=[assessment.pk]))
    assert confirm.status_code == 200
    response = client.post(reverse("assessment_finalise", args=[assessment.pk]))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_finalised
    assert assessment.finalised_at is not None


@pytest.mark.parametrize("bad", ["0", "6", "3.5", "tre", "-1"])
def test_score_out_of_range_is_refused_and_nothing_saved(world, login, bad):
    assessment = make_assessment(world.specialty_a, finalised=False)
    criterion = Criterion.objects.filter(is_active=True).first()
    response = login(world.owner_a).post(
        reverse("assessment_scores", args=[assessment.pk]),
        sheet(assessment, **{f"score_{criterion.pk}": bad}),
    )
    assert response.status_code == 200
    assert (
        f"Vælg en score fra 1 til 5 (et helt tal) for “{escape(criterion.name)}”."
        in response.content.decode()
    )
    assert not Score.objects.exists()


def test_indicator_of_the_wrong_type_is_refused(world, login):
    assessment = make_assessment(world.specialty_a, finalised=False)
    vacancy = Criterion.objects.get(name="Rekruttering og fastholdelse")
    response = login(world.owner_a).post(
        reverse("assessment_scores", args=[assessment.pk]),
        sheet(assessment, **{f"indicator_{vacancy.pk}": "mange"}),
    )
    assert response.status_code == 200
    assert not Score.objects.exists()


def test_draft_can_be_saved_half_done_but_not_finalised(world, login):
    assessment = make_assessment(world.specialty_a, finalised=False)
    client = login(world.owner_a)
    first = Criterion.objects.filter(is_active=True).first()
    data = {"base_version": assessment.version, f"score_{first.pk}": "4"}
    assert client.post(reverse("assessment_scores", args=[assessment.pk]), data).status_code == 302
    detail = client.get(assessment.get_absolute_url()).content.decode()
    on_the_axis = Criterion.objects.filter(is_active=True, axis=first.axis).count()
    assert f"1 af {on_the_axis} kriterier scoret" in detail

    response = client.post(reverse("assessment_finalise", args=[assessment.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    # It says which criteria are missing.
    missing = Criterion.objects.filter(is_active=True).exclude(pk=first.pk)
    for criterion in missing:
        assert criterion.name in page
    assessment.refresh_from_db()
    assert not assessment.is_finalised


def test_crafted_posts_cannot_change_a_finalised_assessment(world, login):
    assessment = make_assessment(world.specialty_a, ALL_THREE)
    before = list(Score.objects.order_by("pk").values_list("score", "evidence"))
    client = login(world.owner_a)
    for name in [
        "assessment_scores",
        "assessment_update",
        "assessment_finalise",
        "assessment_delete",
    ]:
        url = reverse(name, args=[assessment.pk])
        response = client.post(url, sheet(assessment, date="2030-01-01", summary="x"))
        assert response.status_code == 302, name
        assert response["Location"] == assessment.get_absolute_url()
        assert client.get(url).status_code == 302
    assert list(Score.objects.order_by("pk").values_list("score", "evidence")) == before
    assessment.refresh_from_db()
    assert assessment.summary == ""
    assert assessment.date == datetime.date(2025, 6, 1)
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "Score the criteria" not in page and "Scor kriterierne" not in page


def test_restoring_an_old_version_of_a_finalised_assessment_is_refused(world, login):
    assessment = make_assessment(world.specialty_a, ALL_THREE)
    first = assessment.history.earliest()
    response = login(world.admin).post(
        reverse(
            "history_restore",
            args=["sustainability", "assessment", assessment.pk, first.history_id],
        )
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_finalised


def test_strength_position_of_another_specialty_is_refused_in_the_form(world, login):
    response = login(world.owner_a).post(
        reverse("assessment_create", args=["a"]),
        {"date": "2025-09-01", "strength_position": world.position_b.pk},
    )
    assert response.status_code == 200
    assert not Assessment.objects.exists()


def test_new_assessment_starts_from_previous_evidence_but_not_scores(world, login):
    make_assessment(world.specialty_a, ALL_THREE, evidence="Sidste års belæg")
    response = login(world.owner_a).post(
        reverse("assessment_create", args=["a"]),
        {"date": "2026-03-01", "copy_evidence": "on"},
    )
    assert response.status_code == 302
    new = Assessment.objects.get(date=datetime.date(2026, 3, 1))
    scores = list(new.scores.all())
    assert len(scores) == Criterion.objects.filter(is_active=True).count()
    assert all(s.evidence == "Sidste års belæg" and s.score is None for s in scores)


def test_new_assessment_without_copying(world, login):
    make_assessment(world.specialty_a, ALL_THREE)
    login(world.owner_a).post(reverse("assessment_create", args=["a"]), {"date": "2026-03-01"})
    assert not Assessment.objects.get(date=datetime.date(2026, 3, 1)).scores.exists()


def test_detail_shows_weakest_axis_and_trend(world, login):
    make_assessment(
        world.specialty_a,
        {"professional": 3, "staff": 3, "organisational": 3},
        date=datetime.date(2024, 6, 1),
    )
    latest = make_assessment(world.specialty_a, ALL_THREE, date=datetime.date(2025, 6, 1))
    page = login(world.core_a).get(latest.get_absolute_url()).content.decode()
    assert "⚠" in page
    assert "↑" in page and "↓" in page
    assert 'class="previous"' in page  # the previous profile drawn behind the current


def test_specialty_page_shows_charts_and_weakening_initiatives(world, login):
    make_assessment(world.specialty_a, ALL_THREE, date=datetime.date(2024, 6, 1))
    make_assessment(world.specialty_a, ALL_THREE, date=datetime.date(2025, 6, 1))
    client = login(world.owner_a)
    response = client.post(
        reverse("prism_create", args=["a"]),
        {
            "title": "Samling af ambulatoriet i Holbæk",
            "professional_effect": "2",
            "professional_reason": "Samlet ekspertise",
            "staff_effect": "-2",
            "staff_reason": "Længere transport for personalet",
            "organisational_effect": "1",
            "organisational_reason": "Færre vagtlag",
            "note": "Længere transport",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("specialty_sustainability", args=["a"])).content.decode()
    assert page.count("<svg") == 2  # radar plus the trend of the three axes
    weak = page.split('id="prisme"')[1]
    assert "Samling af ambulatoriet i Holbæk" in weak


@pytest.mark.parametrize("bad", ["-3", "3", "1.5", "x"])
def test_prism_effect_out_of_range_is_refused(world, login, bad):
    response = login(world.core_a).post(
        reverse("prism_create", args=["a"]),
        {
            "title": "Forslag",
            "professional_effect": bad,
            "staff_effect": "0",
            "organisational_effect": "0",
        },
    )
    assert response.status_code == 200
    from sustainability.models import PrismRating

    assert not PrismRating.objects.exists()


def test_admin_edits_the_catalogue_with_history(world, login):
    criterion = Criterion.objects.get(name="Trivsel og sygefravær")
    client = login(world.admin)
    data = {
        field: getattr(criterion, field)
        for field in [
            "axis",
            "name",
            "description",
            "step_1",
            "step_2",
            "step_3",
            "step_4",
            "step_5",
            "indicator_name",
            "indicator_unit",
            "order",
        ]
    }
    data.update(
        threshold_2="9",
        threshold_3="7",
        threshold_4="5",
        threshold_5="4",
        higher_is_better="",
        is_active="on",
        base_version=criterion.version,
        change_reason="Nye tærskler",
    )
    response = client.post(reverse("criterion_update", args=[criterion.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    criterion.refresh_from_db()
    assert str(criterion.threshold_2) == "9.000"
    assert criterion.history.first().history_change_reason == "Nye tærskler"


def test_inactive_criterion_is_left_out_of_new_sheets_but_kept_in_old(world, login):
    old = make_assessment(world.specialty_a, ALL_THREE)
    gone = Criterion.objects.get(name="Forskning og uddannelse")
    gone.is_active = False
    gone.save()
    client = login(world.owner_a)
    assert gone.name in client.get(old.get_absolute_url()).content.decode()
    draft = make_assessment(world.specialty_a, finalised=False)
    assert (
        gone.name not in client.get(reverse("assessment_scores", args=[draft.pk])).content.decode()
    )
    assert len(criteria_by_axis()["professional"]) == 3


def test_stale_score_sheet_is_refused_and_the_typing_kept(world, login):
    assessment = make_assessment(world.specialty_a, finalised=False)
    client = login(world.owner_a)
    first = Criterion.objects.filter(is_active=True).first()
    stale = assessment.version
    client.post(
        reverse("assessment_scores", args=[assessment.pk]),
        {"base_version": stale, f"score_{first.pk}": "2"},
    )
    response = client.post(
        reverse("assessment_scores", args=[assessment.pk]),
        {"base_version": stale, f"score_{first.pk}": "5", f"evidence_{first.pk}": "Mit belæg"},
    )
    assert response.status_code == 409
    assert "Mit belæg" in response.content.decode()
    assert Score.objects.get(criterion=first).score == 2


def test_indicator_value_suggests_a_score(world, login):
    assessment = make_assessment(world.specialty_a, finalised=False)
    vacancy = Criterion.objects.get(name="Rekruttering og fastholdelse")
    Score.objects.create(assessment=assessment, criterion=vacancy, indicator_value=12)
    client = login(world.owner_a)
    for url in [assessment.get_absolute_url(), reverse("assessment_scores", args=[assessment.pk])]:
        page = client.get(url).content.decode()
        assert "score 3" in page
