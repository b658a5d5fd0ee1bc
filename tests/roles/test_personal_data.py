"""Personal data access (GDPR art. 15): a ZIP of CSV files with a Danish README.txt of
everything about one person, for an administrator or the person themself; recorded."""

import csv
import datetime
import io
import zipfile

import pytest
from django.test import Client

from api.models import AccessToken
from bass.history import acting_as
from discussion.thread import add_comment
from notifications.notify import notify
from roles.models import PersonalDataExport, SignInRecord
from tests.conftest import PASSWORD


def download(client, person):
    response = client.post(f"/roller/personer/{person.pk}/persondata/")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="persondata-')
    return zipfile.ZipFile(io.BytesIO(response.content))


def rows(archive, name):
    text = archive.read(name).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.fixture
def data(world):
    """owner_a has logged in, failed once, commented, been notified and made a token."""
    owner = world.owner_a
    Client().post("/log-ind/", {"username": "owner_a", "password": PASSWORD})
    Client().post("/log-ind/", {"username": "owner_a", "password": "wrong"})
    client = Client()
    client.force_login(owner)
    with acting_as(owner, "kommentar"):
        add_comment(owner, world.specialty_a, "Min kommentar")
    notify([owner], "comment", world.specialty_a, actor=world.admin)
    AccessToken.issue(owner, "Power BI", datetime.date(2100, 1, 1))
    owner.person.title = "Vicedirektør"
    with acting_as(owner, "Ny titel"):
        owner.person.save()
    return world


def test_the_person_takes_out_everything_about_themself(data, login):
    archive = download(login(data.owner_a), data.owner_a.person)
    names = set(archive.namelist())
    assert {"README.txt", "konto.csv", "historik_foretaget.csv", "historik_om_dig.csv"} <= names
    assert {
        "roles-roleassignment.csv",
        "roles-signinrecord.csv",
        "discussion-comment.csv",
        "notifications-notification.csv",
        "api-accesstoken.csv",
        "roles-personaldataexport.csv",
    } <= names
    readme = archive.read("README.txt").decode()
    assert "artikel 15" in readme and "Owner_A" in readme
    assert "roles-signinrecord.csv" in readme
    account = rows(archive, "konto.csv")
    assert "owner_a" in account[1] and "Vicedirektør" in account[1]
    kinds = {r[2] for r in rows(archive, "roles-signinrecord.csv")[1:]}
    assert {"login (log-ind)", "failed (mislykket log-ind)"} <= kinds
    assert "Min kommentar" in archive.read("discussion-comment.csv").decode("utf-8-sig")
    assert any("specialty_owner" in " ".join(r) for r in rows(archive, "roles-roleassignment.csv"))
    about = rows(archive, "historik_om_dig.csv")
    assert any("Vicedirektør" in r[5] for r in about[1:])


def test_no_secret_is_written(data, login):
    archive = download(login(data.owner_a), data.owner_a.person)
    everything = " ".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())
    token = AccessToken.objects.get(user=data.owner_a)
    assert token.key_hash not in everything
    assert data.owner_a.password not in everything
    assert "password" not in rows(archive, "konto.csv")[0]


def test_the_history_they_made_is_listed(data, login):
    archive = download(login(data.owner_a), data.owner_a.person)
    made = rows(archive, "historik_foretaget.csv")
    assert made[0] == ["hvad", "række (id)", "tidspunkt", "ændring", "begrundelse"]
    assert [data.owner_a.person.pk, "Ny titel"] in [[int(r[1]), r[4]] for r in made[1:]]


def test_an_administrator_exports_anyone_and_it_is_recorded(data, login):
    archive = download(login(data.admin), data.owner_a.person)
    assert "README.txt" in archive.namelist()
    record = PersonalDataExport.objects.get()
    assert (record.subject, record.requested_by) == (data.owner_a, data.admin)
    assert record.rows > 5
    again = download(login(data.owner_a), data.owner_a.person)
    exports = rows(again, "roles-personaldataexport.csv")
    assert len(exports) == 3  # header, the administrator's export and this one
    page = login(data.owner_a).get(f"/roller/personer/{data.owner_a.person.pk}/persondata/")
    assert "Admin" in page.content.decode()


def test_no_one_else_sees_that_the_person_exists(data, login):
    for other in (data.owner_b, data.steering, data.lead_a, data.nobody):
        client = login(other)
        url = f"/roller/personer/{data.owner_a.person.pk}/persondata/"
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert login(data.admin).get("/roller/personer/999999/persondata/").status_code == 404
    assert not PersonalDataExport.objects.exists()


def test_my_data_leads_to_ones_own_page(data, login):
    response = login(data.lead_a).get("/roller/mine-data/")
    assert response["Location"] == f"/roller/personer/{data.lead_a.person.pk}/persondata/"
    assert Client().get("/roller/mine-data/").status_code == 302


def test_a_sign_in_record_without_an_account_is_not_anyones(data, login):
    SignInRecord.objects.create(kind="failed", username="owner_b")
    archive = download(login(data.owner_a), data.owner_a.person)
    assert "owner_b" not in archive.read("roles-signinrecord.csv").decode("utf-8-sig")
