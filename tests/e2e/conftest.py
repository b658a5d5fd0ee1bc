"""Real-browser fixtures: Debian's headless Chromium driven by Playwright's sync API.

Playwright's sync API keeps an asyncio event loop running in the main thread while the
browser is open, and Django refuses ORM calls while a loop runs (SynchronousOnlyOperation):
the flush of the test database after each live-server test would fail. Django reads
DJANGO_ALLOW_ASYNC_UNSAFE at each ORM call, so the `browser` fixture sets it in os.environ
just before Playwright starts its loop and removes it after the loop has stopped. The test
command therefore does not need it, and it does not leak into the rest of the run (where
`manage.py check --deploy` in a subprocess would rightly complain about it).
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from tests.conftest import PASSWORD
from tests.e2e.crawl import BLOCKING_IMPACTS, DEMO_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing (apt-get install chromium); browser tests not run"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}, and CI must run them.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module; never downloaded by `playwright install`."""
    _require_chromium()

    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, live_server, settings):
    # The live server speaks plain HTTP; keep cookies usable whatever the environment says.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    # Generous waits: CI machines may be busy; a passing step returns at once anyway.
    context.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)
    violations = watch_csp(context)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
    assert_no_csp_violations(violations)


CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def watch_csp(context) -> list[str]:
    """Collect the Content-Security-Policy violations of every page of a browser context.

    Chromium reports each refused script, style or handler as a console error, and the page
    fires a securitypolicyviolation event; both are collected. Every browser fixture calls
    this and ``assert_no_csp_violations`` at its end, so any test fails on a violation.
    """
    violations: list[str] = []
    context.add_init_script(CSP_LISTENER)

    def note(message) -> None:
        text = message.text
        if text.startswith("CSP violation:") or "Content Security Policy" in text:
            violations.append(f"{message.page.url if message.page else '?'}: {text}")

    context.on("console", note)
    return violations


def assert_no_csp_violations(violations: list[str]) -> None:
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def demo(transactional_db):
    """The real demo region, loaded by the real command (its output is not needed)."""
    call_command("load_demo", stdout=io.StringIO())


def _targets(violation: dict) -> str:
    return ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])


@pytest.fixture
def axe_check():
    """Run axe-core on the current page; fail on serious or critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page) -> None:
        violations = axe.run(page).response["violations"]
        for v in violations:
            print(f"axe {page.url}: {v['id']} ({v.get('impact')}) {_targets(v)}")
        blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
        assert not blocking, f"axe: serious/critical problems on {page.url}: " + " | ".join(
            f"{v['id']} ({v['impact']}): {_targets(v)}" for v in blocking
        )

    return check


@pytest.fixture
def log_in(page):
    """Log in through the real login form."""

    def _log_in(username: str, password: str = DEMO_PASSWORD):
        page.goto("/log-ind/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        return page

    return _log_in


@pytest.fixture
def new_page(browser, live_server, settings):
    """A logged-in page in a browser context of its own per call (``new_page(user)``): two
    people, or one person in two tabs, in one test. Fails the test on a CSP violation."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    contexts = []
    violations = []

    def _new_page(user):
        context = browser.new_context(base_url=live_server.url, locale="da-DK")
        context.set_default_timeout(15_000)
        contexts.append(context)
        violations.append(watch_csp(context))
        page = context.new_page()
        page.goto("/log-ind/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        return page

    yield _new_page
    for context in contexts:
        context.close()
    assert_no_csp_violations([v for found in violations for v in found])
