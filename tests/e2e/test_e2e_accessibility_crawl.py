"""Every page of the demo, as each persona, in Chromium: axe-core finds nothing serious or
critical, every page links to the accessibility statement in its footer, no link a persona is
shown leads to an error, and no page breaks the Content-Security-Policy.

The crawl (tests/e2e/crawl.py) follows the links breadth-first from the home page, GET only,
and fetches each URL pattern once per persona with Django's test client (status, footer,
links); every page whose shape (its kinds of element) no persona has shown before is then
opened in Chromium, logged in as the persona, and run through axe.
"""

import io
import time

import pytest
from django.core.management import call_command

from clusters.models import Meeting, MeetingStatus
from tests.conftest import DEMO_TODAY
from tests.e2e.conftest import assert_no_csp_violations, watch_csp
from tests.e2e.crawl import STATEMENT_PATH, _Page, client_for, crawl, report, route_key

# Its own xdist group, scheduled first (tests/conftest.py): the longest single test starts on
# one worker while the other takes the rest of the suite.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("axe_crawl")]

PERSONAS = [
    "specialeejer",
    "implementering",
    "kerneteam",
    "specialeejer-lunge",
    "styregruppe",
    "administrator",
    "klynge_formand",
    "klynge_sekretaer",
    "klynge_medlem",
]
ANONYMOUS = "-"


def _load_the_demo() -> None:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_sustainability_demo", stdout=out, today=DEMO_TODAY)
    call_command("load_cluster_demo", stdout=out)
    call_command("load_improvement_demo", stdout=out, today=DEMO_TODAY)
    call_command("load_plans_demo", stdout=out, today=DEMO_TODAY)


def _public_pages() -> tuple[str, ...]:
    """What a visitor without an account reaches: the log-in page (the home page sends them
    there), the statement and the public versions of meetings (linked from e-mails)."""
    meetings = Meeting.objects.exclude(status=MeetingStatus.DRAFT).order_by("pk")[:2]
    return ("/", STATEMENT_PATH, *(f"/klynger/offentlig/moeder/{m.pk}/" for m in meetings))


def test_every_page_as_every_persona_passes_axe(browser, live_server, settings, transactional_db):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    began = time.monotonic()
    _load_the_demo()
    loaded = time.monotonic() - began

    shapes: set[str] = set()
    results = []
    csp: list[str] = []
    for persona in [ANONYMOUS, *PERSONAS]:
        context = browser.new_context(base_url=live_server.url, locale="da-DK")
        context.set_default_timeout(15_000)
        csp += watch_csp(context)
        try:
            starts = _public_pages() if persona == ANONYMOUS else ("/",)
            client = client_for(persona)
            results.append(crawl(client, context, persona, starts=starts, shapes=shapes))
        finally:
            context.close()
        print(report(results[-1]))
    pages = sum(len(r.pages) for r in results)
    checked = sum(r.checked for r in results)
    print(
        f"axe crawl: {pages} pages, {checked} shapes checked by axe, {len(results)} personas, "
        f"demo loaded in {loaded:.0f} s, crawled in {time.monotonic() - began - loaded:.0f} s"
    )

    problems = [
        f"{r.persona}: {f.impact} {f.rule} on {f.url}: {f.targets}"
        for r in results
        for f in r.blocking
    ] + [f"{r.persona}: {e}" for r in results for e in r.errors]
    assert not problems, "\n".join(problems)
    assert_no_csp_violations(csp)
    # The crawl really went round: every persona saw a good part of the demo.
    by_persona = {r.persona: len(r.pages) for r in results}
    assert by_persona[ANONYMOUS] >= 3
    assert all(by_persona[p] >= 20 for p in PERSONAS), by_persona


@pytest.mark.parametrize(
    "path",
    [
        "/log-ud/",
        "/admin/",
        "/api/v1/measures/",
        "/api/schema.json",
        "/oversigt/eksport.xlsx",
        "/klynger/moeder/3/dagsorden-udsendt.pdf",
        "/eksport/fil/4/hent/",
        "/notifikationer/5/aabn/",
        "/sso/log-ind/",
        "/static/css/bass.css",
        "/findes-ikke/",
    ],
)
def test_the_crawl_leaves_downloads_side_effects_and_the_api_alone(path):
    assert route_key(path) is None


def test_the_crawl_visits_one_page_per_pattern():
    assert route_key("/specialer/kardiologi/") == route_key("/specialer/geriatri/")
    assert route_key("/specialer/kardiologi/") != route_key("/specialer/")
    assert route_key("/api/") is not None  # the API's documentation page is a page


def _read(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_a_pages_shape_ignores_its_data_but_not_a_nameless_link():
    one = _read('<main><a class="x" href="/a/">Kardiologi</a></main><footer><a href="/was">W</a>')
    other = _read('<main><a class="x" href="/b/">Geriatri</a></main><footer><a href="/was">W</a>')
    nameless = _read('<main><a class="x" href="/b/"><svg></svg></a></main>')
    assert one.shape == other.shape != nameless.shape
    assert one.footer and not nameless.footer
    assert one.links == ["/a/", "/was"]
