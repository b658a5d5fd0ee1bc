"""Ambitions in a real browser: the editor, the edit conflict, refusals, accessibility.

Uses the e2e harness of tests/e2e/conftest.py (Debian's Chromium, axe-core) and the
personas of tests/conftest.py.
"""

import re

import pytest
from playwright.sync_api import expect

from specialties.models import Ambition
from tests.e2e.conftest import axe_check, browser, new_page  # noqa: F401 - fixtures

pytestmark = pytest.mark.e2e

EDIT = "/specialer/a/ambition/strategisk/rediger/"


def _editor(page):
    editor = page.locator(".prose-editor [contenteditable]")
    expect(editor).to_be_visible()
    return editor


def _save(page):
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").click()
    return navigation.value


def test_owner_writes_with_formatting_and_the_pages_pass_axe(world, new_page, axe_check):  # noqa: F811
    page = new_page(world.owner_a)
    page.goto(EDIT)
    axe_check(page)
    editor = _editor(page)
    editor.click()
    page.keyboard.type("Fælles populationsansvar for ")
    page.keyboard.press("Control+b")
    page.keyboard.type("hele regionen")
    page.keyboard.press("Control+b")
    _save(page)

    expect(page).to_have_url(re.compile(r"/specialer/a/ambition/strategisk/$"))
    expect(page.locator("#udkast strong")).to_have_text("hele regionen")
    saved = Ambition.objects.get(specialty=world.specialty_a, kind="strategic").draft_text
    assert saved == "<p>Fælles populationsansvar for <strong>hele regionen</strong></p>"
    axe_check(page)
    page.goto(world.specialty_a.get_absolute_url())
    expect(page.locator("#ambition-strategic")).to_contain_text("Fælles populationsansvar")
    axe_check(page)


def test_second_browser_saving_on_a_stale_version_sees_both_texts(world, new_page):  # noqa: F811
    first, second = new_page(world.owner_a), new_page(world.owner_a)
    for page in (first, second):
        page.goto(EDIT)
        _editor(page).click()
    first.keyboard.type("Tekst fra første vindue")
    second.keyboard.type("Tekst fra andet vindue")
    assert _save(first).status == 200  # after the redirect
    assert _save(second).status == 409
    conflict = second.locator(".conflict-field")
    expect(conflict).to_contain_text("Tekst fra første vindue")
    expect(conflict).to_contain_text("Tekst fra andet vindue")
    assert "Tekst fra andet vindue" in second.locator("textarea[name=draft_text]").input_value()
    second.locator("#id_confirm_overwrite").check()
    assert _save(second).status == 200  # a deliberate, confirmed second save keeps it
    saved = Ambition.objects.get(specialty=world.specialty_a, kind="strategic").draft_text
    assert saved == "<p>Tekst fra andet vindue</p>"


def test_others_cannot_reach_the_strategic_edit_form(world, new_page):  # noqa: F811
    lead = new_page(world.lead_a)
    assert lead.goto(EDIT).status == 403
    outsider = new_page(world.owner_b)
    assert outsider.goto(EDIT).status == 404
    outsider.goto("/specialer/b/ambition/strategisk/rediger/")  # a form of their own
    token = outsider.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    crafted = outsider.request.post(
        EDIT, form={"csrfmiddlewaretoken": token, "draft_text": "<p>Overtaget</p>"}
    )
    assert crafted.status == 404
    assert not Ambition.objects.filter(specialty=world.specialty_a).exists()


def test_steering_group_finds_and_approves_a_submitted_ambition(world, new_page, axe_check):  # noqa: F811
    Ambition.objects.create(
        specialty=world.specialty_a,
        kind="professional",
        draft_text="<h3>Mål</h3><ul><li>Færre genindlæggelser</li></ul>",
        status="submitted",
    )
    page = new_page(world.steering)
    page.goto("/specialer/ambitioner/til-godkendelse/")
    axe_check(page)
    page.locator("main table a[href$='/godkend/']").click()
    page.wait_for_load_state()
    expect(page.locator("main .richtext li")).to_have_text("Færre genindlæggelser")
    axe_check(page)
    page.fill("#id_comment", "Godkendt på mødet")
    assert _save(page).status == 200
    ambition = Ambition.objects.get(kind="professional")
    assert ambition.approved_text == "<h3>Mål</h3><ul><li>Færre genindlæggelser</li></ul>"
    assert ambition.approved_by == world.steering
    page.goto(world.specialty_a.get_absolute_url())
    expect(page.locator("#ambition-professional")).to_contain_text("Færre genindlæggelser")
    axe_check(page)

    owner = new_page(world.owner_a)
    assert owner.goto("/specialer/a/dilemmaer/strategisk/ny/").status == 200
    expect(owner.locator(".prose-editor [contenteditable]")).to_be_visible()
    axe_check(owner)
