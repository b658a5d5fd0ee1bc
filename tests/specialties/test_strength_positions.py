import pytest
from django.db import IntegrityError, transaction

from bass.models import Municipality
from specialties.models import PopulationResponsibility, StrengthPosition


def url(world, suffix=""):
    return f"/specialer/{world.specialty_a.slug}/styrkepositioner/{suffix}"


def test_duplicate_strength_position_is_a_form_error(world, login):
    client = login(world.owner_a)
    response = client.post(
        url(world, "ny/"),
        {"hospital": world.hospital_1.pk, "organisation_form": "two_hospitals"},
    )
    assert response.status_code == 200
    assert (
        "Intern medicin: kardiologi har allerede en styrkeposition på Holbæk Sygehus."
        in response.content.decode()
    )
    assert StrengthPosition.objects.filter(specialty=world.specialty_a).count() == 1


def test_duplicate_strength_position_is_refused_by_the_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        StrengthPosition.objects.create(
            specialty=world.specialty_a, hospital=world.hospital_1, organisation_form="x"
        )


def test_negative_population_is_refused_by_the_database(world):
    municipality = world.municipalities[0]
    municipality.population = -5
    with pytest.raises(IntegrityError), transaction.atomic():
        municipality.save()


def test_municipality_needs_a_catchment_hospital(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(region=world.region, name="Lejre", population=28930)


def test_owner_creates_strength_position_and_sets_population(world, login):
    client = login(world.owner_a)
    response = client.post(
        url(world, "ny/"),
        {
            "hospital": world.hospital_2.pk,
            "organisation_form": "at_a_distance",
            "responsibility": "Fælles behandlingsansvar",
        },
    )
    assert response.status_code == 302
    position = StrengthPosition.objects.get(specialty=world.specialty_a, hospital=world.hospital_2)
    response = client.post(
        url(world, f"{position.pk}/populationsansvar/"),
        {"municipalities": [m.pk for m in world.municipalities[1:]]},
    )
    assert response.status_code == 302
    assert set(position.municipalities.values_list("name", flat=True)) == {"Kalundborg", "Slagelse"}
    page = client.get(f"/specialer/{world.specialty_a.slug}/").content.decode()
    assert "Alle kommuner i regionen er dækket." in page
    # removing one records a deletion in history with the user
    client.post(url(world, f"{position.pk}/populationsansvar/"), {"municipalities": []})
    assert PopulationResponsibility.history.filter(history_type="-").latest().history_user == (
        world.owner_a
    )


def test_stale_edit_shows_both_texts_and_keeps_the_typed_one(world, login):
    position = world.position_a
    stale_version = position.version
    position.responsibility = "Tekst gemt af en kollega"
    position.save()
    client = login(world.owner_a)
    response = client.post(
        url(world, f"{position.pk}/rediger/"),
        {
            "hospital": position.hospital_id,
            "organisation_form": "two_hospitals",
            "responsibility": "Min egen tekst",
            "base_version": stale_version,
        },
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Tekst gemt af en kollega" in body and "Min egen tekst" in body
    position.refresh_from_db()
    assert position.responsibility == "Tekst gemt af en kollega"
    # the form is rebased: saving again deliberately replaces the colleague's text
    response = client.post(
        url(world, f"{position.pk}/rediger/"),
        {
            "hospital": position.hospital_id,
            "organisation_form": "two_hospitals",
            "responsibility": "Min egen tekst",
            "base_version": position.version,
        },
    )
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.responsibility == "Min egen tekst"


def test_delete_needs_confirmation_and_keeps_history(world, login):
    client = login(world.owner_a)
    position = world.position_a
    assert client.get(url(world, f"{position.pk}/slet/")).status_code == 200
    assert StrengthPosition.objects.filter(pk=position.pk).exists()
    assert client.post(url(world, f"{position.pk}/slet/")).status_code == 302
    assert not StrengthPosition.objects.filter(pk=position.pk).exists()
    assert StrengthPosition.history.filter(id=position.pk, history_type="-").exists()


def test_specialty_list_queries_do_not_grow(world, login, django_assert_max_num_queries):
    from specialties.models import Specialty

    client = login(world.steering)
    client.get("/specialer/")
    # 11: ten for the page, one for the unread count in the header.
    with django_assert_max_num_queries(11) as small:
        client.get("/specialer/")
    for n in range(15):
        Specialty.objects.create(name=f"Speciale {n}", slug=f"sp{n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/specialer/").status_code == 200
