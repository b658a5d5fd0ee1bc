"""The implementation lead in a real browser: edit a driver diagram, enter data in the grid.

Own small fixtures (like tests/e2e/conftest.py): headless Debian Chromium, never downloaded;
every page visited is checked with axe-core.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_no_csp_violations, watch_csp
from tests.improvement.improvement_world import build

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing, and CI must run the browser tests.")
        pytest.skip(f"{CHROMIUM} is missing; browser tests not run")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def lead_page(browser, transactional_db, live_server, settings, world):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    context.set_default_timeout(10_000)
    violations = watch_csp(context)
    page = context.new_page()
    page.goto("/log-ind/")
    page.fill("#id_username", world.lead_a.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    try:
        yield page
    finally:
        context.close()
    assert_no_csp_violations(violations)


def _axe(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v.get("impact") in {"serious", "critical"}]
    assert not blocking, " | ".join(f"{v['id']}: {v['nodes'][0]['target']}" for v in blocking)


def _submit(page, form) -> None:
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_lead_builds_and_edits_a_driver_diagram(lead_page, world):
    page = lead_page
    imp = build(world.specialty_a)
    page.goto(f"/forbedring/{imp.project.pk}/driverdiagram/")
    expect(page.locator("h1")).to_have_count(1)
    _axe(page)

    add = page.locator("main form.form")
    add.locator("#id_kind").select_option("primary")
    add.locator("#id_title").fill("Personale og kompetencer")
    _submit(page, add)
    new_primary = page.locator(".dd-box", has_text="Personale og kompetencer")
    expect(new_primary).to_be_visible()

    # Move the new primary driver up above the first one.
    new_primary.get_by_role("button", name=re.compile("^Op")).click()
    page.wait_for_load_state()
    boxes = page.locator(".dd-text > ol.dd-list > li > .dd-box .dd-title")
    expect(boxes.first).to_have_text("Personale og kompetencer")

    # Rename the change idea through its own form.
    edit = re.compile("^Rediger eller flyt")
    page.locator(f"#node-{imp.idea.pk}").get_by_role("link", name=edit).click()
    page.wait_for_load_state()
    _axe(page)
    page.fill("#id_title", "Telefonopkald dag 2 efter udskrivelse")
    _submit(page, page.locator("main form.form"))
    expect(page.locator(f"#node-{imp.idea.pk}")).to_contain_text("efter udskrivelse")

    # Delete the secondary driver: a confirmation page first, naming what goes with it.
    page.locator(f"#node-{imp.secondary.pk}").get_by_role("link", name=re.compile("^Slet")).click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Telefonopkald dag 2 efter udskrivelse")
    _axe(page)
    page.get_by_role("button", name="Ja, slet").click()
    page.wait_for_load_state()
    expect(page.locator(f"#node-{imp.secondary.pk}")).to_have_count(0)
    expect(page.locator(f"#node-{imp.idea.pk}")).to_have_count(0)


def test_lead_enters_data_in_the_grid_and_reads_the_chart(lead_page, world):
    page = lead_page
    imp = build(world.specialty_a)
    page.goto(f"/forbedring/maalinger/{imp.measure.pk}/data/")
    expect(page.locator("h1")).to_have_count(1)
    _axe(page)

    # Row 2 is the first empty row; a bad value first: nothing is saved, the row says why.
    page.fill("#id_rows-1-period", "2025-02-10")
    page.fill("#id_rows-1-value", "mange")
    page.fill("#id_rows-2-period", "2025-03-10")
    page.fill("#id_rows-2-value", "2,5")
    _submit(page, page.locator("main form.form"))
    expect(page.locator(".form-errors")).to_contain_text("intet blev gemt")
    expect(page.locator("tbody tr").nth(1).locator(".error")).to_contain_text("Skriv et tal")
    assert imp.measure.data_points.count() == 1

    page.fill("#id_rows-1-value", "3,5")
    _submit(page, page.locator("main form.form"))
    expect(page).to_have_url(re.compile(rf"/forbedring/maalinger/{imp.measure.pk}/$"))
    expect(page.locator("main svg[role=img]")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Længste serie")
    expect(page.locator("main table").last).to_contain_text("3,5")
    _axe(page)
    assert imp.measure.data_points.count() == 3


def test_lead_splits_a_chart_into_phases(lead_page, world):
    import datetime

    from improvement.models import DataPoint

    page = lead_page
    imp = build(world.specialty_a)
    for month in range(2, 13):
        DataPoint.objects.create(
            measure=imp.measure, period=datetime.date(2025, month, 1), value=4 + month % 3
        )
    page.goto(f"/forbedring/maalinger/{imp.measure.pk}/")
    form = page.locator("form", has=page.locator("#id_title"))
    # A date before 2000 is refused: the date field knows the range, so the browser does
    # not send the form (the server's refusal is tested in tests/bass/test_input_limits.py).
    form.locator("#id_starts_on").fill("1999-07-01")
    form.locator("#id_title").fill("Ny visitation")
    _submit(page, form)
    assert form.locator("#id_starts_on").evaluate("field => field.validity.rangeUnderflow")
    assert not imp.measure.phases.exists()
    _axe(page)

    form = page.locator("form", has=page.locator("#id_title"))
    form.locator("#id_starts_on").fill("2025-07-15")
    form.locator("#id_title").fill("Ny visitation")
    _submit(page, form)
    expect(page).to_have_url(re.compile(rf"/forbedring/maalinger/{imp.measure.pk}/#phases$"))
    expect(page.locator("main svg[role=img] g.phase")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Ny visitation")
    assert imp.measure.phases.get().starts_on == datetime.date(2025, 7, 1)
    _axe(page)
