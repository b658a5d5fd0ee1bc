"""The Content-Security-Policy in a real browser: the gate that fails every browser test on a
violation works, and the pages with the most moving parts (the rich-text editor, htmx, the
plan timeline) run under the policy without one."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from plans.models import Plan
from tests.conftest import DEMO_TODAY
from tests.e2e.conftest import watch_csp

pytestmark = pytest.mark.e2e


def test_the_csp_gate_reports_an_inline_script_and_style(browser):
    context = browser.new_context()
    violations = watch_csp(context)
    page = context.new_page()
    page.route(
        "http://gate.test/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Security-Policy": "script-src 'self'; style-src 'self'"},
            content_type="text/html",
            body="<title>x</title><p style='color: red'>x</p><script>document.title='ran'</script>",
        ),
    )
    try:
        page.goto("http://gate.test/")
        page.wait_for_timeout(200)
        assert page.title() == "x"  # the inline script did not run
    finally:
        context.close()
    assert any("script-src" in v for v in violations)
    assert any("style-src" in v for v in violations)


def test_editor_and_timeline_run_under_the_policy(page, demo, log_in):
    call_command("load_plans_demo", stdout=io.StringIO(), today=DEMO_TODAY)
    response = page.goto("/log-ind/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    log_in("implementering")
    plan = Plan.objects.filter(specialty__slug="kardiologi").first()
    page.goto(f"/implementering/planer/{plan.pk}/tidslinje/")
    expect(page.locator("svg.track rect.bar").first).to_be_visible()
    box = page.locator("svg.track rect.bar").first.bounding_box()
    assert box and box["width"] > 2
    page.context.clear_cookies()
    log_in("specialeejer")
    page.goto("/specialer/kardiologi/ambition/strategisk/rediger/")
    editor = page.locator(".prose-editor [contenteditable]")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.type(" Mere tekst.")
    expect(editor).to_contain_text("Mere tekst.")
