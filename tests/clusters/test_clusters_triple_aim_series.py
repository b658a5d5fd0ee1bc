"""Triple-aim monitoring as dated series (issue 19, point 7): a target and a desired
direction per dimension, dated values added and deleted by whoever may change the measure,
the series drawn with the shared chart renderer, numbers in Danish format."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.models import TripleAimMeasure, TripleAimValue
from tests.conftest import assign, make_user


@pytest.fixture
def keeper(cw):
    """The chair of the theme committee that proposed initiative A: may change its measures."""
    user = make_user("temaformand")
    assign(user, "forum_chair", cw.a.theme)
    return user


def _measure(cw, dimension="population_health") -> TripleAimMeasure:
    return cw.a.initiative.triple_aim.get(dimension=dimension)


def _post_value(client, measure, date, value, note=""):
    return client.post(
        reverse("triple_aim_value_create", args=[measure.pk]),
        {"date": date, "value": value, "note": note},
    )


def _series(measure, *values):
    for month, value in enumerate(values, start=1):
        TripleAimValue.objects.create(
            measure=measure, date=datetime.date(2025, month, 1), value=Decimal(value)
        )


def test_a_value_with_a_danish_decimal_is_added_and_in_history(cw, login, keeper):
    measure = _measure(cw)
    response = _post_value(login(keeper), measure, "2025-03-31", "12,5", "Første måling")
    assert response.status_code == 302
    assert response["Location"].endswith("#maal-population_health")
    value = TripleAimValue.objects.get(measure=measure)
    assert value.value == Decimal("12.5")
    assert value.date == datetime.date(2025, 3, 31)
    record = value.history.get()
    assert record.history_type == "+"
    assert record.history_user == keeper
    # Thousands with points and a decimal comma, and a plain decimal point, both read right.
    _post_value(login(keeper), measure, "2025-04-30", "1.234,5")
    _post_value(login(keeper), measure, "2025-05-31", "12.5")
    assert list(measure.series.values_list("value", flat=True)) == [
        Decimal("12.5"),
        Decimal("1234.5"),
        Decimal("12.5"),
    ]


def test_a_second_value_on_the_same_date_is_refused_in_danish(cw, login, keeper):
    measure = _measure(cw)
    TripleAimValue.objects.create(measure=measure, date=datetime.date(2025, 3, 31), value=10)
    response = _post_value(login(keeper), measure, "2025-03-31", "11")
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [
        "Målet har allerede en værdi for denne dato."
    ]
    assert "Målet har allerede en værdi for denne dato." in response.content.decode()
    assert list(measure.series.values_list("value", flat=True)) == [Decimal("10")]


def test_bad_numbers_are_refused_in_danish_and_nothing_is_saved(cw, login, keeper):
    measure = _measure(cw)
    response = _post_value(login(keeper), measure, "2025-03-31", "tolv")
    assert response.status_code == 200
    assert response.context["form"].errors["value"] == ["Skriv et tal, fx 12 eller 12,5."]
    for bad in ["NaN", "Infinity", "1e400", "12,345", "1" * 20, "", "1,2,3"]:
        response = _post_value(login(keeper), measure, "2025-03-31", bad)
        assert response.status_code == 200, bad
        assert response.context["form"].errors["value"], bad
    response = _post_value(login(keeper), measure, "1025-03-31", "12")
    assert response.status_code == 200 and response.context["form"].errors["date"]
    assert not TripleAimValue.objects.exists()


def test_someone_who_may_not_change_the_measure_gets_403_and_nothing_changes(cw, login):
    measure = _measure(cw)
    value = TripleAimValue.objects.create(measure=measure, date=datetime.date(2025, 1, 1), value=10)
    # lead_a is a member of another forum of cluster A: sees the initiative, may not change it.
    client = login(cw.world.lead_a)
    assert client.get(cw.a.initiative.get_absolute_url()).status_code == 200
    assert _post_value(client, measure, "2025-03-31", "12,5").status_code == 403
    delete = reverse("triple_aim_value_delete", args=[value.pk])
    assert client.post(delete).status_code == 403
    # owner_b belongs to another cluster: the measure does not exist for them.
    assert _post_value(login(cw.world.owner_b), measure, "2025-03-31", "1").status_code == 404
    assert list(TripleAimValue.objects.values_list("pk", "value")) == [(value.pk, Decimal("10"))]
    assert value.history.count() == 1


def test_a_value_is_deleted_after_confirmation_and_the_deletion_is_in_history(cw, login, keeper):
    measure = _measure(cw)
    value = TripleAimValue.objects.create(
        measure=measure, date=datetime.date(2025, 1, 15), value=Decimal("1234.5")
    )
    client = login(keeper)
    url = reverse("triple_aim_value_delete", args=[value.pk])
    confirm = client.get(url).content.decode()
    assert "1.234,5" in confirm and "15.01.2025" in confirm
    assert TripleAimValue.objects.filter(pk=value.pk).exists()
    assert client.post(url).status_code == 302
    assert not TripleAimValue.objects.filter(pk=value.pk).exists()
    record = TripleAimValue.history.filter(id=value.pk).latest("history_date")
    assert record.history_type == "-"
    assert record.history_user == keeper


def test_the_page_draws_the_series_with_its_target_in_danish_numbers(cw, login, keeper):
    cost = _measure(cw, "cost_per_capita")
    cost.indicator = "Udgift pr. borger"
    cost.unit = "kr."
    cost.baseline = Decimal("4850")
    cost.target = Decimal("4000.5")
    cost.save()
    _series(cost, "4850", "4620.5", "4410.25")
    page = login(keeper).get(cw.a.initiative.get_absolute_url()).content.decode()
    section = page[page.index('id="maal-cost_per_capita"') :]
    section = section[: section.index("</section>")]
    assert "<svg" in section and 'role="img"' in section
    assert "<title" in section and "Udgift pr. borger" in section
    assert 'stroke-dasharray="2 3"' in section  # the target line
    assert "Mål 4.000,5" in section
    assert "januar 2025" in section and "marts 2025" in section
    # Latest is the newest dated value; the change is from the baseline, Danish format.
    assert "4.410,25" in section
    assert "-439,75" in section
    # Lower is better for cost per capita, said in words.
    assert "Lavere er bedre" in section
    assert "Bevæger sig i den ønskede retning." in section
    assert "Målet er ikke nået endnu." in section
    # Whoever may change it gets the form with a one-time token and the delete links.
    assert 'name="once_token"' in section
    assert reverse("triple_aim_value_delete", args=[cost.series.last().pk]) in section


def test_without_values_the_stored_latest_is_shown_and_an_empty_state(cw, login):
    health = _measure(cw)
    health.baseline = Decimal("80")
    health.latest = Decimal("78.5")
    health.target = Decimal("90")
    health.save()
    page = login(cw.world.lead_a).get(cw.a.initiative.get_absolute_url()).content.decode()
    section = page[page.index('id="maal-population_health"') :]
    section = section[: section.index("</section>")]
    assert "<svg" not in section
    assert "Ingen daterede værdier endnu." in section
    assert "78,5" in section and "-1,5" in section
    assert "Bevæger sig i den forkerte retning." in section
    # lead_a may not change the measure: no form, no delete link.
    assert "once_token" not in section
    assert "/slet/" not in section


def test_the_wrong_direction_is_said_in_words_for_higher_is_better(cw):
    from clusters.triple_aim import summarise

    health = _measure(cw)
    health.target = Decimal("50")
    health.save()
    _series(health, "60", "55")  # no baseline: the first value is the start
    summary = summarise(TripleAimMeasure.objects.prefetch_related("series").get(pk=health.pk))
    assert summary.latest == Decimal("55")
    assert summary.direction_text == "Højere er bedre"
    assert summary.verdict == "Bevæger sig i den forkerte retning. Målet er nået."
    assert summary.change_text == "–"  # no baseline, no change since it


def test_the_initiative_page_costs_the_same_queries_as_the_values_double(cw, login, keeper):
    client = login(keeper)
    url = cw.a.initiative.get_absolute_url()
    measures = list(cw.a.initiative.triple_aim.all())

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for measure in measures:
        _series(measure, "1", "2", "3")
    client.get(url)  # warm per-session lookups
    few = queries()
    for measure in measures:
        for month in range(4, 10):
            TripleAimValue.objects.create(
                measure=measure, date=datetime.date(2025, month, 1), value=month
            )
    assert queries() == few


def test_target_and_direction_are_edited_in_the_formset(cw, login):
    admin_like = make_user("temasekretaer")
    assign(admin_like, "forum_chair", cw.a.theme)
    initiative = cw.a.initiative
    client = login(admin_like)
    data = {
        "title": initiative.title, "description": "", "target_group": "", "participants": "",
        "status": "active", "base_version": initiative.version,
        "triple-TOTAL_FORMS": "3", "triple-INITIAL_FORMS": "3",
        "triple-MIN_NUM_FORMS": "0", "triple-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    measures = list(initiative.triple_aim.all())
    for index, measure in enumerate(measures):
        data[f"triple-{index}-id"] = measure.pk
        data[f"triple-{index}-target"] = "12,5"
        data[f"triple-{index}-direction"] = "lower" if index == 0 else ""
    response = client.post(reverse("initiative_update", args=[initiative.pk]), data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    first = TripleAimMeasure.objects.get(pk=measures[0].pk)
    assert first.target == Decimal("12.5")
    assert first.desired_direction == "lower"
    assert first.history.first().history_user == admin_like
    defaults = {
        m.dimension: m.desired_direction
        for m in TripleAimMeasure.objects.filter(pk__in=[m.pk for m in measures[1:]])
    }
    expected = {"population_health": "higher", "experienced_quality": "higher",
                "cost_per_capita": "lower"}  # fmt: skip
    assert all(expected[d] == v for d, v in defaults.items())


def test_the_creating_form_sent_twice_saves_once(cw, login, keeper):
    from bass.forms import new_once_token

    measure = _measure(cw)
    client = login(keeper)
    url = reverse("triple_aim_value_create", args=[measure.pk])
    data = {"date": "2025-03-31", "value": "7", "once_token": new_once_token()}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert TripleAimValue.objects.filter(measure=measure).count() == 1
