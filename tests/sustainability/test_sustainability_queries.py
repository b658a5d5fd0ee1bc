"""latest_profiles for the dashboard, and pages that keep their query count as data grows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bass.models import Hospital
from specialties.models import Specialty
from sustainability.models import PrismRating
from sustainability.queries import latest_profiles
from tests.sustainability.sustainability_factories import make_assessment

pytestmark = pytest.mark.django_db


def grow(world, n: int, start: int = 0):
    """n more specialties with two finalised assessments each (and one draft)."""
    for i in range(start, start + n):
        specialty = Specialty.objects.create(name=f"Speciale {i}", slug=f"s{i}")
        make_assessment(
            specialty,
            {"professional": 3, "staff": 3, "organisational": 3},
            date=datetime.date(2024, 1, 1),
        )
        make_assessment(
            specialty,
            {"professional": 4, "staff": 2, "organisational": 4},
            date=datetime.date(2025, 1, 1),
        )
        make_assessment(specialty, finalised=False, date=datetime.date(2026, 1, 1))


def count(func) -> int:
    with CaptureQueriesContext(connection) as queries:
        func()
    return len(queries)


def test_latest_profile_trend_and_attention(world):
    make_assessment(
        world.specialty_a,
        {"professional": 3, "staff": 3, "organisational": 3},
        date=datetime.date(2024, 1, 1),
    )
    latest = make_assessment(
        world.specialty_a,
        {"professional": 4, "staff": 2, "organisational": 3},
        date=datetime.date(2025, 1, 1),
    )
    # A newer draft does not count.
    make_assessment(
        world.specialty_a, {"professional": 1}, date=datetime.date(2026, 1, 1), finalised=False
    )
    profiles = latest_profiles([world.specialty_a, world.specialty_b])
    profile = profiles[world.specialty_a.pk]
    assert profiles[world.specialty_b.pk] is None
    assert profile.assessment == latest
    assert profile.axes["professional"].mean == 4
    assert profile.trend == {"professional": "up", "staff": "down", "organisational": "unchanged"}
    assert profile.attention == ["staff"]


def test_single_assessment_has_no_trend(world):
    make_assessment(world.specialty_a, {"professional": 3, "staff": 3, "organisational": 3})
    profile = latest_profiles([world.specialty_a.pk])[world.specialty_a.pk]
    assert profile.previous is None
    assert set(profile.trend.values()) == {None}
    assert latest_profiles([]) == {}


def test_latest_profiles_in_constant_queries(world):
    grow(world, 3)
    specialties = list(Specialty.objects.all())
    small = count(lambda: latest_profiles(specialties))
    grow(world, 6, start=3)
    specialties = list(Specialty.objects.all())
    large = count(lambda: latest_profiles(specialties))
    assert small == large == 2
    profiles = latest_profiles(specialties)
    assert sum(1 for p in profiles.values() if p is not None) == 9


def test_overview_keeps_its_query_count(world, login):
    client = login(world.steering)
    url = reverse("sustainability_overview")
    grow(world, 3)
    client.get(url)  # warm caches (permissions, content types)
    small = count(lambda: client.get(url))
    grow(world, 6, start=3)
    response = client.get(url)
    large = count(lambda: client.get(url))
    assert small == large
    assert response.content.decode().count("Speciale ") == 9


def test_specialty_page_keeps_its_query_count(world, login):
    client = login(world.owner_a)
    url = reverse("specialty_sustainability", args=["a"])

    def add(n, offset):
        for i in range(offset, offset + n):
            make_assessment(
                world.specialty_a,
                {"professional": 3, "staff": 2, "organisational": 4},
                date=datetime.date(2000 + i, 1, 1),
            )
            PrismRating.objects.create(
                specialty=world.specialty_a, title=f"Forslag {i}", staff_effect=-1
            )
            # A rating of an initiative elsewhere, through the generic key.
            hospital = Hospital.objects.create(
                region=world.region, name=f"Sygehus {i}", short_name=f"S{i}"
            )
            PrismRating.objects.create(
                specialty=world.specialty_a, initiative=hospital, organisational_effect=-2
            )

    add(2, 0)
    client.get(url)
    small = count(lambda: client.get(url))
    add(2, 2)
    large = count(lambda: client.get(url))
    assert small == large


def test_assessment_pages_keep_their_query_count(world, login):
    client = login(world.owner_a)
    make_assessment(
        world.specialty_a,
        {"professional": 3, "staff": 3, "organisational": 3},
        date=datetime.date(2020, 1, 1),
    )
    draft = make_assessment(
        world.specialty_a,
        {"professional": 3, "staff": 3, "organisational": 3},
        date=datetime.date(2030, 1, 1),
        finalised=False,
    )
    urls = [draft.get_absolute_url(), reverse("assessment_scores", args=[draft.pk])]
    for url in urls:
        client.get(url)
    small = [count(lambda u=url: client.get(u)) for url in urls]
    for year in range(2021, 2027):
        make_assessment(
            world.specialty_a,
            {"professional": 3, "staff": 3, "organisational": 3},
            date=datetime.date(year, 1, 1),
        )
    large = [count(lambda u=url: client.get(u)) for url in urls]
    assert small == large


def test_steering_group_sees_every_profile_an_owner_only_their_own(world, login):
    make_assessment(world.specialty_a, {"professional": 4, "staff": 2, "organisational": 4})
    make_assessment(world.specialty_b, {"professional": 3, "staff": 3, "organisational": 3})
    url = reverse("sustainability_overview")
    page = login(world.steering).get(url).content.decode()
    assert world.specialty_a.name in page and world.specialty_b.name in page
    assert "⚠" in page  # specialty A's staff axis
    page = login(world.owner_a).get(url).content.decode()
    assert world.specialty_a.name in page and world.specialty_b.name not in page


def test_admin_pages_with_history(world, login):
    assessment = make_assessment(world.specialty_a, {"professional": 4})
    client = login(world.admin)
    for name in ["criterion", "assessment", "score", "prismrating"]:
        assert client.get(reverse(f"admin:sustainability_{name}_changelist")).status_code == 200
    change = reverse("admin:sustainability_assessment_change", args=[assessment.pk])
    assert client.get(change).status_code == 200
    history = reverse("admin:sustainability_assessment_history", args=[assessment.pk])
    assert client.get(history).status_code == 200
    # A finalised assessment is read-only in the admin too: a crafted POST changes nothing.
    response = client.post(change, {"date": "2030-01-01", "summary": "x"})
    assert response.status_code == 403
    score = assessment.scores.first()
    score_change = reverse("admin:sustainability_score_change", args=[score.pk])
    assert client.post(score_change, {"score": "1"}).status_code == 403
    assessment.refresh_from_db()
    score.refresh_from_db()
    assert (assessment.summary, score.score) == ("", 4)
