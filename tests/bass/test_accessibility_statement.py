"""The accessibility statement at /was: open to everyone, linked from every page's footer,
in the shape the Danish Agency for Digital Government asks for, in Danish and English."""

import pytest
from django.test import Client

from tests.conftest import make_user

SECTIONS_DA = [
    "Overholdelsesstatus",
    "delvist i overensstemmelse",
    "Indhold, der ikke er tilgængeligt",
    "Udarbejdelse af erklæringen",
    "1. december 2026",
    "Feedback og kontaktoplysninger",
    "Håndhævelsesprocedure",
    "Digitaliseringsstyrelsen",
]


@pytest.mark.django_db
def test_the_statement_needs_no_login_and_has_every_section_in_danish():
    response = Client().get("/was")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Tilgængelighedserklæring for BASS</h1>" in page
    for text in SECTIONS_DA:
        assert text in page, text
    assert "mailto:bass@regionsjaelland.example" in page
    assert Client().get("/was/").status_code == 200


@pytest.mark.django_db
def test_the_statement_in_english():
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/was"})
    page = client.get("/was").content.decode()
    for text in [
        "Compliance status",
        "partially compliant",
        "Non-accessible content",
        "Enforcement procedure",
        "Digitaliseringsstyrelsen",
        "1 December 2026",
    ]:
        assert text in page, text


@pytest.mark.django_db
def test_the_statement_names_its_known_gaps():
    page = Client().get("/was").content.decode()
    for gap in ["Diagrammer", "PDF/UA", "Teksteditoren", "Administrationssiderne", "Skærmlæsere"]:
        assert gap in page, gap


@pytest.mark.django_db
def test_every_page_links_to_the_statement_in_its_footer(settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "was@region.example"
    anonymous = Client()
    link = 'href="/was">Tilgængelighedserklæring</a>'
    assert link in anonymous.get("/log-ind/").content.decode()
    assert "mailto:was@region.example" in anonymous.get("/was").content.decode()
    client = Client()
    client.force_login(make_user("someone"))
    assert link in client.get("/").content.decode()
    assert link in client.get("/findes-ikke/").content.decode()
