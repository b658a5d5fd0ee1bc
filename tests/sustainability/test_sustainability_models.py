"""Catalogue seed, database constraints and the read-only finalised assessment."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sustainability.models import Assessment, Criterion, PrismRating, Score
from tests.sustainability.sustainability_factories import make_assessment

pytestmark = pytest.mark.django_db


def test_catalogue_is_seeded_on_all_three_axes_with_history():
    criteria = Criterion.objects.all()
    axes = {c.axis for c in criteria}
    assert axes == {"professional", "staff", "organisational"}
    assert criteria.count() >= 9
    vacancy = Criterion.objects.get(name="Rekruttering og fastholdelse")
    assert vacancy.indicator_name == "Vakanceprocent"
    assert not vacancy.higher_is_better
    assert vacancy.suggest_score(12) == 3
    assert Criterion.objects.get(name="Speciallægedækning").indicator_name.startswith(
        "Speciallæger pr. 10.000"
    )
    # The seed is the first version in the history of every criterion.
    for criterion in criteria:
        first = criterion.history.earliest()
        assert first.history_type == "+"
        assert "miniguide" in first.history_change_reason


def test_criterion_thresholds_must_be_complete_and_ordered():
    criterion = Criterion.objects.get(name="Rekruttering og fastholdelse")
    criterion.threshold_3 = None
    with pytest.raises(ValidationError):
        criterion.full_clean()
    criterion.threshold_3 = 25  # higher than the threshold for score 2, but lower is better
    with pytest.raises(ValidationError):
        criterion.full_clean()


@pytest.mark.parametrize("value", [0, 6])
def test_database_refuses_score_outside_1_to_5(world, value):
    assessment = make_assessment(world.specialty_a, finalised=False)
    criterion = Criterion.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(assessment=assessment, criterion=criterion, score=value)
    assert not Score.objects.exists()


def test_one_score_per_criterion_and_assessment(world):
    assessment = make_assessment(world.specialty_a, finalised=False)
    criterion = Criterion.objects.first()
    Score.objects.create(assessment=assessment, criterion=criterion, score=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(assessment=assessment, criterion=criterion, score=4)


def test_finalised_status_needs_a_time(world):
    assessment = make_assessment(world.specialty_a, finalised=False)
    assessment.status = "finalised"
    with pytest.raises(IntegrityError), transaction.atomic():
        assessment.save()


def test_finalised_assessment_is_read_only_in_the_model(world):
    assessment = make_assessment(
        world.specialty_a, {"professional": 3, "staff": 3, "organisational": 3}
    )
    score = assessment.scores.first()
    assessment.summary = "Ændret bagefter"
    with pytest.raises(ValidationError):
        assessment.save()
    with pytest.raises(ValidationError):
        assessment.full_clean()
    with pytest.raises(ValidationError):
        assessment.delete()
    score.score = 5
    with pytest.raises(ValidationError):
        score.save()
    with pytest.raises(ValidationError):
        score.delete()
    with pytest.raises(ValidationError):
        Score.objects.create(
            assessment=assessment,
            criterion=Criterion.objects.create(
                axis="staff", name="Ny", step_1="1", step_2="2", step_3="3", step_4="4", step_5="5"
            ),
            score=2,
        )
    assessment.refresh_from_db()
    assert assessment.summary == ""
    assert score.__class__.objects.get(pk=score.pk).score == 3


def test_strength_position_of_another_specialty_is_refused(world):
    assessment = Assessment(
        specialty=world.specialty_a,
        strength_position=world.position_b,
        date=datetime.date(2025, 5, 1),
    )
    with pytest.raises(ValidationError) as error:
        assessment.full_clean()
    assert "strength_position" in error.value.message_dict


@pytest.mark.parametrize("value", [-3, 3])
def test_database_refuses_prism_effect_outside_minus_2_to_2(world, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        PrismRating.objects.create(specialty=world.specialty_a, title="Forslag", staff_effect=value)


def test_prism_needs_a_title_or_an_initiative(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        PrismRating.objects.create(specialty=world.specialty_a, title="")


def test_prism_rates_any_object_through_the_generic_key(world):
    # Change ideas and cluster initiatives come later; any model works already.
    rating = PrismRating.objects.create(
        specialty=world.specialty_a, initiative=world.position_a, staff_effect=-1
    )
    assert rating.display_title == str(world.position_a)
    assert rating.weakens
    with pytest.raises(IntegrityError), transaction.atomic():
        PrismRating.objects.create(specialty=world.specialty_a, initiative=world.position_a)


def test_history_records_the_finalising(world):
    assessment = make_assessment(world.specialty_a, finalised=False)
    assessment.status = "finalised"
    assessment.finalised_at = timezone.now()
    assessment.save()
    assert assessment.history.count() == 2
    assert assessment.history.first().status == "finalised"


def test_axes_are_danish_first():
    from django.utils import translation

    from sustainability.models import Axis

    with translation.override("da"):
        labels = [str(label) for _value, label in Axis.choices]
    assert labels == [
        "Faglig bæredygtighed",
        "Personalemæssig bæredygtighed",
        "Organisatorisk bæredygtighed",
    ]
    with translation.override("en"):
        assert str(Axis.STAFF.label) == "Staff sustainability"
