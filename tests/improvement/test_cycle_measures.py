"""PDSA cycles name the measures they aim to move, with a predicted value each: the Plan
step takes the predictions (Danish decimal comma), Study and the cycle page put the result
of the cycle's period beside them, and only linked cycles are marked on a measure's chart."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement.analysis import analyse
from improvement.exports import project_report_context
from improvement.models import CycleMeasure, DataPoint, Measure, PDSACycle
from tests.improvement.improvement_world import build


@pytest.fixture
def imp(world):
    imp = build(world.specialty_a)
    imp.cycle.planned_start = datetime.date(2025, 2, 10)
    imp.cycle.planned_end = datetime.date(2025, 4, 20)
    imp.cycle.save()
    imp.other = Measure.objects.create(
        project=imp.project,
        name="Opkald gennemført",
        kind="process",
        operational_definition="x",
        unit="%",
        direction="higher",
        chart_type="run",
    )
    # Genindlæggelser: January (the world's point), then February-April 6, 2, 7.
    for month, value in ((2, 6), (3, 2), (4, 7), (6, 1)):
        DataPoint.objects.create(
            measure=imp.measure, period=datetime.date(2025, month, 1), value=value
        )
    return imp


def _plan(imp, **extra):
    data = {
        "title": imp.cycle.title,
        "objective": imp.cycle.objective,
        "planned_start": "2025-02-10",
        "planned_end": "2025-04-20",
        "base_version": imp.cycle.version,
    }
    data.update(extra)
    return data


def test_plan_names_measures_with_a_danish_decimal_prediction(world, imp, login):
    client = login(world.core_a)
    url = reverse("improvement_pdsa_update", args=[imp.cycle.pk])
    html = client.get(url).content.decode()
    assert f'name="predict_{imp.measure.pk}"' in html and "Forudsagt værdi: Genindlæggelser" in html
    response = client.post(url, _plan(imp, **{f"predict_{imp.measure.pk}": "3,5"}))
    assert response.status_code == 302
    link = CycleMeasure.objects.get()
    assert (link.cycle, link.measure, link.predicted_value) == (
        imp.cycle,
        imp.measure,
        Decimal("3.5"),
    )
    assert link.history.get().history_user == world.core_a
    # Changed, then removed: each a history row with its user.
    imp.cycle.refresh_from_db()
    client.post(url, _plan(imp, **{f"predict_{imp.measure.pk}": "1.234,5"}))
    link.refresh_from_db()
    assert link.predicted_value == Decimal("1234.5")
    imp.cycle.refresh_from_db()
    client.post(url, _plan(imp))
    assert not CycleMeasure.objects.exists()
    history = CycleMeasure.history.order_by("history_id")
    assert [h.history_type for h in history] == ["+", "~", "-"]
    assert {h.history_user for h in history} == {world.core_a}


def test_bad_predictions_are_danish_form_errors_and_change_nothing(world, imp, login):
    client = login(world.core_a)
    url = reverse("improvement_pdsa_update", args=[imp.cycle.pk])
    for field, value, words in (
        (imp.measure.pk, "tolv", "Skriv et tal"),
        (imp.other.pk, "120", "mellem 0 og 100"),
        (imp.measure.pk, "1e12", "for stor"),
    ):
        response = client.post(url, _plan(imp, **{f"predict_{field}": value}))
        assert response.status_code == 200
        assert words in " ".join(response.context["form"].errors[f"predict_{field}"])
    assert not CycleMeasure.objects.exists()


def test_a_measure_of_another_project_is_refused(world, imp):
    other = build(world.specialty_b)
    link = CycleMeasure(cycle=imp.cycle, measure=other.measure, predicted_value=2)
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "Målingen skal høre til cyklussens forbedringsprojekt." in str(error.value)
    CycleMeasure.objects.create(cycle=imp.cycle, measure=imp.measure, predicted_value=2)
    with pytest.raises(ValidationError) as error:
        CycleMeasure(cycle=imp.cycle, measure=imp.measure, predicted_value=3).full_clean()
    assert "Cyklussen nævner allerede denne måling." in str(error.value)


def test_study_and_the_cycle_page_put_the_result_beside_the_prediction(world, imp, login):
    CycleMeasure.objects.create(cycle=imp.cycle, measure=imp.measure, predicted_value="4.5")
    CycleMeasure.objects.create(cycle=imp.cycle, measure=imp.other, predicted_value=80)
    client = login(world.core_a)
    for url in (
        imp.cycle.get_absolute_url(),
        reverse("improvement_pdsa_update", args=[imp.cycle.pk]),
    ):
        html = client.get(url).content.decode()
        row = html.split(">Genindlæggelser</a></th>")[1].split("</tr>")[0]
        # February, March, April: 6, 2, 7 -> median 6; prediction 4,5.
        assert "4,5 antal" in row and "6 antal" in row
        assert "median af målinger i cyklussens periode (3 målinger)" in row
        row = html.split(">Opkald gennemført</a></th>")[1].split("</tr>")[0]
        assert "80 %" in row and "ingen målinger i perioden" in row


def test_only_linked_cycles_are_marked_on_a_measures_chart(world, imp, login):
    unlinked = PDSACycle.objects.create(
        change_idea=imp.idea,
        title="Ikke koblet",
        objective="x",
        planned_start=datetime.date(2025, 3, 1),
        planned_end=datetime.date(2025, 3, 20),
    )
    CycleMeasure.objects.create(cycle=imp.cycle, measure=imp.measure, predicted_value=4)
    client = login(world.lead_a)
    charts = dict(client.get(imp.project.get_absolute_url()).context["charts"])
    marks = [m.label for m in charts[imp.measure].marks if m.kind == "cycle"]
    assert len(marks) == 1 and imp.cycle.title in marks[0]
    assert not [m for m in charts[imp.other].marks if m.kind == "cycle"]
    analysis = client.get(imp.measure.get_absolute_url()).context["analysis"]
    assert [m.label for m in analysis.marks if m.kind == "cycle"] == marks
    report = project_report_context(imp.project, "da")
    by_name = {item["measure"].name: item["analysis"] for item in report["measures"]}
    assert [m.label for m in by_name["Genindlæggelser"].marks if m.kind == "cycle"] == marks
    assert not by_name["Opkald gennemført"].has_cycles
    cycle = next(c for c in report["cycles"] if c.pk == imp.cycle.pk)
    assert cycle.prediction_rows[0].result == 6
    assert not next(c for c in report["cycles"] if c.pk == unlinked.pk).prediction_rows
    assert "Ikke koblet" not in analyse(imp.measure, [], [imp.cycle]).svg


def _add_cycles(imp, count):
    for n in range(count):
        cycle = PDSACycle.objects.create(
            change_idea=imp.idea,
            title=f"Cyklus {n}",
            objective="x",
            planned_start=datetime.date(2025, 2, 1),
            planned_end=datetime.date(2025, 3, 1),
        )
        CycleMeasure.objects.create(cycle=cycle, measure=imp.measure, predicted_value=n)
        CycleMeasure.objects.create(cycle=cycle, measure=imp.other, predicted_value=n)


def test_project_and_cycle_pages_keep_their_queries_as_cycles_double(world, imp, login):
    client = login(world.lead_a)
    CycleMeasure.objects.create(cycle=imp.cycle, measure=imp.measure, predicted_value=4)
    CycleMeasure.objects.create(cycle=imp.cycle, measure=imp.other, predicted_value=4)
    urls = [imp.project.get_absolute_url(), imp.cycle.get_absolute_url()]

    def counts():
        result = []
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    _add_cycles(imp, 3)
    before = counts()
    _add_cycles(imp, 4)
    assert counts() == before


def test_the_demos_link_their_cycles_to_measures_with_predictions(db, client):
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from tests.conftest import DEMO_TODAY

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_cluster_demo", stdout=io.StringIO())
    call_command("load_improvement_demo", stdout=io.StringIO(), today=DEMO_TODAY)
    assert CycleMeasure.objects.count() == PDSACycle.objects.count() == 4
    assert {link.cycle.change_idea.project_id for link in CycleMeasure.objects.all()} == {
        link.measure.project_id for link in CycleMeasure.objects.all()
    }
    assert CycleMeasure.history.filter(history_user__username="system").count() == 4
    client.force_login(get_user_model().objects.get(username="implementering"))
    cycle = PDSACycle.objects.get(title="Tjekliste på ét afsnit i to uger")
    html = client.get(cycle.get_absolute_url()).content.decode()
    assert "19 %" in html and "median af målinger i cyklussens periode" in html


def test_the_next_cycle_copies_the_predictions(world, imp, login):
    CycleMeasure.objects.create(cycle=imp.cycle, measure=imp.measure, predicted_value="4.5")
    client = login(world.core_a)
    url = reverse("improvement_pdsa_next", args=[imp.cycle.pk])
    form = client.get(url).context["form"]
    assert form[f"predict_{imp.measure.pk}"].value() == "4,5"
    assert form[f"predict_{imp.other.pk}"].value() is None
    response = client.post(
        url,
        {
            "title": "Næste",
            "objective": "x",
            "planned_start": "2025-05-01",
            "planned_end": "2025-05-20",
            "once_token": form["once_token"].value(),
            f"predict_{imp.measure.pk}": "4,5",
        },
    )
    assert response.status_code == 302
    new = PDSACycle.objects.get(title="Næste")
    assert new.measure_links.get().predicted_value == Decimal("4.5")
