"""A breadth-first crawl of the demo as one persona, with axe-core in Chromium on its pages.

Used by test_e2e_accessibility_crawl.py, and runnable against the demo server of the same
database (db.sqlite3) to find and fix problems faster than through the test (it prints every
finding, it does not stop at the first; EVERY_PAGE=1 runs axe on every page):

    PYTHONPATH=. .venv/bin/python -m tests.e2e.crawl http://127.0.0.1:8000 specialeejer [...]

("-" for the anonymous visitor). Only GET requests, only links (forms are not submitted), only
this server's pages; downloads, the admin, the JSON API, log-out and links whose GET changes
something are left out. Pages are deduplicated by their URL pattern (the query string ignored),
so each route is checked once per persona, however many specialties or meetings the demo has.
"""

from __future__ import annotations

import re
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

DEMO_PASSWORD = "BASS-demo-2026!"
# Impacts that fail a page (here and in every browser test's axe_check, tests/e2e/conftest.py);
# "minor" and "moderate" findings are printed but tolerated.
BLOCKING_IMPACTS = {"serious", "critical"}
STATEMENT_PATH = "/was"

SKIP_PREFIXES = ("/admin/", "/api/v1/", "/sso/", "/static/", "/media/", "/i18n/", "/log-ud/")
# Views whose GET answers a file, not a page.
DOWNLOADS = {
    "agenda_as_sent",
    "api_schema",
    "attachment_download",
    "dashboard_export",
    "discussion_attachment_download",
    "export_download",
    "improvement_measure_export",
    "measure_wall_export",
    "plans_plan_export",
    "public_meeting_pdf",
}
# Views whose GET changes something (marks a notification read, follows a token).
SIDE_EFFECTS = {"logout", "notification_open", "notification_unsubscribe", "sso_login"}
FILE_SUFFIX = re.compile(r"\.(pdf|xlsx|csv|zip|json|png|svg|docx)$", re.IGNORECASE)
# axe's rules only; "violations" is all the crawl reads, which keeps each run short.
AXE_OPTIONS = {"resultTypes": ["violations"]}


@dataclass
class Finding:
    url: str
    rule: str
    impact: str
    targets: str


@dataclass
class CrawlResult:
    persona: str
    pages: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    checked: int = 0  # pages axe ran on (a page of a shape already checked is not)
    spent: Counter = field(default_factory=Counter)  # seconds in page loads, inspection, axe
    seconds: float = 0.0

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.impact in BLOCKING_IMPACTS]


def route_key(path: str) -> str | None:
    """The URL pattern a path resolves to, or None for a path to leave alone."""
    if path.startswith(SKIP_PREFIXES) or FILE_SUFFIX.search(path):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name in DOWNLOADS or match.url_name in SIDE_EFFECTS:
        return None
    return match.route or match.view_name


def log_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/log-ind/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if urlsplit(page.url).path.startswith("/log-ind/"):
        raise AssertionError(f"{username} could not log in")


class _Page(HTMLParser):
    """What the crawl reads from a page's HTML: its links, whether the footer links to the
    statement, and its shape: the set of its kinds of element (tag, classes, role, type,
    state attributes, and whether a link, button, image or field has a name). Two pages of one
    shape get the same answer from axe for all but data-bound rules, so each shape is run
    through axe once, whoever sees it first."""

    NAMED = {"a", "button", "img", "input", "select", "textarea", "svg", "iframe"}
    STATE = ("role", "type", "aria-hidden", "aria-live", "hidden", "disabled", "aria-current")
    NAMES = ("aria-label", "aria-labelledby", "alt", "title", "id")

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.kinds: set[str] = set()
        self.footer = False
        self._in_footer = 0
        self._open: list[list] = []  # links and buttons waiting for their text

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
            if self._in_footer and a["href"] == STATEMENT_PATH:
                self.footer = True
        if tag == "footer":
            self._in_footer += 1
        kind = tag + "." + ".".join(sorted((a.get("class") or "").split()))
        kind += "".join(f"[{k}={a[k]}]" for k in self.STATE if k in a)
        if tag in ("a", "button"):
            self._open.append([kind, any(a.get(k) for k in self.NAMES[:4])])
        elif tag in self.NAMED:
            self.kinds.add(kind + ("+" if any(a.get(k) for k in self.NAMES) else "-"))
        else:
            self.kinds.add(kind)

    def handle_data(self, data):
        if self._open and data.strip():
            self._open[-1][1] = True

    def handle_endtag(self, tag):
        if tag == "footer":
            self._in_footer -= 1
        if tag in ("a", "button") and self._open:
            kind, named = self._open.pop()
            self.kinds.add(kind + ("+" if named else "-"))
            if named and self._open:
                self._open[-1][1] = True

    @property
    def shape(self) -> str:
        return "|".join(sorted(self.kinds))


def crawl(
    client,
    context,
    persona: str,
    *,
    starts: tuple[str, ...] = ("/",),
    per_route: int = 1,
    axe=None,
    shapes: set[str] | None = None,
) -> CrawlResult:
    """Crawl from ``starts`` as ``persona`` (the anonymous visitor: "-").

    ``client`` (Django's test client, logged in as the persona) fetches every page: it finds
    the links, checks the status and the footer, and tells the page's shape. A page of a
    shape not checked before is then opened in ``context``, a Chromium context logged in as
    the persona through the log-in form, and run through axe. ``shapes`` (shared between the
    personas' crawls) holds the shapes already checked; None checks every page."""
    if axe is None:
        from axe_playwright_python.sync_playwright import Axe

        axe = Axe()
    result = CrawlResult(persona)
    began = time.monotonic()
    page = None
    queue: deque[str] = deque(starts)
    found_on = dict.fromkeys(starts, "")  # each link queued, and the page it was found on
    visits: dict[str, int] = {}

    def follow(href: str, on: str) -> None:
        parts = urlsplit(urljoin(on, href))
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            return
        link = parts.path + (f"?{parts.query}" if parts.query else "")
        if link not in found_on and route_key(parts.path) is not None:
            found_on[link] = on
            queue.append(link)

    while queue:
        url = queue.popleft()
        key = route_key(urlsplit(url).path)
        if key is None or visits.get(key, 0) >= per_route:
            continue
        visits[key] = visits.get(key, 0) + 1
        clock = time.monotonic()
        response = client.get(url)
        result.spent["server"] += time.monotonic() - clock
        if response.status_code in (301, 302, 303, 307, 308):
            follow(response["Location"], url)  # e.g. the log-in page, a workspace
            continue
        if response.status_code >= 400:
            result.errors.append(
                f"{url}: HTTP {response.status_code} (linked from {found_on[url]})"
            )
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        read = _Page()
        read.feed(response.content.decode())
        result.pages.append(url)
        if not read.footer:
            result.errors.append(f"{url}: no footer link to {STATEMENT_PATH}")
        for href in read.links:
            follow(href, url)
        if shapes is not None and read.shape in shapes:
            continue
        if shapes is not None:
            shapes.add(read.shape)
        clock = time.monotonic()
        if page is None:
            page = context.new_page()
            if persona != "-":
                log_in(page, persona)
        shown = page.goto(url)
        if shown is None or shown.status != 200:
            result.errors.append(f"{url}: HTTP {shown and shown.status} in the browser")
            continue
        result.checked += 1
        for v in axe.run(page, options=AXE_OPTIONS).response["violations"]:
            targets = ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"])
            result.findings.append(Finding(url, v["id"], v.get("impact") or "", targets))
        result.spent["browser"] += time.monotonic() - clock
    if page is not None:
        page.close()
    result.seconds = time.monotonic() - began
    return result


def client_for(persona: str):
    """Django's test client as ``persona`` ("-": nobody logged in)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    if persona != "-":
        client.force_login(get_user_model().objects.get(username=persona))
    return client


def report(result: CrawlResult) -> str:
    lines = [
        f"{result.persona}: {len(result.pages)} pages ({result.checked} new shapes checked by "
        f"axe), {len(result.findings)} axe findings "
        f"({len(result.blocking)} serious/critical), {result.seconds:.1f} s ("
        + ", ".join(f"{k} {v:.1f} s" for k, v in sorted(result.spent.items()))
        + ")"
    ]
    lines += [f"  {f.impact}: {f.rule} on {f.url}: {f.targets}" for f in result.blocking]
    tolerated = [f for f in result.findings if f not in result.blocking]
    lines += [f"  tolerated: {f.impact} {f.rule} on {f.url}: {f.targets}" for f in tolerated]
    lines += [f"  error: {e}" for e in result.errors]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    import os

    import django
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bass.settings")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs (conftest.py)
    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    base, *personas = argv
    shapes = None if os.environ.get("EVERY_PAGE") else set()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
        )
        for persona in personas:
            context = browser.new_context(base_url=base, locale="da-DK")
            result = crawl(client_for(persona), context, persona, shapes=shapes)
            print(report(result), flush=True)
            context.close()
        browser.close()


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
