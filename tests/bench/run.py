"""Benchmarks: page times and query counts at demo scale and at Region Østdanmark scale.

Prints figures; asserts nothing (query counts are asserted in the tests). Builds a
throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL):

- scale 1: the demo (load_demo and the apps' demo commands, as `make demo` loads it);
- full scale: 12 acute hospitals, 46 municipalities, 40 specialties with strength positions
  and population responsibility, 500 users with roles, 2,000 PDSA cycles, 300 measures
  with 60 points each, and about 200,000 history rows.

For every page: median and 95th percentile server time over --repeat requests, the number
of queries, and the ratio of the median to a trivial logged-in page (the floor); the pages
are requested in turns so that a slow moment weighs on all alike. Then the
render time and peak memory of the specialty and programme miniguides.

    make bench                       # or: .venv/bin/python -m tests.bench.run --repeat 20

To iterate on one page: `--scale full --keep-db` builds the full-scale database once and
keeps it (test_<NAME>_full); later runs with --keep-db reuse it. `--skip-pdf` leaves out
the miniguides, `--only dashboard` measures the floor and the pages whose name contains
the word, and `--profile URL` prints a cProfile of one page. `--users 1500` measures with that many
users (the extra ones are rolled back). The change feed is also measured at page 50, as
its "Older" links reach it (the keyset cursor after page 49).
"""

import argparse
import contextlib
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bass.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from tests.bench.bench_api import api_pages  # noqa: E402

HISTORY_TARGET = 200_000
DEMO_COMMANDS = [
    "load_demo",
    "load_sustainability_demo",
    "load_improvement_demo",
    "load_plans_demo",
    "load_cluster_demo",
]


def build_full_scale() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    from bass.history import acting_as, system_user
    from bass.models import Hospital, Municipality, Programme, Region
    from improvement.models import DataPoint, DriverNode, ImprovementProject, Measure, PDSACycle
    from roles.models import Person, RoleAssignment
    from specialties.models import PopulationResponsibility, Specialty, StrengthPosition

    rng = random.Random(2027)
    today = datetime.date.today()
    with transaction.atomic(), acting_as(system_user(), "benchmark"):
        region = Region.objects.create(name="Region Østdanmark", code="ost")
        hospitals = [
            Hospital.objects.create(region=region, name=f"Akutsygehus {i}", short_name=f"H{i}")
            for i in range(12)
        ]
        municipalities = [
            Municipality.objects.create(
                region=region,
                name=f"Kommune {i}",
                population=20_000 + 1_500 * i,
                catchment_hospital=hospitals[i % 12],
            )
            for i in range(46)
        ]
        programme = Programme.objects.create(name="BASS", short_name="BASS", region=region)
        users = []
        for i in range(500):
            user = get_user_model().objects.create_user(f"user{i}", first_name=f"Bruger {i}")
            Person.objects.create(user=user)
            users.append(user)
        specialty_ct = ContentType.objects.get_for_model(Specialty)
        for s in range(40):
            specialty = Specialty.objects.create(name=f"Intern medicin: speciale {s}", slug=f"s{s}")
            for h in (s % 12, (s + 5) % 12):
                position = StrengthPosition.objects.create(
                    specialty=specialty, hospital=hospitals[h], organisation_form="two_hospitals"
                )
                for m in municipalities[h % 2 :: 2]:
                    PopulationResponsibility.objects.create(
                        strength_position=position, municipality=m
                    )
            for k, kind in enumerate(
                ["specialty_owner", "implementation_lead", "core_team", "core_team"]
            ):
                RoleAssignment.objects.create(
                    person=users[(s * 11 + k) % 499].person,
                    kind=kind,
                    content_type=specialty_ct,
                    object_id=specialty.pk,
                    reason="benchmark",
                )
            project = ImprovementProject.objects.create(
                specialty=specialty,
                title=f"Færre genindlæggelser {s}",
                aim_what="Genindlæggelser inden for 30 dage",
                aim_how_much="20 % færre",
                aim_by_when=today + datetime.timedelta(days=365),
            )
            primary = DriverNode.objects.create(
                project=project, kind="primary", title="Udskrivning"
            )
            for c in range(5):
                idea = DriverNode.objects.create(
                    project=project, parent=primary, kind="change_idea", title=f"Idé {c}"
                )
                for n in range(10):
                    start = today - datetime.timedelta(days=rng.randint(0, 400))
                    PDSACycle.objects.create(
                        change_idea=idea,
                        title=f"Cyklus {n}",
                        objective="Afprøve tjekliste",
                        planned_start=start,
                        planned_end=start + datetime.timedelta(days=14),
                        study_results="Færre fejl" if n % 3 else "",
                    )
            for m in range(300 // 40 + (1 if s < 300 % 40 else 0)):
                measure = Measure.objects.create(
                    project=project,
                    name=f"Måling {m}",
                    kind="outcome",
                    operational_definition="Antal pr. måned",
                    direction="lower",
                    frequency="month",
                    chart_type="run",
                )
                base = datetime.date(2021, 1, 1)
                for p in range(60):
                    DataPoint.objects.create(
                        measure=measure,
                        period=(base + datetime.timedelta(days=31 * p)).replace(day=1),
                        value=50 + rng.gauss(0, 5) - (8 if p > 45 else 0),
                    )
        from sustainability import demo as sustainability_demo

        sustainability_demo.load()  # two finalised assessments per specialty
        RoleAssignment.objects.create(
            person=users[499].person,
            kind="steering_group",
            content_type=ContentType.objects.get_for_model(Programme),
            object_id=programme.pk,
            reason="benchmark",
        )
        # Years of history: old versions of the specialties' descriptions, written straight
        # into the history table (a data generator, not application code).
        history = Specialty.history.model
        existing = sum(m.history.count() for m in (Specialty, DataPoint, PDSACycle))
        filler = max(0, HISTORY_TARGET - existing)
        specialties = list(Specialty.objects.all())
        start = datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC)
        rows = [
            history(
                id=sp.pk,
                name=sp.name,
                slug=sp.slug,
                description=f"Version {i}",
                version=1,
                history_date=start + datetime.timedelta(minutes=i),
                history_type="~",
                history_user_name="Bruger",
            )
            for i, sp in zip(range(filler), specialties * (filler // len(specialties) + 1))
        ]
        history.objects.bulk_create(rows, batch_size=5000)


def analyse() -> None:
    """Fresh planner statistics after loading, as a production database has them
    (PostgreSQL's autovacuum would analyse the new tables; a benchmark cannot wait)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure_pages(client, pages: dict[str, str], repeat: int) -> dict[str, tuple]:
    """(median ms, p95 ms, queries) of every page.

    The pages are requested in turns (floor, dashboard, ..., floor, dashboard, ...), so a
    slow moment of a shared machine weighs on every page alike and the ratios to the floor
    stay comparable between runs."""
    queries = {}
    for name, url in pages.items():
        client.get(url)  # warm up
        reset_queries()  # request_started resets the log; start from an empty one
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        queries[name] = len(captured.captured_queries)
    timings: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(repeat):
        for name, url in pages.items():
            start = time.perf_counter()
            client.get(url)
            timings[name].append((time.perf_counter() - start) * 1000)
    result = {}
    for name, values in timings.items():
        values.sort()
        p95 = values[min(len(values) - 1, int(round(len(values) * 0.95)) - 1)]
        result[name] = (statistics.median(values), p95, queries[name])
    return result


def steering_client():
    client = Client()
    client.force_login(_steering_user())
    return client


def page_report(label: str, repeat: int, only: str | None = None) -> None:
    from improvement.models import ImprovementProject
    from specialties.models import Specialty

    specialty = Specialty.objects.order_by("pk").first()
    project = ImprovementProject.objects.filter(specialty=specialty).first()
    client = steering_client()
    pages = {
        "floor: hospitals page": "/sygehuse/",
        "home: waiting for you": "/",
        "programme dashboard": "/oversigt/",
        "specialty workspace": specialty.get_absolute_url(),
        "change feed": "/aendringer/",
        "dashboard XLSX export": "/oversigt/eksport.xlsx",
        "measure wall": "/maalevaeg/",
    }
    if project:
        pages["improvement project"] = project.get_absolute_url()
    deep = feed_page_url(FEED_DEEP_PAGE)
    if deep:
        pages[f"change feed, page {FEED_DEEP_PAGE}"] = deep
    pages.update(api_pages(client))
    if only:
        pages = {name: url for i, (name, url) in enumerate(pages.items()) if not i or only in name}
    print(f"\n{label}")
    print(f"{'page':<28}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'x floor':>9}")
    figures = measure_pages(client, pages, repeat)
    floor = figures["floor: hospitals page"][0]
    for name, (median, p95, queries) in figures.items():
        print(f"{name:<28}{median:>10.1f}{p95:>9.1f}{queries:>9}{median / floor:>9.1f}")
    if "measure wall" in pages:
        wall_after_a_change(client, pages["measure wall"], floor, 2 * max(3, repeat // 8))


def wall_after_a_change(client, url: str, floor: float, repeat: int) -> None:
    """The measure wall on the first request after one data point changed: the cached
    analyses are read again and the changed measure alone is analysed anew."""
    from bass.history import acting_as, system_user
    from improvement.models import DataPoint

    point = DataPoint.objects.exclude(value=None).order_by("pk").first()
    if point is None:
        return
    timings = []
    for k in range(repeat):
        with acting_as(system_user(), "benchmark"):
            point.refresh_from_db()
            point.value += 1 if k % 2 == 0 else -1
            point.save()
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    median = statistics.median(timings)
    label = "measure wall, 1st after edit"
    print(f"{label:<28}{median:>10.1f}{max(timings):>9.1f}{'':>9}{median / floor:>9.1f}")


FEED_DEEP_PAGE = 50


def feed_page_url(page: int) -> str | None:
    """The address of page ``page`` of the change feed as its "Older" links reach it: the
    keyset cursor after the last change of the page before (found once, here)."""
    from programme import dashboard
    from programme.dashboard_views import FEED_PAGE

    user = _steering_user()
    entries = dashboard.change_feed(user, limit=FEED_PAGE * (page - 1))
    if len(entries) < FEED_PAGE * (page - 1):
        return None
    return f"/aendringer/?efter={dashboard.cursor_of(entries)}&side={page}"


def _steering_user():
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(person__assignments__kind="steering_group")
        .order_by("pk")
        .first()
    )


@contextlib.contextmanager
def more_users(total: int):
    """At least ``total`` users (people without roles) while the block runs; the ones
    added are removed afterwards (the kept database stays as built)."""
    from django.contrib.auth import get_user_model

    from bass.history import acting_as, system_user
    from roles.models import Person

    users = get_user_model()
    missing = max(0, total - users.objects.count())
    with transaction.atomic():
        made = users.objects.bulk_create(
            users(username=f"extra{i}", first_name=f"Ekstra {i}") for i in range(missing)
        )
        with acting_as(system_user(), "benchmark"):
            for user in made:
                Person.objects.create(user=user)
        yield missing
        transaction.set_rollback(True)


def profile_page(url: str, repeat: int) -> None:
    """cProfile of ``repeat`` requests to one page, the 40 costliest functions by own and
    by cumulative time."""
    import cProfile
    import pstats

    client = steering_client()
    client.get(url)  # warm up
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    print(f"\nprofile of {url}, {repeat} requests")
    stats.sort_stats("tottime").print_stats(40)
    stats.sort_stats("cumulative").print_stats(60)


def pdf_report(repeat: int) -> None:
    from tests.bench.bench_guides import guide_report

    guide_report(repeat)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--scale", choices=["demo", "full", "both"], default="both")
    parser.add_argument(
        "--keep-db",
        action="store_true",
        help="keep each scale's database (test_<NAME>_<scale>) and reuse it on the next run",
    )
    parser.add_argument("--skip-pdf", action="store_true", help="leave out the miniguides")
    parser.add_argument("--only", help="measure the floor and the pages whose name has this")
    parser.add_argument("--profile", metavar="URL", help="print a cProfile of one page")
    parser.add_argument(
        "--users",
        type=int,
        default=0,
        help="measure with at least this many users (the extra ones are removed afterwards)",
    )
    args = parser.parse_args()
    # Production-like: DEBUG off (templates, query logging and error pages as deployed);
    # the query counts are captured with CaptureQueriesContext, which needs no DEBUG.
    setup_test_environment(debug=False)
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    scales = ["demo", "full"] if args.scale == "both" else [args.scale]
    # create_test_db() returns the test database's name and leaves it in the settings;
    # every scale's name is built from the configured one, kept here.
    base = connection.settings_dict["NAME"]
    for scale in scales:
        if args.keep_db:
            test = connection.settings_dict.setdefault("TEST", {})
            test["NAME"] = f"test_{Path(str(base)).stem}_{scale}" + (
                ".sqlite3" if connection.vendor == "sqlite" else ""
            )
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=args.keep_db)
        try:
            start = time.perf_counter()
            from bass.models import Region

            if args.keep_db and Region.objects.exists():
                print(f"\n== {scale} scale on {connection.vendor}: kept database reused")
            else:
                if scale == "demo":
                    for command in DEMO_COMMANDS:
                        call_command(command, stdout=open(os.devnull, "w"))  # noqa: SIM115
                else:
                    build_full_scale()
                analyse()
                built = time.perf_counter() - start
                print(f"\n== {scale} scale on {connection.vendor}: data built in {built:.0f} s")
            if args.profile:
                profile_page(args.profile, args.repeat)
                continue
            with more_users(args.users) as added:
                users = f", {added} users added" if added else ""
                page_report(
                    f"pages ({scale} scale, {args.repeat} requests each{users})",
                    args.repeat,
                    args.only,
                )
            if not args.skip_pdf:
                pdf_report(args.repeat)
        finally:
            if not args.keep_db:
                connection.creation.destroy_test_db(base, verbosity=0)
            else:
                connection.close()
                connection.settings_dict["NAME"] = base
                settings.DATABASES[connection.alias]["NAME"] = base


if __name__ == "__main__":
    main()
