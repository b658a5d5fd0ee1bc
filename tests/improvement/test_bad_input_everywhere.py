"""Bad data on a measure (no points, one point, all on the median, values outside 0-100
for a percentage, a P chart whose points cannot be drawn) gives a sentence saying why no
verdict is given on the measure page, the measure wall and its XLSX: never a 500 and never
an icon that claims a verdict."""

import datetime
import html
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from improvement.analysis import analyse
from improvement.models import DataPoint, Measure
from tests.improvement.improvement_world import build

CASES = {
    "no points": ("run", "", []),
    "one point": ("run", "", [5]),
    "all on the median": ("run", "", [5] * 14),
    "all on the centre line": ("i", "", [5] * 14),
    "percentage outside 0-100": ("run", "%", [10, 120, 30] * 5),
    "too few useful points": ("run", "", [3, 4, 5, 6, 7]),
}


@pytest.fixture
def bad(world):
    imp = build(world.specialty_a)
    imp.point.delete()
    imp.measure.delete()
    measures = {}
    for name, (chart_type, unit, values) in CASES.items():
        measure = Measure.objects.create(
            project=imp.project,
            name=f"Måling: {name}",
            kind="outcome",
            operational_definition="x",
            unit=unit,
            direction="lower",
            target=5,
            chart_type=chart_type,
        )
        for i, value in enumerate(values):
            DataPoint.objects.create(
                measure=measure, period=datetime.date(2024 + i // 12, i % 12 + 1, 1), value=value
            )
        measures[name] = measure
    # A P chart whose only point has no numerator: nothing can be drawn.
    p = Measure.objects.create(
        project=imp.project,
        name="Måling: no numerator",
        kind="outcome",
        operational_definition="x",
        direction="lower",
        chart_type="p",
    )
    DataPoint.objects.create(measure=p, period=datetime.date(2024, 1, 1), denominator=10)
    measures["no numerator"] = p
    return measures


def _reason(measure):
    with translation.override("da"):
        return analyse(measure, list(measure.data_points.order_by("period"))).no_verdict


def test_the_measure_page_says_why(world, bad, login):
    client = login(world.lead_a)
    for measure in bad.values():
        reason = _reason(measure)
        assert reason, measure.name
        page = client.get(measure.get_absolute_url())
        assert page.status_code == 200
        text = html.unescape(page.content.decode())
        assert reason in text, measure.name
        for icon in ("spc-improving", "spc-concerning", "spc-common", "spc-met", "spc-missed"):
            assert icon not in text, (measure.name, icon)


def test_the_wall_and_its_xlsx_say_why(world, bad, login):
    client = login(world.steering)
    page = html.unescape(client.get("/maalevaeg/").content.decode())
    for measure in bad.values():
        row = page.split(f">{measure.name}</a>")[1].split("</tr>")[0]
        assert "Ingen vurdering endnu" in row, measure.name
        assert "spc-improving" not in row and "spc-concerning" not in row
        assert "spc-met" not in row and "spc-missed" not in row
    response = client.get(reverse("programme:measure_wall_export", args=["xlsx"]))
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    header = rows[0]
    for measure in bad.values():
        row = next(r for r in rows[1:] if r[0] == measure.name)
        assert row[header.index("Variation")] == "Ingen vurdering endnu"
        assert row[header.index("Vurdering")] == _reason(measure), measure.name
