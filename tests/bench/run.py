"""Benchmark at Region Østdanmark scale. Prints figures; asserts nothing.

Builds a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL) with
~45 municipalities, 12 acute hospitals, 40 specialties with two strength positions each,
300 users with roles, and measures the main pages: median and 95th percentile over repeated
requests, and the number of queries per page.

    make bench            # or: .venv/bin/python -m tests.bench.run [--repeat 30]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bass.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def build():
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    from bass.history import acting_as, system_user
    from bass.models import Hospital, Municipality, Programme, Region
    from roles.models import Person, RoleAssignment
    from specialties.models import PopulationResponsibility, Specialty, StrengthPosition

    with acting_as(system_user(), "benchmark"):
        region = Region.objects.create(name="Region Østdanmark", code="ost")
        hospitals = [
            Hospital.objects.create(region=region, name=f"Akutsygehus {i}", short_name=f"H{i}")
            for i in range(12)
        ]
        municipalities = [
            Municipality.objects.create(
                region=region,
                name=f"Kommune {i}",
                population=20000 + 1500 * i,
                catchment_hospital=hospitals[i % 12],
            )
            for i in range(46)
        ]
        programme = Programme.objects.create(name="BASS", short_name="BASS", region=region)
        specialty_ct = ContentType.objects.get_for_model(Specialty)
        users = []
        for i in range(300):
            user = get_user_model().objects.create_user(f"user{i}", first_name=f"Bruger {i}")
            Person.objects.create(user=user)
            users.append(user)
        for s in range(40):
            specialty = Specialty.objects.create(name=f"Intern medicin: speciale {s}", slug=f"s{s}")
            for h in (s % 12, (s + 5) % 12):
                position = StrengthPosition.objects.create(
                    specialty=specialty, hospital=hospitals[h], organisation_form="two_hospitals"
                )
                for m in municipalities[h::2][:20]:
                    PopulationResponsibility.objects.create(
                        strength_position=position, municipality=m
                    )
            for k, kind in enumerate(["specialty_owner", "implementation_lead", "core_team"]):
                RoleAssignment.objects.create(
                    person=users[(s * 7 + k) % 300].person,
                    kind=kind,
                    content_type=specialty_ct,
                    object_id=specialty.pk,
                    reason="benchmark",
                )
            for version in range(20):
                specialty.description = f"Version {version} af beskrivelsen"
                specialty.save()
        RoleAssignment.objects.create(
            person=users[299].person,
            kind="steering_group",
            content_type=ContentType.objects.get_for_model(Programme),
            object_id=programme.pk,
            reason="benchmark",
        )
    return users


def measure(client, url, repeat):
    client.get(url)  # warm up
    reset_queries()  # request_started resets the log; start from an empty one
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return statistics.median(timings), p95, len(queries.captured_queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        users = build()
        built = time.perf_counter() - start
        print(f"database: {connection.vendor}; built scale data in {built:.1f} s")
        client = Client()
        client.force_login(users[299])  # steering group: sees everything
        pages = {
            "specialty list (40)": "/specialer/",
            "specialty workspace": "/specialer/s3/",
            "history (21 versions)": "/historik/specialties/specialty/4/",
            "municipality list (46)": "/kommuner/",
            "home": "/",
        }
        print(f"{'page':<28}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
        for label, url in pages.items():
            median, p95, queries = measure(client, url, args.repeat)
            print(f"{label:<28}{median:>10.1f}{p95:>10.1f}{queries:>9}")
        from specialties.coverage import coverage_by_specialty

        start = time.perf_counter()
        result = coverage_by_specialty()
        elapsed = (time.perf_counter() - start) * 1000
        gaps = sum(len(c.uncovered) for c in result.values())
        print(f"coverage query, 40 specialties x 46 municipalities: {elapsed:.1f} ms, {gaps} gaps")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
