"""Benchmark (not part of the normal run): chart analysis/rendering time and page queries.

Run explicitly:  .venv/bin/pytest tests/bench/bench_improvement.py -s -q
"""

import datetime
import random
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from improvement.analysis import analyse
from improvement.models import DataPoint, Measure, PDSACycle
from tests.improvement.improvement_world import TODAY, build


def _points(measure, n):
    rng = random.Random(n)
    start = datetime.date(2000, 1, 1)
    return [
        DataPoint(
            measure=measure,
            period=start + datetime.timedelta(weeks=i),
            value=None if measure.uses_ratio else rng.gauss(50, 8),
            numerator=rng.randint(0, 40) if measure.uses_ratio else None,
            denominator=40 if measure.uses_ratio else None,
        )
        for i in range(n)
    ]


def test_bench_analysis_and_render(world):
    imp = build(world.specialty_a)
    print()
    for chart_type in ("run", "i", "p"):
        measure = Measure(project=imp.project, name="bench", chart_type=chart_type)
        measure.frequency = "week"
        for n in (60, 600, 6000):
            points = _points(measure, n)
            started = time.perf_counter()
            result = analyse(measure, points)
            elapsed = (time.perf_counter() - started) * 1000
            size = len(result.svg)
            print(f"{chart_type:>3} chart, {n:>5} points: {elapsed:8.1f} ms, svg {size:>7} B")


def test_bench_project_page_queries(world, client):
    imp = build(world.specialty_a)
    client.force_login(world.lead_a)
    client.get(imp.project.get_absolute_url())  # warm up: permission and content-type caches
    print()
    made = 1
    for cycles in (10, 100):
        for i in range(made, cycles):
            PDSACycle.objects.create(
                change_idea=imp.idea,
                title=f"Cyklus {i}",
                objective="x",
                planned_start=TODAY,
                planned_end=TODAY,
            )
        made = cycles
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(imp.project.get_absolute_url()).status_code == 200
        elapsed = (time.perf_counter() - started) * 1000
        print(f"project page, {cycles:>3} cycles: {len(ctx)} queries, {elapsed:.0f} ms")
