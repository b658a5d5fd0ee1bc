"""Benchmark of the daily digest: 500 people with 30 notifications each.

Builds a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL): 40
specialties with a strength position each, 500 people with e-mail addresses who are core
team members of one specialty (object permissions, as most users have), and 15,000
notifications made through the real ``notify()`` (30 events per specialty, each to its
core team, of five kinds and three object types). Then runs the digest exactly as beat
does, with Django's in-memory mail backend, and prints the seconds, the queries and the
mails. The goal: under 60 s on the 2-core development machine.

    .venv/bin/python -m tests.bench.bench_digest
"""

import argparse
import cProfile
import datetime
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bass.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PEOPLE = 500
EVENTS_EACH = 30
SPECIALTIES = 40
KINDS = ["comment", "cycle_overdue", "milestone_overdue", "export_ready", "edit_overwritten"]


def build() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    from bass.history import acting_as, system_user
    from bass.models import Hospital, Region
    from notifications.notify import notify
    from roles.models import Person, RoleAssignment
    from roles.permissions import rebuild_all
    from specialties.models import Specialty, StrengthPosition

    User = get_user_model()
    with transaction.atomic(), acting_as(system_user(), "benchmark"):
        region = Region.objects.create(name="Region Østdanmark", code="ost")
        hospitals = [
            Hospital.objects.create(region=region, name=f"Akutsygehus {i}", short_name=f"H{i}")
            for i in range(12)
        ]
        specialties = [
            Specialty.objects.create(name=f"Speciale {i}", slug=f"speciale-{i}")
            for i in range(SPECIALTIES)
        ]
        positions = [
            StrengthPosition.objects.create(
                specialty=specialty, hospital=hospitals[i % 12], organisation_form="two_hospitals"
            )
            for i, specialty in enumerate(specialties)
        ]
        users = User.objects.bulk_create(
            [
                User(
                    username=f"person{i}",
                    first_name=f"Person {i}",
                    email=f"person{i}@example.dk",
                    password="!",  # noqa: S106 - no login in this benchmark
                )
                for i in range(PEOPLE)
            ]
        )
        people = Person.objects.bulk_create([Person(user=user) for user in users])
        specialty_type = ContentType.objects.get_for_model(Specialty)
        # Created in bulk: the benchmark is of the digest, not of 500 "role given" notices.
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(
                    person=person,
                    kind="core_team",
                    content_type=specialty_type,
                    object_id=specialties[i % SPECIALTIES].pk,
                    valid_from=datetime.date(2025, 1, 1),
                )
                for i, person in enumerate(people)
            ]
        )
        rebuild_all()
        team = {specialty.pk: [] for specialty in specialties}
        for i, user in enumerate(users):
            team[specialties[i % SPECIALTIES].pk].append(user)
        actor = users[0]
        for i, specialty in enumerate(specialties):
            targets = [specialty, positions[i], hospitals[i % 12]]
            for n in range(EVENTS_EACH):
                notify(
                    team[specialty.pk],
                    KINDS[n % len(KINDS)],
                    targets[n % len(targets)],
                    actor=actor if n % 2 else None,
                    text=f"Hændelse {n}" if n % 3 == 0 else "",
                )


class CountQueries:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def main() -> None:
    global PEOPLE
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the digest")
    args = parser.parse_args()
    PEOPLE = args.people
    setup_test_environment()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from notifications import delivery
        from notifications.models import Notification

        start = time.perf_counter()
        build()
        built = time.perf_counter() - start
        waiting = Notification.objects.filter(delivery="digest", message__isnull=True).count()
        print(f"\n== daily digest on {connection.vendor} ({os.cpu_count()} cores)")
        print(f"data built in {built:.0f} s: {waiting:,} notifications waiting for the digest")
        mail.outbox = []
        queries = CountQueries()
        profile = cProfile.Profile() if args.profile else None
        with connection.execute_wrapper(queries):
            start = time.perf_counter()
            if profile:
                profile.enable()
            sent = delivery.send_daily_digest(datetime.date(2026, 3, 2))
            if profile:
                profile.disable()
            seconds = time.perf_counter() - start
        items = sum(message.body.count("\n- ") for message in mail.outbox)
        print(
            f"digest: {sent} e-mails ({items:,} notifications listed) in {seconds:.1f} s, "
            f"{queries.count:,} queries ({queries.count / max(sent, 1):.1f} per person), "
            f"{1000 * seconds / max(sent, 1):.0f} ms per person; goal under 60 s"
        )
        if profile:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
