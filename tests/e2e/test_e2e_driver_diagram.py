"""The driver-diagram editor in a real browser: axe-clean, operable by keyboard, the drawing
inside its own scrolling box at phone width, and a change idea rated through the prism."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.improvement.improvement_world import build

pytestmark = pytest.mark.e2e


def test_lead_edits_the_diagram_and_rates_a_change_idea_by_keyboard(
    page, log_in, axe_check, transactional_db, world
):
    work = build(world.specialty_a)
    log_in(world.lead_a.username, PASSWORD)
    page.goto(f"/forbedring/{work.project.pk}/driverdiagram/")
    expect(page.locator(".dd-figure svg")).to_have_count(1)
    axe_check(page)

    # A change idea cannot go directly under the aim: the form says why.
    page.select_option("#id_kind", "change_idea")
    page.fill("#id_title", "Løs idé")
    page.locator("#id_title").press("Enter")
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("En forandringsidé hører under en driver")
    axe_check(page)

    # Under a primary driver it is drawn in the change-idea column.
    page.select_option("#id_parent", str(work.primary.pk))
    page.locator("#id_title").press("Enter")
    page.wait_for_load_state()
    expect(page.locator('.dd-figure g[data-kind="change_idea"]')).to_have_count(2)

    # Rate the first change idea with the keyboard only: focus its link, Enter, arrows.
    rate = page.locator(f"#node-{work.idea.pk}").get_by_role("link", name="Vurder gennem prismet")
    rate.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text(work.idea.title)
    axe_check(page)
    for axis, value, reason in [
        ("professional", "1", "Ens opfølgning"),
        ("staff", "-2", "Ekstra opkald uden normering"),
        ("organisational", "0", "Samme samarbejde"),
    ]:
        page.locator(f'input[name="{axis}_effect"][value="{value}"]').check()
        page.fill(f"#id_{axis}_reason", reason)
    page.locator("#id_organisational_reason").press("Enter")
    page.wait_for_load_state()
    expect(page.locator(f"#node-{work.idea.pk}")).to_contain_text("−2 (blind vinkel)")

    # At phone width the page itself does not scroll sideways; the drawing scrolls in its box.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    figure = page.locator(".dd-figure")
    assert figure.evaluate("el => el.scrollWidth > el.clientWidth")
    figure.focus()
    page.keyboard.press("ArrowRight")
    axe_check(page)
