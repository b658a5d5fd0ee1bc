"""Measures: create, the data grid with per-row errors, the chart and its reading."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement.analysis import analyse
from improvement.models import DataPoint, Measure
from tests.improvement.improvement_world import build


@pytest.fixture
def imp(world):
    return build(world.specialty_a)


def _measure(imp, chart_type="run", direction="lower", frequency="month", **extra):
    return Measure.objects.create(
        project=imp.project,
        name=f"Måling {chart_type}",
        kind="process",
        operational_definition="x",
        direction=direction,
        frequency=frequency,
        chart_type=chart_type,
        **extra,
    )


def _grid(measure, rows, existing=()):
    """POST data for the grid: existing rows (point, values) first, then new rows."""
    data = {
        "rows-TOTAL_FORMS": str(len(existing) + len(rows)),
        "rows-INITIAL_FORMS": str(len(existing)),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "5000",
    }
    for i, (point, values) in enumerate(existing):
        data[f"rows-{i}-id"] = str(point.pk)
        for key, value in values.items():
            data[f"rows-{i}-{key}"] = value
    for j, values in enumerate(rows, start=len(existing)):
        for key, value in values.items():
            data[f"rows-{j}-{key}"] = value
    return data


def test_lead_creates_a_measure(world, imp, login):
    client = login(world.lead_a)
    response = client.post(
        reverse("improvement_measure_create", args=[imp.project.pk]),
        {
            "name": "Andel udskrevet før kl. 12",
            "kind": "process",
            "operational_definition": "Udskrivelser før 12 / alle udskrivelser",
            "unit": "%",
            "direction": "higher",
            "target": "62,5",
            "frequency": "week",
            "chart_type": "p",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get(name="Andel udskrevet før kl. 12")
    assert measure.target == 62.5


def test_core_team_cannot_create_measures(world, imp, login):
    url = reverse("improvement_measure_create", args=[imp.project.pk])
    assert login(world.core_a).get(url).status_code == 403


def test_chart_type_cannot_switch_kind_of_data_once_there_is_data(world, imp, login):
    client = login(world.lead_a)
    m = imp.measure
    data = {
        "name": m.name,
        "kind": m.kind,
        "operational_definition": m.operational_definition,
        "direction": m.direction,
        "frequency": m.frequency,
        "chart_type": "p",
        "base_version": m.version,
    }
    response = client.post(reverse("improvement_measure_update", args=[m.pk]), data)
    assert "chart_type" in response.context["form"].errors
    data["chart_type"] = "i"  # single values too: allowed
    assert client.post(reverse("improvement_measure_update", args=[m.pk]), data).status_code == 302


def test_grid_saves_new_and_changed_rows_with_decimal_comma(world, imp, login):
    client = login(world.core_a)
    url = reverse("improvement_measure_data", args=[imp.measure.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert len(page.context["formset"].forms) == 1 + 5
    data = _grid(
        imp.measure,
        rows=[
            {"period": "2025-02-14", "value": "3,5", "note": "ny læge"},
            {"period": "2025-03-01", "value": "1.234,5"},
        ],
        existing=[(imp.point, {"period": "2025-01-01", "value": "5"})],
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["formset"].errors
    values = list(imp.measure.data_points.order_by("period").values_list("period", "value", "note"))
    assert values == [
        (datetime.date(2025, 1, 1), 5.0, ""),
        (datetime.date(2025, 2, 1), 3.5, "ny læge"),  # stored as the 1st of the month
        (datetime.date(2025, 3, 1), 1234.5, ""),
    ]
    assert DataPoint.history.filter(history_user=world.core_a).count() == 3


def test_grid_deletes_marked_rows(world, imp, login):
    client = login(world.core_a)
    url = reverse("improvement_measure_data", args=[imp.measure.pk])
    data = _grid(
        imp.measure,
        rows=[],
        existing=[(imp.point, {"period": "2025-01-01", "value": "4", "DELETE": "on"})],
    )
    assert client.post(url, data).status_code == 302
    assert not imp.measure.data_points.exists()


@pytest.mark.parametrize(
    ("chart_type", "row", "field", "message"),
    [
        ("run", {"period": "2025-02-01", "value": "mange"}, "value", "Skriv et tal"),
        (
            "p",
            {"period": "2025-02-01", "numerator": "12", "denominator": "10"},
            "numerator",
            "større end nævneren",
        ),
        (
            "p",
            {"period": "2025-02-01", "numerator": "-1", "denominator": "10"},
            "numerator",
            "negativ",
        ),
        (
            "u",
            {"period": "2025-02-01", "numerator": "1", "denominator": "0"},
            "denominator",
            "større end nul",
        ),
        ("c", {"period": "2025-02-01", "value": "-2"}, "value", "helt tal"),
        ("run", {"period": "1999-01-01", "value": "1"}, "period", "2000"),
        ("run", {"period": "2099-01-01", "value": "1"}, "period", "fremtiden"),
        ("run", {"period": "31-31-2025", "value": "1"}, "period", ""),
        ("run", {"period": "2025-02-01", "value": ""}, "value", "Skriv en værdi"),
    ],
)
def test_bad_rows_are_reported_per_row_and_nothing_is_saved(
    world, imp, login, chart_type, row, field, message
):
    measure = _measure(imp, chart_type)
    client = login(world.core_a)
    good = (
        {"period": "2025-01-01", "numerator": "1", "denominator": "10"}
        if measure.uses_ratio
        else {"period": "2025-01-01", "value": "1"}
    )
    response = client.post(
        reverse("improvement_measure_data", args=[measure.pk]), _grid(measure, [good, row])
    )
    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert not forms[0].errors
    assert field in forms[1].errors
    assert message in " ".join(forms[1].errors[field])
    assert not measure.data_points.exists()
    assert "intet blev gemt" in response.content.decode()


def test_duplicate_period_in_the_grid_names_the_other_row(world, imp, login):
    client = login(world.core_a)
    measure = _measure(imp, "run", frequency="week")
    response = client.post(
        reverse("improvement_measure_data", args=[measure.pk]),
        _grid(
            measure,
            # 2025-01-06 and 2025-01-08 fall in the same week.
            [{"period": "2025-01-06", "value": "1"}, {"period": "2025-01-08", "value": "2"}],
        ),
    )
    assert response.status_code == 200
    errors = response.context["formset"].forms[1].errors["period"]
    assert "Række 1" in errors[0]
    assert not measure.data_points.exists()


def test_duplicate_of_an_existing_row_is_refused(world, imp, login):
    client = login(world.core_a)
    response = client.post(
        reverse("improvement_measure_data", args=[imp.measure.pk]),
        _grid(
            imp.measure,
            [{"period": "2025-01-20", "value": "9"}],
            existing=[(imp.point, {"period": "2025-01-01", "value": "4"})],
        ),
    )
    assert response.status_code == 200
    assert "period" in response.context["formset"].forms[1].errors
    assert list(imp.measure.data_points.values_list("value", flat=True)) == [4.0]


def test_steering_group_reads_but_cannot_enter_data(world, imp, login):
    client = login(world.steering)
    assert client.get(imp.measure.get_absolute_url()).status_code == 200
    assert client.get(reverse("improvement_measure_data", args=[imp.measure.pk])).status_code == 403


# --- the chart and its reading --------------------------------------------------------------


def _series(measure, values, start=datetime.date(2023, 1, 1)):
    points = []
    for i, value in enumerate(values):
        period = datetime.date(
            start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1
        )
        points.append(DataPoint(measure=measure, period=period, value=value))
    return points


def test_run_chart_without_signal(imp):
    values = [5, 7, 4, 8, 6, 3, 7, 5, 8, 4, 6, 7, 3, 8, 5, 6, 4, 7]
    result = analyse(imp.measure, _series(imp.measure, values))
    assert not result.signal
    assert result.n == 18 and result.centre == 6
    assert result.longest_run_limit == 7  # round(log2(n_useful) + 3) with 15 useful points
    assert "<svg" in result.svg and "Median" in result.svg
    assert result.verdict.startswith("Kun tilfældig variation")
    assert result.variation == "common"


@pytest.mark.parametrize(
    ("direction", "words"),
    [("lower", "Det er en forbedring."), ("higher", "Det er en forværring.")],
)
def test_shift_down_is_improvement_when_lower_is_better(imp, direction, words):
    imp.measure.direction = direction
    # 14 points around 10, then 10 low points in a row: a shift down.
    values = [12, 8, 13, 9, 11, 7, 12, 8, 13, 9, 12, 8, 11, 9, 3, 2, 4, 3, 2, 3, 4, 2, 3, 3]
    result = analyse(imp.measure, _series(imp.measure, values))
    assert result.signal
    assert result.verdict.startswith("Værdierne har ligget markant lavere siden ")
    assert "10 måneder i træk under medianen" in result.verdict
    assert words in result.verdict
    assert result.details[0].startswith(
        "Længste serie: 10 punkter i træk på samme side af medianen"
    )


def test_p_chart_in_percent_with_limits_and_outside_points(imp):
    measure = _measure(imp, "p", direction="higher")
    points = [
        DataPoint(measure=measure, period=datetime.date(2024, m, 1), numerator=n, denominator=50)
        for m, n in zip(range(1, 13), [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 40, 10], strict=True)
    ]
    result = analyse(measure, points)
    assert result.percent and result.has_limits
    assert result.outside == 1
    assert result.rows[10].flagged and result.rows[10].value == 80.0
    assert "Det er en forbedring." in result.verdict
    assert "Punkter uden for kontrolgrænserne: 1." in result.details


def test_empty_series_says_no_data(imp):
    result = analyse(_measure(imp, "i"), [])
    assert result.verdict == (
        "Ingen data endnu, så ingen vurdering: reglerne kræver mindst 12 datapunkter."
    )
    assert result.variation is None and result.assurance is None
    assert "Ingen data" in result.svg


def test_measure_page_shows_chart_analysis_and_data_table(world, imp, login):
    values = [10, 11, 9, 12, 10, 11, 12, 10, 11, 9, 3, 2, 3, 2, 1, 2, 3, 2, 1, 2]
    imp.point.delete()
    for point in _series(imp.measure, values):
        point.save()
    response = login(world.steering).get(imp.measure.get_absolute_url())
    html = response.content.decode()
    assert "<svg" in html
    assert "Længste serie" in html and "Kryds" in html and "Brugbare datapunkter" in html
    assert "Det er en forbedring." in html and "Sådan læses diagrammet" in html
    assert "Særlig variation: forbedring" in html  # the variation icon's words
    assert html.count('<th scope="row">') >= len(values)  # accessible data table


def test_weekly_labels_use_week_numbers(imp):
    measure = _measure(imp, "run", frequency="week")
    point = DataPoint(measure=measure, period=datetime.date(2026, 1, 12), value=1)
    assert analyse(measure, [point]).rows[0].label == "uge 3 2026"


def test_measure_page_queries_do_not_grow_with_points(world, imp, login):
    client = login(world.lead_a)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(imp.measure.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    for point in _series(imp.measure, range(20), start=datetime.date(2005, 1, 1)):
        point.save()
    few = queries()
    for point in _series(imp.measure, range(200), start=datetime.date(2007, 1, 1)):
        point.save()
    assert queries() == few
