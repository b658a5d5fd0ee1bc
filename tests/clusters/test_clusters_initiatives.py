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


def test_moving_up_and_down_renumbers_the_list(cw, login):
    first, second, third = _three(cw)
    client = login(cw.world.owner_a)
    url = reverse("prioritisation", args=[cw.a.forum.pk])
    client.post(url, {"move": second.pk, "direction": "up"})
    order = list(
        Initiative.objects.filter(cluster=cw.a.cluster)
        .order_by("priority_rank")
        .values_list("title", "priority_rank")
    )
    # Unranked proposals start in title order: Basal, Den forebyggende, Rekruttering.
    assert order == [
        ("Basal palliation", 1),
        ("Rekruttering til rehabilitering", 2),
        ("Den forebyggende udskrivelse", 3),
    ]
    client.post(url, {"move": "not a number", "direction": "up"})
    response = client.get(url)
    assert [i.title for i in response.context["initiatives"]][0] == "Basal palliation"


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
