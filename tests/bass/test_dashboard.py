import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from bass.history import acting_as
from specialties.models import Specialty, StrengthPosition
from tests.conftest import assign, make_user


def test_dashboard_is_for_roles_that_see_the_programme(world, login):
    assert login(world.steering).get("/oversigt/").status_code == 200
    assert login(world.admin).get("/oversigt/").status_code == 200
    assert login(world.owner_a).get("/oversigt/").status_code == 403
    assert login(world.nobody).get("/oversigt/eksport.xlsx").status_code == 403


def test_dashboard_shows_each_specialty_with_owner_and_gaps(world, login):
    body = login(world.steering).get("/oversigt/").content.decode()
    assert world.specialty_a.name in body and world.specialty_b.name in body
    assert "Owner_A" in body and "Lead_A" in body
    # specialty B has no implementation lead: it waits for the steering group
    assert f"/roller/specialties/specialty/{world.specialty_b.pk}/" in body


def test_dashboard_filters_by_hospital(world, login):
    client = login(world.steering)
    body = client.get("/oversigt/", {"sygehus": world.hospital_2.pk}).content.decode()
    assert world.specialty_b.name in body
    assert f'href="/specialer/{world.specialty_a.slug}/"' not in body


def test_dashboard_queries_do_not_grow_with_data(world, login, django_assert_num_queries):
    client = login(world.steering)
    client.get("/oversigt/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/oversigt/").status_code == 200
    for n in range(12):
        specialty = Specialty.objects.create(name=f"Speciale {n}", slug=f"d{n}")
        StrengthPosition.objects.create(
            specialty=specialty, hospital=world.hospital_1, organisation_form="two_hospitals"
        )
        assign(make_user(f"owner{n}"), "specialty_owner", specialty)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get("/oversigt/").status_code == 200


def test_xlsx_export_has_real_numbers_and_dates(world, login):
    response = login(world.steering).get("/oversigt/eksport.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 3
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    row_a = rows[world.specialty_a.name]
    citizens_column = next(h for h in header if "itizens" in h or "orgere" in h)
    assert row_a[citizens_column] == 48602 + 79728  # an int, not "128.330"
    assert row_a[header[-1]].year >= 2025  # a datetime, not text


def test_csv_export(world, login):
    response = login(world.steering).get("/oversigt/eksport.csv")
    text = response.content.decode("utf-8-sig")
    assert world.specialty_a.name in text
    assert ";" in text.splitlines()[0]


def test_change_feed_shows_who_changed_what_and_hides_other_specialties(world, login):
    with acting_as(world.owner_b, "Ny organisering"):
        world.position_b.responsibility = "Fælles ansvar"
        world.position_b.save()
    body = login(world.owner_a).get("/aendringer/").content.decode()
    assert "Ny organisering" not in body  # owner A may not see specialty B
    body = login(world.steering).get("/aendringer/").content.decode()
    assert "Ny organisering" in body and "Owner_B" in body
    filtered = login(world.steering).get("/aendringer/", {"person": world.owner_a.pk})
    assert "Ny organisering" not in filtered.content.decode()


def test_change_feed_bad_filters_change_nothing(world, login):
    client = login(world.steering)
    response = client.get("/aendringer/", {"fra": "not-a-date", "side": "x", "person": "abc"})
    assert response.status_code == 200
