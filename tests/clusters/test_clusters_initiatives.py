from django.urls import reverse

from clusters.models import Initiative, InitiativeStatus, TripleAimMeasure
from tests.conftest import assign, make_user


def _three(cw):
    first = cw.a.initiative  # "Basal palliation"
    second = Initiative.objects.create(
        cluster=cw.a.cluster, proposed_by=cw.a.theme, title="Rekruttering til rehabilitering"
    )
    third = Initiative.objects.create(
        cluster=cw.a.cluster, proposed_by=cw.a.theme, title="Den forebyggende udskrivelse"
    )
    return first, second, third


def test_an_initiative_has_the_three_triple_aim_measures(cw):
    dimensions = set(cw.a.initiative.triple_aim.values_list("dimension", flat=True))
    assert dimensions == {"population_health", "experienced_quality", "cost_per_capita"}


def test_the_forum_ranks_initiatives_and_the_decision_goes_into_history(cw, login):
    first, second, third = _three(cw)
    client = login(cw.world.owner_a)  # chair of the strategic forum
    url = reverse("prioritisation", args=[cw.a.forum.pk])
    response = client.post(
        url,
        {
            f"rank_{first.pk}": "1",
            f"rank_{second.pk}": "3",
            f"rank_{third.pk}": "2",
            "decision": "Indstilles til Det Nationale Ledelsesprogram",
            "meeting": cw.a.meeting.pk,
        },
    )
    assert response.status_code == 302
    ranked = list(Initiative.objects.filter(cluster=cw.a.cluster).order_by("priority_rank"))
    assert ranked == [first, third, second]
    assert {i.status for i in ranked} == {InitiativeStatus.PRIORITISED}
    assert {i.decided_at_id for i in ranked} == {cw.a.meeting.pk}
    record = third.history.first()
    assert record.history_user == cw.world.owner_a
    assert record.history_change_reason.startswith("Prioriteret som nr. 2")
    page = login(cw.world.core_a).get(third.get_absolute_url()).content.decode()
    assert "Indstilles til Det Nationale Ledelsesprogram" in page


def test_a_ranking_that_repeats_or_skips_a_rank_is_refused(cw, login):
    first, second, third = _three(cw)
    client = login(cw.world.owner_a)
    url = reverse("prioritisation", args=[cw.a.forum.pk])
    for ranks in [("1", "1", "2"), ("1", "2", "4"), ("1", "", "2"), ("0", "1", "2")]:
        data = {f"rank_{i.pk}": r for i, r in zip((first, second, third), ranks, strict=True)}
        response = client.post(url, {**data, "decision": "x"})
        assert response.status_code == 200, ranks
        assert response.context["form"].errors
    assert not Initiative.objects.filter(status=InitiativeStatus.PRIORITISED).exists()
    assert not Initiative.objects.exclude(priority_rank=None).exists()


def test_moving_changes_nothing_until_the_decision_is_recorded(cw, login):
    first, second, third = _three(cw)
    client = login(cw.world.owner_a)
    url = reverse("prioritisation", args=[cw.a.forum.pk])
    response = client.post(url, {"move": second.pk, "direction": "up"})
    # Unranked proposals start in title order: Basal, Den forebyggende, Rekruttering.
    assert not Initiative.objects.exclude(priority_rank=None).exists()
    page = client.get(response["Location"])
    assert [i.title for i in page.context["initiatives"]] == [
        "Basal palliation",
        "Rekruttering til rehabilitering",
        "Den forebyggende udskrivelse",
    ]
    form = page.context["form"]
    assert [form[f"rank_{i.pk}"].initial for i in (first, second, third)] == [1, 2, 3]
    # Without the meeting the decision belongs to, nothing is recorded either.
    data = {f"rank_{first.pk}": "1", f"rank_{second.pk}": "2", f"rank_{third.pk}": "3"}
    response = client.post(url, {**data, "decision": "Ny rækkefølge"})
    assert response.status_code == 200 and "meeting" in response.context["form"].errors
    assert not Initiative.objects.exclude(priority_rank=None).exists()
    response = client.post(url, {**data, "decision": "Ny rækkefølge", "meeting": cw.a.meeting.pk})
    assert response.status_code == 302
    client.post(url, {"move": "not a number", "direction": "up"})
    response = client.get(url)
    assert [i.title for i in response.context["initiatives"]][0] == "Basal palliation"


def test_reranking_swaps_ranks_without_two_at_one_rank(cw, login):
    first, second, third = _three(cw)
    client = login(cw.world.owner_a)
    url = reverse("prioritisation", args=[cw.a.forum.pk])
    base = {"decision": "Første prioritering", "meeting": cw.a.meeting.pk}
    ranks = {first: "1", second: "2", third: "3"}
    client.post(url, {**base, **{f"rank_{i.pk}": r for i, r in ranks.items()}})
    # An active initiative keeps its rank; the swap of 1 and 3 goes through.
    first.refresh_from_db()
    first.status = InitiativeStatus.ACTIVE
    first.save()
    swapped = {first: "3", second: "2", third: "1"}
    response = client.post(url, {**base, **{f"rank_{i.pk}": r for i, r in swapped.items()}})
    assert response.status_code == 302
    ranks = dict(
        Initiative.objects.filter(cluster=cw.a.cluster).values_list("title", "priority_rank")
    )
    assert ranks == {
        "Basal palliation": 3,
        "Rekruttering til rehabilitering": 2,
        "Den forebyggende udskrivelse": 1,
    }
    first.refresh_from_db()
    assert first.status == InitiativeStatus.ACTIVE
    assert first.history.first().priority_rank == 3
    assert first.history.all()[1].priority_rank == 1  # no cleared rank in history


def test_the_database_refuses_two_initiatives_at_one_rank(cw):
    import pytest
    from django.db import IntegrityError, transaction

    first, second, _third = _three(cw)
    first.priority_rank = 1
    first.save()
    second.priority_rank = 1
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_a_theme_committee_chair_proposes_and_follows_the_triple_aim(cw, login):
    chair = make_user("temaformand")
    assign(chair, "forum_chair", cw.a.theme)
    client = login(chair)
    response = client.post(
        reverse("initiative_create", args=[cw.a.theme.pk]),
        {"title": "Sårbehandling", "description": "<p>Fælles sårbehandling</p>",
         "target_group": "Borgere med kroniske sår", "participants": "", "status": "proposed"},
    )  # fmt: skip
    assert response.status_code == 302
    initiative = Initiative.objects.get(title="Sårbehandling")
    measures = {m.dimension: m for m in initiative.triple_aim.all()}
    data = {
        "title": "Sårbehandling", "description": "", "target_group": "", "participants": "",
        "status": "active", "base_version": initiative.version,
        "triple-TOTAL_FORMS": "3", "triple-INITIAL_FORMS": "3",
        "triple-MIN_NUM_FORMS": "0", "triple-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for index, measure in enumerate(initiative.triple_aim.all()):
        data[f"triple-{index}-id"] = measure.pk
        data[f"triple-{index}-indicator"] = f"Indikator {measure.dimension}"
        data[f"triple-{index}-baseline"] = "10"
        data[f"triple-{index}-latest"] = "7.5" if measure.dimension == "cost_per_capita" else ""
    response = client.post(reverse("initiative_update", args=[initiative.pk]), data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    cost = TripleAimMeasure.objects.get(pk=measures["cost_per_capita"].pk)
    assert str(cost.latest) == "7.50"
    assert cost.change == -2.5
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Indikator population_health" in page
    # Order of the triple aim on the page: population health first, cost last.
    assert page.index("Indikator population_health") < page.index("Indikator cost_per_capita")
