"""A measure's chart phases and frozen baseline: the pages, the reading and the callers."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from bass import charts
from improvement import queries
from improvement.analysis import analyse
from improvement.models import DataPoint, Measure, MeasurePhase
from tests.conftest import DEMO_TODAY
from tests.improvement.improvement_world import build

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def imp(world):
    return build(world.specialty_a)


def _months(measure, values, start=datetime.date(2024, 1, 1)):
    """Saved monthly data points from ``start``."""
    for i, value in enumerate(values):
        month = start.month - 1 + i
        DataPoint.objects.create(
            measure=measure,
            period=datetime.date(start.year + month // 12, month % 12 + 1, 1),
            value=value,
        )


def _phase_url(measure):
    return reverse("improvement_measure_phase_create", args=[measure.pk])


def _centre_paths(svg: str) -> list[str]:
    root = ET.fromstring(svg[svg.index("<svg") : svg.index("</svg>") + 6])
    return [p.get("d") for p in root.iter(f"{SVG}path") if p.get("stroke") == charts.CENTRE]


# --- adding, refusing, deleting -------------------------------------------------------------


def test_lead_adds_a_phase_kept_in_history_with_the_user(world, imp, login):
    client = login(world.lead_a)
    response = client.post(
        _phase_url(imp.measure), {"starts_on": "2025-03-17", "title": "Ny triage"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(imp.measure.get_absolute_url() + "#phases")
    phase = MeasurePhase.objects.get(measure=imp.measure)
    # A monthly measure: the phase starts with the month the date falls in.
    assert (phase.starts_on, phase.title) == (datetime.date(2025, 3, 1), "Ny triage")
    row = phase.history.get()
    assert (row.history_type, row.history_user) == ("+", world.lead_a)
    page = client.get(imp.measure.get_absolute_url()).content.decode()
    assert "Ny triage" in page
    assert reverse("improvement_measure_phase_delete", args=[phase.pk]) in page


def test_weekly_phase_starts_on_the_monday(world, imp, login):
    imp.measure.frequency = "week"
    imp.measure.save()
    response = login(world.lead_a).post(
        _phase_url(imp.measure), {"starts_on": "2025-03-13", "title": "Ny tjekliste"}
    )
    assert response.status_code == 302
    assert MeasurePhase.objects.get().starts_on == datetime.date(2025, 3, 10)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"starts_on": "1999-05-01", "title": "For tidligt"}, "starts_on"),
        ({"starts_on": "2025-06-20", "title": "Samme måned"}, "starts_on"),  # duplicate
        ({"starts_on": "2025-08-01", "title": ""}, "title"),
        ({"starts_on": "2025-08-01", "title": "   "}, "title"),
        ({"starts_on": "31-31-2025", "title": "Forkert dato"}, "starts_on"),
        ({"starts_on": "", "title": "Ingen dato"}, "starts_on"),
    ],
)
def test_bad_phase_input_is_refused_and_nothing_saved(world, imp, login, data, field):
    MeasurePhase.objects.create(
        measure=imp.measure, starts_on=datetime.date(2025, 6, 1), title="Første"
    )
    response = login(world.lead_a).post(_phase_url(imp.measure), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert MeasurePhase.objects.count() == 1
    assert 'role="alert"' in response.content.decode()


def test_refusals_are_translated(world, imp, login):
    MeasurePhase.objects.create(
        measure=imp.measure, starts_on=datetime.date(2025, 6, 1), title="Første"
    )
    client = login(world.lead_a)
    with translation.override("da"):
        empty = client.post(_phase_url(imp.measure), {"starts_on": "2025-08-01", "title": ""})
    assert "Dette felt er påkrævet" in " ".join(empty.context["form"].errors["title"])
    with translation.override("da"):
        twice = client.post(_phase_url(imp.measure), {"starts_on": "2025-06-09", "title": "x"})
        early = client.post(_phase_url(imp.measure), {"starts_on": "1999-01-01", "title": "x"})
    assert twice.context["form"].errors["starts_on"] == [
        "Målingen har allerede en fase fra 01.06.2025."
    ]
    assert early.context["form"].errors["starts_on"] == [
        "Angiv en dato mellem 01.01.2000 og 31.12.2100."
    ]


def test_lead_deletes_a_phase_after_confirming(world, imp, login):
    phase = MeasurePhase.objects.create(
        measure=imp.measure, starts_on=datetime.date(2025, 6, 1), title="Ny triage"
    )
    client = login(world.lead_a)
    url = reverse("improvement_measure_phase_delete", args=[phase.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Ny triage" in page.content.decode()
    assert MeasurePhase.objects.exists()  # a GET only asks
    response = client.post(url)
    assert response.status_code == 302
    assert not MeasurePhase.objects.exists()
    deleted = MeasurePhase.history.get(history_type="-")
    assert (deleted.id, deleted.history_user) == (phase.pk, world.lead_a)


@pytest.mark.parametrize("persona", ["core_a", "owner_a", "steering"])
def test_only_the_lead_manages_phases(world, imp, login, persona):
    phase = MeasurePhase.objects.create(
        measure=imp.measure, starts_on=datetime.date(2025, 6, 1), title="Ny triage"
    )
    client = login(getattr(world, persona))
    data = {"starts_on": "2025-09-01", "title": "x"}
    assert client.post(_phase_url(imp.measure), data).status_code == 403
    delete = reverse("improvement_measure_phase_delete", args=[phase.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete).status_code == 403
    assert MeasurePhase.objects.count() == 1
    page = client.get(imp.measure.get_absolute_url()).content.decode()
    assert "Ny triage" in page  # everyone who reads the measure sees its phases
    assert delete not in page and _phase_url(imp.measure) not in page


# --- the baseline on the measure form -------------------------------------------------------


def _measure_data(measure, **changes):
    data = {
        "name": measure.name,
        "kind": measure.kind,
        "operational_definition": measure.operational_definition,
        "direction": measure.direction,
        "frequency": measure.frequency,
        "chart_type": measure.chart_type,
        "base_version": measure.version,
        "baseline_points": "",
    }
    return {**data, **changes}


@pytest.mark.parametrize("bad", ["3", "0", "-8", "1001", "tolv"])
def test_too_short_or_odd_baseline_is_refused(world, imp, login, bad):
    url = reverse("improvement_measure_update", args=[imp.measure.pk])
    response = login(world.lead_a).post(url, _measure_data(imp.measure, baseline_points=bad))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["baseline_points"]
    imp.measure.refresh_from_db()
    assert imp.measure.baseline_points is None and imp.measure.version == 1


def test_lead_freezes_the_baseline_with_history(world, imp, login):
    url = reverse("improvement_measure_update", args=[imp.measure.pk])
    response = login(world.lead_a).post(url, _measure_data(imp.measure, baseline_points="12"))
    assert response.status_code == 302
    imp.measure.refresh_from_db()
    assert imp.measure.baseline_points == 12
    latest = imp.measure.history.first()
    assert (latest.baseline_points, latest.history_user) == (12, world.lead_a)


# --- the chart and its reading --------------------------------------------------------------


def test_measure_page_draws_two_centre_lines_and_a_phase_column(world, imp, login):
    imp.point.delete()
    measure = imp.measure
    measure.chart_type = "i"
    measure.save()
    _months(measure, [10, 12, 11, 13, 9, 11, 10, 12, 11, 10, 30, 32, 31, 33, 30, 31, 32, 30])
    MeasurePhase.objects.create(
        measure=measure, starts_on=datetime.date(2024, 11, 1), title="Ny triage"
    )
    response = login(world.steering).get(measure.get_absolute_url())
    analysis = response.context["analysis"]
    (centre,) = _centre_paths(analysis.svg)
    assert centre.count("M") == 2  # one centre line per phase
    assert [p.label for p in analysis.phases][1] == "Ny triage"
    assert analysis.phases[1].start_label == analysis.rows[10].label
    assert analysis.phases[0].centre == pytest.approx(10.9)
    assert analysis.phases[1].centre == pytest.approx(31.125)
    assert [r.phase for r in analysis.rows].count("Ny triage") == 8
    assert analysis.rows[0].centre == pytest.approx(10.9)
    assert analysis.rows[17].centre == pytest.approx(31.125)
    # The jump itself is no signal: each phase is read around its own centre line.
    assert not analysis.signal
    html = response.content.decode()
    assert html.count('class="phase"') == 1
    assert "Ny triage" in html


def _analysis(chart_type, values, phases=(), baseline=None, **extra):
    measure = Measure(
        name="Ventetid",
        kind="outcome",
        operational_definition="x",
        direction="lower",
        frequency="month",
        chart_type=chart_type,
        baseline_points=baseline,
    )
    points = []
    for i, value in enumerate(values):
        period = datetime.date(2024 + i // 12, i % 12 + 1, 1)
        if chart_type in {"p", "u"}:
            points.append(DataPoint(period=period, numerator=value, denominator=extra["n"]))
        else:
            points.append(DataPoint(period=period, value=value))
    phases = [MeasurePhase(starts_on=day, title=title) for day, title in phases]
    with translation.override("en"):
        return analyse(measure, points, phases=phases)


def test_verdict_reads_the_last_phase_and_says_the_baseline_is_frozen():
    first = [12, 8, 13, 9, 11, 7, 12, 8, 13, 9, 12, 8]  # random around 10
    later = [5, 6, 4, 5, 6, 5, 4, 6, 5, 4, 6, 5, 5, 4]  # random around 5
    result = _analysis("i", first + later, [(datetime.date(2025, 1, 1), "Ny triage")], 12)
    assert result.verdict.startswith("Current phase, from ")
    assert "(Ny triage)" in result.verdict
    assert "Only common cause variation" in result.verdict
    assert "frozen after the first 12 points of the phase" in result.verdict
    assert result.frozen and result.n_phase == 14 and result.n == 26
    # Without the phase, the drop is a signal of improvement over the whole chart.
    whole = _analysis("i", first + later, baseline=12)
    assert whole.signal and "That is an improvement." in whole.verdict
    assert "The centre line is frozen after the first 12 points." in whole.verdict


def test_frozen_baseline_flags_a_later_point_on_the_page_reading():
    values = [10, 12, 11, 13, 9, 11, 10, 12, 11, 12, 10, 17]
    frozen = _analysis("i", values, baseline=8)
    assert frozen.outside == 1 and frozen.rows[11].flagged
    assert frozen.rows[11].ucl == pytest.approx(16.32)
    assert frozen.rows[0].centre == pytest.approx(11)
    assert _analysis("i", values).outside == 0


def test_baseline_not_reached_yet_is_said():
    result = _analysis("run", [3, 4, 5, 4, 3], baseline=12)
    assert not result.frozen
    assert "will be frozen after 12 points (5 so far)" in result.verdict


def test_p_chart_phases_read_in_percent():
    result = _analysis(
        "p", [2, 3, 1, 2, 6, 7, 5, 6], [(datetime.date(2024, 5, 1), "Tjekliste")], n=10
    )
    assert [p.centre for p in result.phases] == [pytest.approx(20), pytest.approx(60)]
    assert result.centre == pytest.approx(60)
    assert [r.centre for r in result.rows] == pytest.approx([20.0] * 4 + [60.0] * 4)


def test_phases_before_or_after_the_data_do_not_split_it():
    values = [5, 7, 4, 8, 6, 3, 7, 5, 8, 4, 6, 7]
    result = _analysis(
        "run",
        values,
        [(datetime.date(2020, 1, 1), "Før data"), (datetime.date(2030, 1, 1), "Planlagt")],
    )
    assert not result.has_phases
    assert all(r.phase == "" for r in result.rows)
    # Two of the twelve lie on the median: 10 useful points, two short of a verdict.
    assert result.verdict == (
        "Only 10 useful data points so far: a verdict needs at least 12 (2 more)."
    )
    assert 'class="phase"' not in result.svg


def test_two_changes_in_one_month_share_a_divider():
    result = _analysis(
        "run",
        list(range(12)),
        [(datetime.date(2024, 6, 1), "A"), (datetime.date(2024, 6, 1), "B")],
    )
    assert [p.label for p in result.phases] == ["Before the first change", "A / B"]
    assert result.svg.count('class="phase"') == 1


# --- every caller passes the phases with a constant number of queries ------------------------


def _add_measure_with_phases(project, name, phases):
    measure = Measure.objects.create(
        project=project,
        name=name,
        kind="process",
        operational_definition="x",
        direction="higher",
        chart_type="c",
        baseline_points=8,
    )
    _months(measure, range(20))
    for k in range(phases):
        MeasurePhase.objects.create(
            measure=measure, starts_on=datetime.date(2024, 3 + 2 * k, 1), title=f"Fase {k}"
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_project_and_measure_pages_cost_the_same_with_more_phases(world, imp, login):
    client = login(world.lead_a)
    project_url = imp.project.get_absolute_url()
    client.get(project_url)  # warm the content-type cache and the session
    before = (_count(client, project_url), _count(client, imp.measure.get_absolute_url()))
    for n in range(3):
        _add_measure_with_phases(imp.project, f"Måling {n}", phases=n + 2)
    MeasurePhase.objects.create(
        measure=imp.measure, starts_on=datetime.date(2024, 6, 1), title="Ny"
    )
    after = (_count(client, project_url), _count(client, imp.measure.get_absolute_url()))
    assert after == before


def test_miniguide_reads_phases_in_constant_queries(world, imp):
    from programme.miniguide import _improvement

    def count():
        with CaptureQueriesContext(connection) as ctx:
            sections = _improvement(world.specialty_a)
        return len(ctx.captured_queries), sections

    few, _sections = count()
    for n in range(3):
        _add_measure_with_phases(imp.project, f"Måling {n}", phases=2)
    many, sections = count()
    assert many == few
    analyses = [m["analysis"] for m in sections[0]["measures"]]
    assert sum(a.has_phases for a in analyses) == 3


def test_dashboard_signals_follow_phases_and_baseline(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_improvement_demo", stdout=io.StringIO(), today=DEMO_TODAY)
    from specialties.models import Specialty

    kardiologi = Specialty.objects.get(slug="kardiologi")
    measure = Measure.objects.get()

    def signals():
        return queries.activity_by_specialty([kardiologi], on=DEMO_TODAY)[kardiologi.pk].signals

    assert [s.better for s in signals()] == [True]  # the demo's drop after 15 months
    # A new phase from the drop: the current phase has its own level and no signal, and
    # the cached answer must not survive the change.
    periods = list(measure.data_points.order_by("period").values_list("period", flat=True))
    phase = MeasurePhase.objects.create(measure=measure, starts_on=periods[15], title="Tjekliste")
    assert signals() == []
    phase.delete()
    assert [s.better for s in signals()] == [True]
    before = queries._fingerprint()
    measure.baseline_points = 8
    measure.save()
    assert queries._fingerprint() != before
