"""Phases of the BASS process: the seeded list, moving a specialty, the programme overview."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from plans.models import Phase, PhaseChange
from specialties.models import Specialty
from tests.plans.plans_factories import TODAY, move_phase


def _move_url(specialty):
    return reverse("plans_phase_move", args=[specialty.slug])


@pytest.mark.django_db
def test_the_five_phases_are_seeded_in_danish_in_order():
    assert list(Phase.objects.values_list("order", "name")) == [
        (1, "Analyse"),
        (2, "Strategisk ambition"),
        (3, "Faglig ambition"),
        (4, "Implementering"),
        (5, "Forankring"),
    ]


@pytest.mark.django_db
def test_the_seeded_phases_have_english_names_written_in_history():
    assert list(Phase.objects.values_list("name_en", flat=True)) == [
        "Analysis",
        "Strategic ambition",
        "Professional ambition",
        "Implementation",
        "Embedding",
    ]
    filled = Phase.history.filter(name_en="Analysis").get()
    assert filled.history_change_reason == "Engelsk navn tilføjet til de fem faser"


@pytest.mark.django_db
def test_a_phase_is_named_in_the_active_language():
    phase = Phase.objects.get(order=1)
    with translation.override("en"):
        assert phase.label == str(phase) == "Analysis"
    with translation.override("da"):
        assert phase.label == str(phase) == "Analyse"
    phase.name_en = ""  # not written yet: the Danish name
    with translation.override("en"):
        assert phase.label == "Analyse"


def test_plan_pages_and_dashboard_export_name_the_phase_in_english(world, login):
    move_phase(world.specialty_a, 5, started_on=datetime.date(2026, 5, 1))
    client = login(world.steering)
    urls = [
        reverse("plans_index"),
        reverse("plans_specialty", args=[world.specialty_a.slug]),
        "/oversigt/",  # the dashboard's cell
    ]
    for language, shown, hidden in [
        ("en", "Embedding", "Forankring"),
        ("da", "Forankring", "Embedding"),
    ]:
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
        for url in urls:
            page = client.get(url).content.decode()
            assert shown in page and hidden not in page, (language, url)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    csv = client.get("/oversigt/eksport.csv").content.decode("utf-8-sig")
    assert "Embedding" in csv and "Forankring" not in csv


@pytest.mark.parametrize("persona", ["lead_a", "owner_a", "admin"])
def test_owner_lead_and_administrator_move_the_phase_and_history_says_who(world, login, persona):
    user = world.persona(persona)
    move_phase(world.specialty_a, 1, started_on=datetime.date(2025, 3, 1))
    response = login(user).post(
        _move_url(world.specialty_a),
        {
            "phase": Phase.objects.get(order=2).pk,
            "started_on": "2025-09-01",
            "note": "Analysen er færdig",
        },
    )
    assert response.status_code == 302
    current = PhaseChange.latest_per_specialty([world.specialty_a.pk]).get()
    assert current.phase.name == "Strategisk ambition"
    assert current.started_on == datetime.date(2025, 9, 1)
    assert current.moved_by == user
    assert current.history.get().history_user == user

    page = login(user).get(reverse("plans_specialty", args=[world.specialty_a.slug]))
    text = page.content.decode()
    assert "Strategisk ambition" in text and "Analyse" in text  # the history of phases
    assert user.first_name in text


@pytest.mark.parametrize("persona", ["core_a", "steering"])
def test_core_team_and_steering_group_cannot_move_the_phase(world, login, persona):
    client = login(world.persona(persona))
    assert client.get(_move_url(world.specialty_a)).status_code == 403
    response = client.post(
        _move_url(world.specialty_a),
        {"phase": Phase.objects.get(order=2).pk, "started_on": "2025-09-01"},
    )
    assert response.status_code == 403
    assert not PhaseChange.objects.exists()


def test_moving_to_the_current_phase_or_back_in_time_is_refused(world, login):
    move_phase(world.specialty_a, 2, started_on=datetime.date(2025, 6, 1))
    client = login(world.lead_a)
    same = client.post(
        _move_url(world.specialty_a),
        {"phase": Phase.objects.get(order=2).pk, "started_on": "2025-09-01"},
    )
    assert same.status_code == 200
    assert same.context["form"].errors["phase"]
    earlier = client.post(
        _move_url(world.specialty_a),
        {"phase": Phase.objects.get(order=3).pk, "started_on": "2025-05-01"},
    )
    assert earlier.status_code == 200
    assert "01.06.2025" in earlier.context["form"].errors["started_on"][0]
    assert PhaseChange.objects.count() == 1


def test_the_steering_group_sees_every_specialtys_phase(world, login):
    move_phase(world.specialty_a, 4)
    move_phase(world.specialty_b, 2)
    response = login(world.steering).get(reverse("plans_index"))
    assert response.status_code == 200
    rows = {s.slug: p for s, p in response.context["rows"]}
    assert rows["a"].phase.phase.name == "Implementering"
    assert rows["b"].phase.phase.name == "Strategisk ambition"
    counts = {phase.order: n for phase, n in response.context["phase_counts"]}
    assert counts[2] == 1 and counts[4] == 1 and counts[1] == 0


def test_a_specialty_owner_sees_only_their_own_specialty_on_the_programme_page(world, login):
    response = login(world.owner_b).get(reverse("plans_index"))
    assert [s.slug for s, _p in response.context["rows"]] == ["b"]


def test_the_programme_page_costs_the_same_queries_with_twice_the_specialties(world, login):
    client = login(world.steering)

    def add_specialties(n, start):
        for i in range(start, start + n):
            specialty = Specialty.objects.create(name=f"Speciale {i}", slug=f"s{i}")
            move_phase(specialty, 1, started_on=TODAY - datetime.timedelta(days=10))
            move_phase(specialty, 2)

    add_specialties(3, 0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("plans_index")).status_code == 200
    add_specialties(6, 3)
    with CaptureQueriesContext(connection) as big:
        response = client.get(reverse("plans_index"))
    assert len(response.context["rows"]) == 11
    assert len(big) == len(small)
    assert len(big) <= 14


def test_the_admin_form_of_a_phase_shows_both_names(world, client):
    from tests.conftest import make_user

    superuser = make_user("root")
    superuser.is_staff = superuser.is_superuser = True
    superuser.save()
    client.force_login(superuser)
    phase = Phase.objects.get(order=1)
    page = client.get(reverse("admin:plans_phase_change", args=[phase.pk])).content.decode()
    assert 'name="name"' in page and 'name="name_en"' in page and 'value="Analysis"' in page
