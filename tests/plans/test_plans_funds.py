"""Transition funds, spending and centre support: Danish amounts, balances, permissions."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans.forms import parse_amount
from plans.models import CentreSupport, Grant, Spending
from tests.conftest import assign
from tests.plans.plans_factories import grant, milestone, plan_for


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.250.000,50", Decimal("1250000.50")),
        ("1250000,5", Decimal("1250000.5")),
        ("1 250 000 kr.", Decimal("1250000")),
        ("1.250", Decimal("1250")),
        ("1250.75", Decimal("1250.75")),
        ("12,5", Decimal("12.5")),
    ],
)
def test_amounts_are_read_the_danish_way(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize("text", ["abc", "1,2,3", "NaN", "inf", ""])
def test_non_numeric_amounts_are_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def _grant_url(world):
    return reverse("plans_grant_create", args=[world.specialty_a.slug])


def test_the_steering_group_grants_funds_typed_the_danish_way(world, login):
    plan = plan_for(world.specialty_a)
    target = milestone(plan, "Telemedicin")
    response = login(world.steering).post(
        _grant_url(world),
        {
            "amount": "1.250.000,50",
            "year": "2026",
            "pool": "Transitionsmidler BASS",
            "milestone": target.pk,
            "note": "",
        },
    )
    assert response.status_code == 302
    saved = Grant.objects.get()
    assert saved.amount == Decimal("1250000.50") and saved.milestone == target
    assert saved.history.get().history_user == world.steering


@pytest.mark.parametrize("persona", ["lead_a", "owner_a"])
def test_the_specialty_cannot_grant_itself_funds(world, login, persona):
    response = login(world.persona(persona)).post(
        _grant_url(world), {"amount": "1000", "year": "2026", "pool": "x"}
    )
    assert response.status_code == 403
    assert not Grant.objects.exists()


@pytest.mark.parametrize(
    ("amount", "year", "field"),
    [
        ("-5.000,00", "2026", "amount"),
        ("0", "2026", "amount"),
        ("mange penge", "2026", "amount"),
        ("1.000,00", "26", "year"),
    ],
)
def test_bad_grants_are_refused_and_nothing_saved(world, login, amount, year, field):
    response = login(world.steering).post(
        _grant_url(world), {"amount": amount, "year": year, "pool": "Pulje"}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Grant.objects.exists()


def test_a_milestone_of_another_specialty_cannot_receive_the_grant(world, login):
    other = milestone(plan_for(world.specialty_b), "B's milepæl")
    response = login(world.steering).post(
        _grant_url(world),
        {"amount": "1000", "year": "2026", "pool": "Pulje", "milestone": other.pk},
    )
    assert response.status_code == 200 and "milestone" in response.context["form"].errors


def _spend(client, g, amount, note="Frikøb", reason=""):
    return client.post(
        reverse("plans_spending_create", args=[g.pk]),
        {"date": "2026-05-01", "amount": amount, "note": note, "overspend_reason": reason},
    )


def test_the_lead_records_spending_up_to_the_balance_but_not_beyond(world, login):
    g = grant(world.specialty_a, "100000.00")
    client = login(world.lead_a)
    assert _spend(client, g, "60.000,00").status_code == 302
    too_much = _spend(client, g, "40.000,01")
    assert too_much.status_code == 200
    assert too_much.context["form"].has_error("amount", "overspent")
    message = too_much.context["form"].errors["amount"][0]
    assert "40.000 kr." in message and "40.000,01 kr." in message
    assert Spending.objects.count() == 1
    assert _spend(client, g, "40.000,00").status_code == 302
    g.refresh_from_db()
    assert g.remaining() == Decimal("0.00")


def test_spending_beyond_the_grant_needs_a_reason_and_is_flagged(world, login):
    g = grant(world.specialty_a, "100000.00")
    client = login(world.lead_a)
    assert _spend(client, g, "90.000,00").status_code == 302
    assert _spend(client, g, "20.000,00").status_code == 200  # no reason: refused
    response = _spend(client, g, "20.000,00", reason="Ekstra vikardækning aftalt med direktionen")
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.remaining() == Decimal("-10000.00")
    page = client.get(reverse("plans_specialty", args=[world.specialty_a.slug])).content.decode()
    assert "Ekstra vikardækning aftalt med direktionen" in page
    assert "⚠" in page


@pytest.mark.parametrize("amount", ["-100", "0,00", "hundrede"])
def test_negative_zero_or_non_numeric_spending_is_refused(world, login, amount):
    g = grant(world.specialty_a)
    response = _spend(login(world.lead_a), g, amount)
    assert response.status_code == 200 and "amount" in response.context["form"].errors
    assert not Spending.objects.exists()


def test_spending_of_another_specialtys_grant_is_not_visible(world, login):
    g = grant(world.specialty_b)
    assert _spend(login(world.lead_a), g, "100").status_code == 404


def test_the_database_refuses_a_negative_grant_too(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        grant(world.specialty_a, "-1.00")


def _support_url(world):
    return reverse("plans_support_create", args=[world.specialty_a.slug])


def test_centre_support_needs_a_concept_owner_and_hours_or_a_delivery(world, login):
    from tests.conftest import make_user

    concept = make_user("konceptejer")
    assign(concept, "concept_owner", world.programme, function="HR")
    client = login(world.admin)
    missing = client.post(
        _support_url(world),
        {"centre": "hr", "concept_owner": concept.person.pk, "date": "2026-04-01"},
    )
    assert missing.status_code == 200 and missing.context["form"].non_field_errors()
    not_owner = client.post(
        _support_url(world),
        {
            "centre": "hr",
            "concept_owner": world.lead_a.person.pk,
            "hours": "12",
            "date": "2026-04-01",
        },
    )
    assert "concept_owner" in not_owner.context["form"].errors
    assert not CentreSupport.objects.exists()
    ok = client.post(
        _support_url(world),
        {
            "centre": "finance",
            "concept_owner": concept.person.pk,
            "delivery": "Budgetmodel for fælles vagtlag",
            "date": "2026-04-01",
        },
    )
    assert ok.status_code == 302
    page = client.get(reverse("plans_specialty", args=[world.specialty_a.slug]))
    assert "Budgetmodel for fælles vagtlag" in page.content.decode()


def test_the_specialty_page_shows_funds_per_grant_and_in_all(world, login):
    g1 = grant(world.specialty_a, "1000000.00")
    grant(world.specialty_a, "234567.00", year=2027)
    Spending.objects.create(grant=g1, amount=Decimal("250000.50"), note="x")
    response = login(world.core_a).get(reverse("plans_specialty", args=[world.specialty_a.slug]))
    text = response.content.decode()
    assert "1.234.567 kr." in text  # granted in all
    assert "984.566,50 kr." in text  # remaining in all
    assert "749.999,50 kr." in text  # remaining of the first grant


def test_the_link_to_record_centre_support_is_shown_only_to_those_who_may(world, login):
    """The steering group grants funds but does not record the centre's support: it gets no
    link that would end in 403 (found by the accessibility crawl of the demo)."""
    page = reverse("plans_specialty", args=[world.specialty_a.slug])
    steering = login(world.steering)
    assert _support_url(world) not in steering.get(page).content.decode()
    assert steering.get(_support_url(world)).status_code == 403
    admin = login(world.admin)
    assert _support_url(world) in admin.get(page).content.decode()
    assert admin.get(_support_url(world)).status_code == 200
