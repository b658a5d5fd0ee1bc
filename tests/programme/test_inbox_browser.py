"""'Venter på dig' in a real browser: what one person hands on reaches the next."""

import re

import pytest
from playwright.sync_api import expect

from specialties.models import Ambition
from tests.e2e.conftest import axe_check, browser, new_page  # noqa: F401 - fixtures

pytestmark = pytest.mark.e2e


def test_owner_submits_and_the_steering_group_approves_from_its_inbox(
    world,
    new_page,  # noqa: F811 - the harness fixture
    axe_check,  # noqa: F811 - the harness fixture
):
    Ambition.objects.create(
        specialty=world.specialty_a, kind="strategic", draft_text="<p>Fælles vagtlag</p>"
    )
    steering = new_page(world.steering)
    expect(steering.locator("#venter + p.empty")).to_have_text("Der venter intet på dig lige nu.")

    owner = new_page(world.owner_a)
    owner.goto("/specialer/a/ambition/strategisk/")
    owner.get_by_role("link", name="Send til styregruppen").click()
    owner.locator("main form button[type=submit]").click()
    owner.wait_for_load_state()
    assert Ambition.objects.get(kind="strategic").status == "submitted"

    steering.goto("/")
    waiting = steering.locator("#venter-ambition_submitted")
    expect(waiting).to_have_text("Ambitioner, der venter på din beslutning (1)")
    axe_check(steering)
    steering.get_by_role("link", name="Strategisk ambition for Intern medicin: kardiologi").click()
    steering.get_by_role("link", name="Godkend", exact=True).click()
    with steering.expect_navigation():
        steering.locator("main form button[type=submit]").click()
    expect(steering).to_have_url(re.compile(r"/specialer/a/ambition/strategisk/$"))
    ambition = Ambition.objects.get(kind="strategic")
    assert ambition.status == "approved"
    assert ambition.approved_by == world.steering

    steering.goto("/")
    expect(steering.locator("#venter + p.empty")).to_have_text("Der venter intet på dig lige nu.")
