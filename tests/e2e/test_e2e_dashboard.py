"""The programme dashboard and the change feed in a real browser, as the steering group
sees them: at 1366 px the table fits without sideways scrolling, at 390 px (a phone) each
specialty is a card; axe-core finds nothing serious or critical on either page."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SCROLL_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def programme_demo(demo):
    import io

    call_command("load_plans_demo", stdout=io.StringIO())


def _visit(page, url: str, width: int, axe_check) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    expect(page.locator("h1")).to_have_count(1)
    assert page.evaluate(SCROLL_WIDTH) <= width, f"{url} scrolls sideways at {width} px"
    axe_check(page)


def test_dashboard_and_feed_at_desk_and_phone_widths(programme_demo, page, log_in, axe_check):
    log_in("styregruppe")
    page.set_viewport_size({"width": 1366, "height": 900})
    _visit(page, "/oversigt/", 1366, axe_check)
    table = page.locator("table.dashboard")
    assert table.evaluate("t => t.getBoundingClientRect().right") <= 1366
    assert (
        page.locator("table.dashboard tbody tr").first.evaluate(
            "tr => getComputedStyle(tr).display"
        )
        == "table-row"
    )
    # a column header sorts the table on the server, and says so
    page.get_by_role("link", name="Seneste aktivitet").click()
    page.wait_for_load_state()
    expect(page.locator('th[aria-sort="ascending"]')).to_have_count(1)
    # a tile narrows the table
    page.locator(".tiles a").first.click()
    page.wait_for_load_state()
    expect(page.locator(".tiles a[aria-current]")).to_have_count(1)
    _visit(page, "/aendringer/", 1366, axe_check)
    expect(page.locator("input[type=search][name=person]")).to_have_count(1)

    page.set_viewport_size({"width": 390, "height": 844})
    _visit(page, "/oversigt/", 390, axe_check)
    first_row = page.locator("table.dashboard tbody tr").first
    assert first_row.evaluate("tr => getComputedStyle(tr).display") == "block"
    assert first_row.evaluate("tr => tr.getBoundingClientRect().right") <= 390
    _visit(page, "/aendringer/", 390, axe_check)
