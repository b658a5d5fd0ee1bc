"""The demo in a real browser: log in, walk the main pages, edit, compare versions.

Every page visited is checked with axe-core; serious or critical findings fail the test.
The texts checked are Django's own Danish catalogue (the login error) or the English msgids
of the templates, so the tests do not depend on how BASS's own texts are translated.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

OWNER = "specialeejer"
OWNER_NAME = "Mette Holm"
WORKSPACE = "/specialer/kardiologi/"


def _visit(page, url: str, axe_check) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    expect(page.locator("h1")).to_have_count(1)
    axe_check(page)


def _click_and_wait(locator) -> None:
    locator.click()
    locator.page.wait_for_load_state()


def test_axe_gate_reports_a_bad_page(browser, axe_check):
    """The accessibility gate itself works: an image without alt text fails it."""
    page = browser.new_page()
    try:
        page.set_content("<html><body><img src='data:,'><p>x</p></body></html>")
        with pytest.raises(AssertionError, match=r"image-alt \(critical\)"):
            axe_check(page)
    finally:
        page.close()


def test_wrong_password_is_refused_with_a_danish_message(page, demo, log_in, axe_check):
    _visit(page, "/log-ind/", axe_check)
    log_in(OWNER, "forkert-adgangskode-2026")

    expect(page).to_have_url(re.compile(r"/log-ind/$"))
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.locator(".form-errors")).to_contain_text(
        "Indtast venligst korrekt brugernavn og adgangskode"
    )
    expect(page.locator(".site-header nav")).to_have_count(0)
    expect(page.locator(".logout-form")).to_have_count(0)
    axe_check(page)

    page.goto(WORKSPACE)
    expect(page).to_have_url(re.compile(r"/log-ind/\?next=/specialer/kardiologi/$"))


def test_owner_walks_the_main_pages(page, demo, log_in, axe_check):
    log_in(OWNER)
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))
    expect(page.locator(".who")).to_have_text(OWNER_NAME)
    # The stylesheet is served, so axe judges colour contrast on the real design.
    expect(page.locator(".site-header")).not_to_have_css("background-color", "rgba(0, 0, 0, 0)")
    axe_check(page)

    programme_url = page.locator("main .cards a[href^='/program/']").get_attribute("href")
    for url in ["/specialer/", WORKSPACE, "/sygehuse/", "/kommuner/", programme_url]:
        _visit(page, url, axe_check)

    # The specialty's history page, reached from the workspace.
    page.goto(WORKSPACE)
    _click_and_wait(page.locator("p.meta a[href^='/historik/']"))
    expect(page).to_have_url(re.compile(r"/historik/specialties/specialty/\d+/$"))
    expect(page.locator("table.table tbody tr")).not_to_have_count(0)
    axe_check(page)

    # A hospital page, reached from the hospital list.
    page.goto("/sygehuse/")
    _click_and_wait(page.locator("main table a[href^='/sygehuse/']").first)
    expect(page).to_have_url(re.compile(r"/sygehuse/\d+/$"))
    axe_check(page)


def test_owner_edits_a_strength_position_and_compares_versions(page, demo, log_in, axe_check):
    log_in(OWNER)
    page.goto(WORKSPACE)
    card = page.locator("article.card").first
    card_id = card.get_attribute("id")
    _click_and_wait(card.locator("a[href$='/rediger/']"))
    expect(page).to_have_url(re.compile(r"/styrkepositioner/\d+/rediger/$"))
    axe_check(page)

    new_text = "Styrkepositionen varetager nu også opfølgning af hjertesvigt i hele regionen."
    page.fill("#id_responsibility", new_text)
    page.fill("#id_change_reason", "Aftalt på styregruppemødet")
    _click_and_wait(page.locator("main form button[type=submit]"))

    expect(page).to_have_url(re.compile(f"{WORKSPACE}$"))
    expect(page.locator(".messages")).to_be_visible()
    card = page.locator(f"#{card_id}")
    expect(card).to_contain_text(new_text)
    axe_check(page)

    _click_and_wait(card.locator("a[href^='/historik/']"))
    expect(page).to_have_url(re.compile(r"/historik/specialties/strengthposition/\d+/$"))
    newest = page.locator("table.table tbody tr").first
    expect(newest).to_contain_text(OWNER_NAME)
    expect(newest).to_contain_text("Aftalt på styregruppemødet")
    axe_check(page)

    # The two newest versions are preselected: compare them.
    _click_and_wait(page.locator("main form button[type=submit]"))
    expect(page).to_have_url(re.compile(r"\?[ab]=\d+&[ab]=\d+$"))
    comparison = page.locator("section[aria-labelledby=sammenligning]")
    expect(comparison.locator("ins", has_text="hjertesvigt")).not_to_have_count(0)
    expect(comparison.locator("del", has_text="Eksempeldata")).not_to_have_count(0)
    axe_check(page)


def test_language_switch_to_english_and_back(page, demo, log_in, axe_check):
    log_in(OWNER)
    page.goto("/specialer/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.locator(".site-header nav")).not_to_contain_text("Home")

    page.select_option("#sprog", "en")
    _click_and_wait(page.locator(".lang-form button[type=submit]"))
    expect(page).to_have_url(re.compile(r"/specialer/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".site-header nav")).to_contain_text("Home")
    expect(page.locator("#sprog")).to_have_value("en")
    axe_check(page)

    page.select_option("#sprog", "da")
    _click_and_wait(page.locator(".lang-form button[type=submit]"))
    expect(page).to_have_url(re.compile(r"/specialer/$"))
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.locator(".site-header nav")).not_to_contain_text("Home")
    expect(page.locator("#sprog")).to_have_value("da")
