import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from bass.history import acting_as
from bass.models import Municipality
from specialties.models import StrengthPosition


@pytest.fixture
def position(world):
    return world.position_a


def test_change_in_request_records_user_and_reason(world, login, position):
    client = login(world.owner_a)
    url = f"/specialer/{world.specialty_a.slug}/styrkepositioner/{position.pk}/rediger/"
    response = client.post(
        url,
        {
            "hospital": position.hospital_id,
            "organisation_form": "at_a_distance",
            "responsibility": "Behandlingsansvar på distancen for hele regionen.",
            "base_version": position.version,
            "change_reason": "Ny organisering aftalt",
        },
    )
    assert response.status_code == 302
    latest = position.history.latest()
    assert latest.history_user == world.owner_a
    assert latest.history_user_name == "Owner_A"
    assert latest.history_change_reason == "Ny organisering aftalt"
    assert latest.organisation_form == "at_a_distance"


def test_acting_as_records_user_outside_requests(world):
    municipality = world.municipalities[0]
    with acting_as(world.admin, "Befolkningstal 2024"):
        municipality.population = 74000
        municipality.save()
    record = municipality.history.latest()
    assert record.history_user == world.admin
    assert record.history_change_reason == "Befolkningstal 2024"


def test_deleting_a_user_keeps_who_did_what(world):
    user = get_user_model().objects.create_user("temp", password="x" * 12, first_name="Karen")
    municipality = world.municipalities[1]
    with acting_as(user):
        municipality.population = 1
        municipality.save()
    history_id = municipality.history.latest().history_id
    user.delete()
    record = municipality.history.get(history_id=history_id)
    assert record.history_user is None
    assert record.history_user_name == "Karen"


def test_load_demo_records_system_user_and_is_idempotent(db):
    call_command("load_demo", stdout=io.StringIO())
    from specialties.models import Ambition, Dilemma

    tracked = (Municipality, StrengthPosition, Ambition, Dilemma)
    counts = {model: model.history.count() for model in tracked}
    record = Municipality.history.first()
    assert record.history_user.username == "system"
    assert record.history_change_reason == "Demodata"
    call_command("load_demo", stdout=io.StringIO())
    assert {model: model.history.count() for model in counts} == counts
    assert Municipality.objects.count() == 17
    assert sum(Municipality.objects.values_list("population", flat=True)) == 849857


def test_history_page_lists_versions_and_compares(world, login, position):
    with acting_as(world.owner_a, "første"):
        position.responsibility = "Ansvar for akutte patienter"
        position.save()
    with acting_as(world.owner_a, "anden"):
        position.responsibility = "Ansvar for alle patienter"
        position.save()
    first, second = position.history.order_by("history_date")[1:3]
    client = login(world.steering)
    response = client.get(
        position.get_history_url(), {"a": first.history_id, "b": second.history_id}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<del>akutte</del>" in body and "<ins>alle</ins>" in body
    assert "første" in body and "anden" in body


def test_history_page_query_count_is_constant(world, login, position, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.steering)
    client.get(position.get_history_url())  # warm caches (content types)
    with CaptureQueriesContext(connection) as few:
        client.get(position.get_history_url())
    for n in range(30):
        position.responsibility = f"version {n}"
        position.save()
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(position.get_history_url()).status_code == 200


def test_restore_makes_a_new_version(world, login, position):
    original = position.organisation_form
    position.organisation_form = "cross_hospital"
    position.save()
    first = position.history.earliest()
    client = login(world.owner_a)
    url = f"/historik/specialties/strengthposition/{position.pk}/gendan/{first.history_id}/"
    assert client.get(url).status_code == 200
    before = position.history.count()
    assert client.post(url).status_code == 302
    position.refresh_from_db()
    assert position.organisation_form == original
    assert position.history.count() == before + 1
    assert position.history.latest().history_user == world.owner_a


def test_restore_that_breaks_a_constraint_is_refused(world, login, position):
    # The old version was at hospital 1; another position of the same specialty now is.
    position.hospital = world.hospital_2
    position.save()
    StrengthPosition.objects.create(
        specialty=world.specialty_a, hospital=world.hospital_1, organisation_form="two_hospitals"
    )
    first = position.history.earliest()
    client = login(world.owner_a)
    url = f"/historik/specialties/strengthposition/{position.pk}/gendan/{first.history_id}/"
    response = client.post(url, follow=True)
    assert response.status_code == 200
    position.refresh_from_db()
    assert position.hospital == world.hospital_2
    assert (
        "Den gamle version kan ikke gendannes, fordi den er i konflikt med de nuværende data"
        in response.content.decode()
    )


def test_unknown_model_in_history_url_is_404(world, login):
    client = login(world.admin)
    assert client.get("/historik/auth/user/1/").status_code == 404
    assert client.get("/historik/nope/nothing/1/").status_code == 404
