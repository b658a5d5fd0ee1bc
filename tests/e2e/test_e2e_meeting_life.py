# ruff: noqa: F811 - the browser fixtures are imported from tests/e2e/conftest.py by name
"""One meeting's whole life in a real browser: the secretary writes the agenda in the
editor and sends it, the meeting is held and the decision written, a member adds a dissent
(and cannot write decisions), the chair approves the minutes, and the public version shows
the closed item by its title only."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import axe_check, browser, log_in, page  # noqa: F401 - fixtures

pytestmark = pytest.mark.e2e


@pytest.fixture
def forum(transactional_db):
    call_command("load_cluster_demo", stdout=io.StringIO())
    from clusters.models import Forum

    return Forum.objects.get(name="Faglig Strategisk Forum")


def _logout(page):
    page.locator(".logout-form button").click()
    page.wait_for_load_state()


def _type(page, field: str, text: str):
    page.locator(f".prose-editor:has(#id_{field}) [contenteditable]").click()
    page.keyboard.type(text)


def _step(page, name: str):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_a_meeting_from_draft_to_approved_minutes(page, forum, log_in, axe_check):
    log_in("klynge_sekretaer")
    page.goto(f"/klynger/fora/{forum.pk}/moeder/nyt/")
    page.fill("#id_starts_at", "2026-06-04T16:30")
    page.fill("#id_place", "Slagelse Sygehus")
    page.fill("#id_default_case_id", "EMN-2026-00007")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator("#indhold")).to_contain_text("Kladde")
    # The forum's standard items: "Godkendelse af dagsorden" first, "Eventuelt" last.
    expect(page.locator("#indhold")).to_contain_text("Godkendelse af dagsorden")
    expect(page.locator("#indhold")).to_contain_text("Eventuelt")
    meeting_url = page.url.split("#")[0]

    page.get_by_role("link", name="Tilføj punkt").click()
    expect(page.locator("#id_number")).to_have_value("2")  # before "Eventuelt"
    page.fill("#id_title", "Orientering om dagsordenen")
    expect(page.locator("#id_case_id")).to_have_value("EMN-2026-00007")
    _type(page, "recommendation", "Det indstilles, at forummet godkender dagsordenen.")
    axe_check(page)
    page.get_by_role("button", name="Gem og næste punkt").click()
    page.wait_for_load_state()
    expect(page.locator("#id_number")).to_have_value("3")
    page.fill("#id_title", "Personsag")
    page.check("#id_is_closed")
    _type(page, "summary", "Fortrolig oplysning om en ansat.")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    _step(page, "Udsend dagsordenen")
    expect(page.locator("#indhold")).to_contain_text("Dagsorden udsendt")
    _step(page, "Markér mødet som afholdt")
    page.get_by_role("link", name="Skriv beslutningen").first.click()
    _type(page, "decision", "Dagsordenen blev godkendt.")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator("#indhold")).to_contain_text("Dagsordenen blev godkendt.")
    _logout(page)

    log_in("klynge_medlem")
    page.goto(meeting_url)
    expect(page.locator("#indhold")).to_contain_text("Fortrolig oplysning om en ansat.")
    expect(page.get_by_role("link", name="Skriv beslutningen")).to_have_count(0)
    page.get_by_role("link", name="Giv en protokoltilførsel").first.click()
    page.fill("#id_text", "Jeg ønsker min bekymring ført til protokols.")
    axe_check(page)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator("#indhold")).to_contain_text("Jeg ønsker min bekymring ført til protokols.")
    _logout(page)

    log_in("klynge_formand")
    page.goto(meeting_url)
    _step(page, "Send referatet til godkendelse")
    _step(page, "Godkend referatet")
    expect(page.locator("#indhold")).to_contain_text("Referat godkendt")
    axe_check(page)
    _logout(page)

    page.goto(meeting_url.replace("/moeder/", "/offentlig/moeder/"))
    main = page.locator("#indhold")
    expect(main).to_contain_text("Dagsordenen blev godkendt.")
    expect(main).to_contain_text("Lukket punkt")
    expect(main).not_to_contain_text("Fortrolig oplysning")
    axe_check(page)
