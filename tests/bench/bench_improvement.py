"""Benchmark (not part of the normal run): chart analysis/rendering time and page queries.

Run explicitly:  .venv/bin/pytest tests/bench/bench_improvement.py -s -q
"""

import datetime
import random
import time
from unittest import mock

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


def _best(call, repeat=5):
    """The fastest of ``repeat`` runs in wall-clock ms and in CPU ms of this process (on a
    shared machine the CPU time says more about the code)."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        best_wall = min(best_wall, (time.perf_counter() - wall) * 1000)
        best_cpu = min(best_cpu, (time.process_time() - cpu) * 1000)
    return result, best_wall, best_cpu


def test_bench_analysis_and_render(world):
    """Analysis alone (rules, verdict, table rows) and analysis with the SVG drawn. The
    goal: 6,000 points under 20 ms. The P chart's random data puts half its points beyond
    the limits, so it draws some 3,000 signal diamonds."""
    imp = build(world.specialty_a)
    print()
    print("chart  points   analysis ms (wall/cpu)   with SVG ms (wall/cpu)   svg bytes")
    for chart_type in ("run", "i", "p"):
        measure = Measure(project=imp.project, name="bench", chart_type=chart_type)
        measure.frequency = "week"
        for n in (60, 600, 6000):
            points = _points(measure, n)
            analyse(measure, points, phases=[])  # warm up: translations, formats
            with mock.patch("improvement.analysis.line_chart", return_value=""):
                _r, wall, cpu = _best(lambda: analyse(measure, points, phases=[]))  # noqa: B023
            result, full_wall, full_cpu = _best(lambda: analyse(measure, points, phases=[]))  # noqa: B023
            print(
                f"{chart_type:>5} {n:>7} {wall:>12.1f} /{cpu:>6.1f} {full_wall:>17.1f} /"
                f"{full_cpu:>6.1f} {len(result.svg):>12}"
            )


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
