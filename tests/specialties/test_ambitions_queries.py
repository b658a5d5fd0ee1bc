"""ambition_status() and the ambition pages keep their query counts as data grows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from specialties.models import Ambition, AmbitionStatus, Dilemma, Specialty
from specialties.queries import ambition_status
from tests.discussion.factories import comment_on


def add_specialties(world, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        specialty = Specialty.objects.create(name=f"Speciale {i}", slug=f"s{i}")
        for kind in ("strategic", "professional"):
            Ambition.objects.create(
                specialty=specialty, kind=kind, draft_text="<p>x</p>", status="submitted"
            )
            Dilemma.objects.create(specialty=specialty, kind=kind, title=f"D{i}")


def count(callable_) -> int:
    with CaptureQueriesContext(connection) as queries:
        callable_()
    return len(queries)


@pytest.mark.django_db
def test_ambition_status_reports_both_kinds_and_days_since_change(world):
    ambition = Ambition.objects.create(
        specialty=world.specialty_a, kind="strategic", draft_text="<p>x</p>", status="approved"
    )
    record = ambition.history.first()
    record.history_date = timezone.now() - datetime.timedelta(days=12, hours=1)
    record.save()

    states = ambition_status(Specialty.objects.all())
    strategic = states[world.specialty_a.pk]["strategic"]
    assert strategic.status == AmbitionStatus.APPROVED
    assert strategic.days_since_change == 12
    professional = states[world.specialty_a.pk]["professional"]
    assert professional.status is None and professional.days_since_change is None
    assert set(states) == {world.specialty_a.pk, world.specialty_b.pk}


@pytest.mark.django_db
def test_ambition_status_costs_one_query_at_two_sizes(world, django_assert_num_queries):
    add_specialties(world, 3)
    specialties = list(Specialty.objects.all())
    with django_assert_num_queries(1):
        small = ambition_status(specialties)
    add_specialties(world, 30, start=3)
    specialties = list(Specialty.objects.all())
    with django_assert_num_queries(1):
        large = ambition_status(specialties)
    assert len(small) == 5 and len(large) == 35


@pytest.mark.django_db
def test_pages_cost_the_same_queries_when_the_data_doubles(world, client):
    client.force_login(world.owner_a)
    ambition = Ambition.objects.create(
        specialty=world.specialty_a, kind="strategic", draft_text="<p>x</p>"
    )
    pages = [
        world.specialty_a.get_absolute_url(),
        ambition.get_absolute_url(),
        ambition.get_history_url(),
    ]

    def grow(n):
        for i in range(n):
            Dilemma.objects.create(specialty=world.specialty_a, kind="strategic", title=f"D{i}")
            Dilemma.objects.create(specialty=world.specialty_a, kind="professional", title=f"P{i}")
            comment_on(ambition, world.core_a, f"K{i}")
            ambition.draft_text = f"<p>udgave {i}</p>"
            ambition.save()

    grow(3)
    for url in pages:  # warm the content-type and permission caches
        client.get(url)
    before = [count(lambda url=url: client.get(url)) for url in pages]
    grow(6)
    after = [count(lambda url=url: client.get(url)) for url in pages]
    assert before == after
    assert after[0] <= 30, after  # the specialty page with its ambitions section

    client.force_login(world.steering)
    add_specialties(world, 3)
    small = count(lambda: client.get(reverse("ambitions_waiting")))
    add_specialties(world, 6, start=3)
    response = client.get(reverse("ambitions_waiting"))
    assert response.content.decode().count("Speciale") >= 18
    assert count(lambda: client.get(reverse("ambitions_waiting"))) == small


@pytest.mark.django_db
def test_ambition_status_tells_whether_an_approved_text_exists_without_reading_it(world):
    Ambition.objects.create(
        specialty=world.specialty_a,
        kind="strategic",
        draft_text="<p>Ny tekst</p>",
        approved_text="<p>" + "Godkendt tekst. " * 5000 + "</p>",
        status="draft",
    )
    Ambition.objects.create(
        specialty=world.specialty_a, kind="professional", draft_text="<p>x</p>", status="draft"
    )
    with CaptureQueriesContext(connection) as queries:
        states = ambition_status([world.specialty_a.pk])[world.specialty_a.pk]
    assert states["strategic"].has_approved_text is True
    assert states["professional"].has_approved_text is False
    (select,) = [q["sql"] for q in queries.captured_queries]
    assert "draft_text" not in select  # the texts stay in the database
