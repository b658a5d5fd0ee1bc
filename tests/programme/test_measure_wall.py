"""The measure wall: restricted to what a person may see, icons with words, filters,
sorting, exports with the analysis as data, and a constant number of queries."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement.models import DataPoint, MeasurePhase
from tests.improvement.improvement_world import build

WALL = "/maalevaeg/"


@pytest.fixture
def imps(world):
    a = build(world.specialty_a)
    b = build(world.specialty_b, title="Hurtigere udskrivelse")
    b.measure.name = "Udskrivelser før kl. 12"
    b.measure.save()
    # Specialty A's measure: 14 points around 10, then 10 low ones (lower is better).
    a.point.delete()
    values = [12, 8, 13, 9, 11, 7, 12, 8, 13, 9, 12, 8, 11, 9, 3, 2, 4, 3, 2, 3, 4, 2, 3, 3]
    for i, value in enumerate(values):
        DataPoint.objects.create(
            measure=a.measure, period=datetime.date(2024 + i // 12, i % 12 + 1, 1), value=value
        )
    return a, b


def test_url_name_and_navigation(world, imps, login):
    assert reverse("programme:measure_wall") == WALL
    html = login(world.core_a).get("/").content.decode()
    assert f'href="{WALL}"' in html


def test_wall_shows_only_what_the_person_may_see(world, imps, login):
    a, b = imps
    html = login(world.owner_b).get(WALL).content.decode()
    assert b.measure.name in html and a.measure.name not in html
    html = login(world.steering).get(WALL).content.decode()
    assert b.measure.name in html and a.measure.name in html
    assert login(world.nobody).get(WALL).status_code == 200


def test_row_has_sparkline_icons_in_words_and_opens_the_measure(world, imps, login):
    a, _b = imps
    html = login(world.lead_a).get(WALL).content.decode()
    assert f'href="{a.measure.get_absolute_url()}"' in html
    assert 'role="img"' in html  # the sparkline
    assert "Særlig variation: forbedring" in html  # the icon says it in words
    assert "Ingen vurdering endnu" not in html.split(a.measure.name)[1].split("</tr>")[0]


def test_filters_and_sorting(world, imps, login):
    a, b = imps
    client = login(world.steering)
    html = client.get(WALL, {"variation": "improving"}).content.decode()
    assert a.measure.name in html and b.measure.name not in html
    html = client.get(WALL, {"specialty": world.specialty_b.name}).content.decode()
    assert b.measure.name in html and a.measure.name not in html
    html = client.get(WALL, {"type": "balancing"}).content.decode()
    assert "Ingen målinger passer til filtrene" in html
    html = client.get(WALL, {"sort": "-name", "hospital": "x" * 500}).content.decode()
    assert "Ingen målinger passer til filtrene" in html
    ordered = client.get(WALL, {"sort": "-name"}).content.decode()
    assert ordered.index(b.measure.name) < ordered.index(a.measure.name)
    assert client.get(WALL, {"sort": "bogus", "side": "x"}).status_code == 200


def test_exports_hold_signals_centre_lines_and_limits(world, imps, login):
    a, _b = imps
    a.measure.name = '=HYPERLINK("http://x")'
    a.measure.save()
    client = login(world.steering)
    response = client.get(reverse("programme:measure_wall_export", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert {"Centerlinje", "Nedre grænse", "Øvre grænse", "Variation"} <= set(header)
    row = next(r for r in rows[1:] if "HYPERLINK" in str(r[0]))
    assert row[0].startswith("'")  # formula injection neutralised
    assert row[header.index("Variation")] == "Særlig variation: forbedring"
    assert row[header.index("Centerlinje")] is not None
    csv = client.get(reverse("programme:measure_wall_export", args=["csv"])).content.decode()
    assert "Særlig variation: forbedring" in csv
    assert client.get(reverse("programme:measure_wall_export", args=["pdf"])).status_code == 404


def test_queries_do_not_grow_with_the_data(world, imps, login):
    client = login(world.steering)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(WALL).status_code == 200
        return len(ctx.captured_queries)

    client.get(WALL)
    before = count()
    for n in range(3):
        extra = build(world.specialty_a, title=f"Projekt {n}")
        for i in range(1, 20):
            DataPoint.objects.create(
                measure=extra.measure,
                period=datetime.date(2023, 1, 1) + datetime.timedelta(days=31 * i),
                value=i % 4,
            )
    client.get(WALL)
    assert count() == before


def _add_measures(world, count, tag):
    for n in range(count):
        extra = build(world.specialty_a, title=f"Projekt {tag} {n}")
        for i in range(1, 14):
            DataPoint.objects.create(
                measure=extra.measure,
                period=datetime.date(2023, 1, 1) + datetime.timedelta(days=31 * i),
                value=i % 5,
            )


def test_queries_stay_the_same_as_the_measures_double(world, imps, login):
    """Warm (analyses cached) and cold (the data just changed) alike."""
    client = login(world.steering)

    def counts():
        with CaptureQueriesContext(connection) as cold:
            assert client.get(WALL).status_code == 200
        with CaptureQueriesContext(connection) as warm:
            assert client.get(WALL).status_code == 200
        return len(cold.captured_queries), len(warm.captured_queries)

    _add_measures(world, 2, "a")  # 4 measures
    before = counts()
    _add_measures(world, 4, "b")  # 8 measures
    assert counts() == before
    assert before[1] < before[0]  # warm: no data points read


def test_a_changed_data_point_changes_the_wall_at_once(world, imps, login):
    a, _b = imps
    client = login(world.steering)
    assert "Særlig variation: forbedring" in _row(client.get(WALL), a.measure.name)
    # The last ten points rise far above the old level: lower is better, so concerning.
    for point in a.measure.data_points.order_by("-period")[:10]:
        point.value = 30
        point.save()
    row = _row(client.get(WALL), a.measure.name)
    assert "Særlig variation: forværring" in row and "30" in row
    # A phase from the first high point: the new level is the new phase's own.
    MeasurePhase.objects.create(
        measure=a.measure, starts_on=datetime.date(2025, 3, 1), title="Ny arbejdsgang"
    )
    row = _row(client.get(WALL), a.measure.name)
    assert "Særlig variation: forværring" not in row
    # A changed name shows too.
    a.measure.name = "Genindlæggelser (ny)"
    a.measure.save()
    assert "Genindlæggelser (ny)" in client.get(WALL).content.decode()


def _row(response, name):
    html = response.content.decode()
    return html.split(f">{name}</a>")[1].split("</tr>")[0]


def test_a_changed_baseline_changes_the_export_at_once(world, imps, login):
    a, _b = imps
    client = login(world.steering)
    url = reverse("programme:measure_wall_export", args=["csv"])

    def row():
        lines = client.get(url).content.decode().splitlines()
        return next(line for line in lines if line.startswith(a.measure.name))

    before = row()
    a.measure.baseline_points = 12  # the centre line of the first 12 points (around 10)
    a.measure.save()
    assert row() != before
