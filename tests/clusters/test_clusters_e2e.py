# ruff: noqa: F811 - the browser fixtures are imported from tests/e2e/conftest.py by name
"""Health clusters in a real browser: the forum secretary adds an item to approved minutes
(with a reason), the chair records the decision, and someone outside the forum cannot see a
closed item."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import axe_check, browser, log_in, page  # noqa: F401 - fixtures

pytestmark = pytest.mark.e2e


@pytest.fixture
def cluster_demo(transactional_db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_cluster_demo", stdout=io.StringIO())
    from clusters.models import Meeting

    return Meeting.objects.get(forum__name="Faglig Strategisk Forum")


def _logout(page):
    page.locator(".logout-form button").click()
    page.wait_for_load_state()


def test_secretary_writes_member_decides_outsider_sees_no_closed_item(
    page, cluster_demo, log_in, axe_check
):
    meeting_url = f"/klynger/moeder/{cluster_demo.pk}/"

    log_in("klynge_sekretaer")
    page.goto(meeting_url)
    expect(page.locator("h1")).to_contain_text("Referat")
    axe_check(page)
    page.get_by_role("link", name="Tilføj punkt").click()
    page.wait_for_load_state()
    expect(page.locator("#id_number")).to_have_value("7")
    page.fill("#id_title", "Fortrolig drøftelse af formandskabet")
    page.check("#id_is_closed")
    page.fill("#id_case_id", "EMN-2025-00001")
    editor = page.locator(".prose-editor:has(#id_summary) [contenteditable]")
    editor.click()
    page.keyboard.type("Formandskabet drøftes for lukkede døre.")
    page.fill("#id_change_reason", "Punkt glemt i referatet")
    axe_check(page)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator("#indhold")).to_contain_text("Fortrolig drøftelse af formandskabet")
    expect(page.locator("#indhold")).to_contain_text("rettet efter godkendelse")
    _logout(page)

    log_in("klynge_formand")
    page.goto(meeting_url)
    item = page.locator("article", has_text="Fortrolig drøftelse af formandskabet")
    item.get_by_role("link", name="Skriv beslutningen").click()
    page.wait_for_load_state()
    page.locator(".prose-editor:has(#id_decision) [contenteditable]").click()
    page.keyboard.type("Forummet genvalgte formanden.")
    page.fill("#id_change_reason", "Beslutning tilføjet")
    axe_check(page)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(rf"{meeting_url}#punkt-\d+$"))
    expect(page.locator("#indhold")).to_contain_text("Forummet genvalgte formanden.")
    _logout(page)

    # A user from the demo region with no seat in the forum.
    log_in("specialeejer")
    response = page.goto(meeting_url)
    assert response is not None and response.status == 404
    page.goto("/klynger/beslutninger/?q=genvalgte")
    expect(page.locator("#indhold")).not_to_contain_text("Forummet genvalgte formanden.")
    axe_check(page)
