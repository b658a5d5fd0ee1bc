from bass.models import Municipality
from specialties.models import PopulationResponsibility, Specialty, StrengthPosition
from specialties.queries import coverage_by_specialty


def test_gaps_name_the_uncovered_municipalities_and_citizens(world):
    coverage = coverage_by_specialty()
    a = coverage[world.specialty_a.pk]
    assert [m.name for m in a.uncovered] == ["Kalundborg", "Slagelse"]
    assert a.uncovered_citizens == 48602 + 79728
    assert a.covered_citizens == 73440
    b = coverage[world.specialty_b.pk]
    assert b.uncovered_citizens == 73440 + 48602 + 79728
    assert not b.is_complete


def test_joint_responsibility_counts_once_and_closes_the_gap(world):
    other = StrengthPosition.objects.create(
        specialty=world.specialty_a, hospital=world.hospital_2, organisation_form="two_hospitals"
    )
    for municipality in world.municipalities:
        PopulationResponsibility.objects.create(strength_position=other, municipality=municipality)
    a = coverage_by_specialty()[world.specialty_a.pk]
    assert a.is_complete
    assert a.covered_citizens == a.total_citizens == 73440 + 48602 + 79728


def test_coverage_costs_the_same_queries_at_two_sizes(world, django_assert_num_queries):
    with django_assert_num_queries(3):
        coverage_by_specialty()
    for n in range(20):
        specialty = Specialty.objects.create(name=f"Speciale {n}", slug=f"s{n}")
        position = StrengthPosition.objects.create(
            specialty=specialty, hospital=world.hospital_1, organisation_form="two_hospitals"
        )
        PopulationResponsibility.objects.create(
            strength_position=position, municipality=Municipality.objects.first()
        )
    with django_assert_num_queries(3):
        result = coverage_by_specialty()
    assert len(result) == 22
