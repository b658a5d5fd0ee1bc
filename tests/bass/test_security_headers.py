"""The Content-Security-Policy header, and templates that keep working under it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Pages only: PDFs are rendered by WeasyPrint, and e-mails carry their styles inline because
# mail programs ignore style sheets; neither is served under the site's CSP.
TEMPLATES = [
    p
    for p in (ROOT / "templates").rglob("*.html")
    if not {"pdf", "email"} & set(p.relative_to(ROOT).parts)
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


def test_pages_send_the_policy(client):
    policy = client.get("/log-ind/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no nonce unless a page uses one
    assert directives["style-src"].startswith("'self' 'sha256-")
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_editor_page_allows_its_import_map_by_nonce_only(world, login):
    response = login(world.owner_a).get("/specialer/a/ambition/strategisk/rediger/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
    html = response.content.decode()
    assert f'<script type="importmap" nonce="{nonce}">' in html
    assert len(INLINE_SCRIPT.findall(html)) == 1


def test_no_template_has_inline_script_handlers_or_styles():
    offenders = []
    for path in TEMPLATES:
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, HANDLER, STYLE):
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert len(TEMPLATES) > 50
    assert not offenders, "Inline code the CSP refuses:\n" + "\n".join(offenders)


def test_the_scan_catches_inline_code():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script type="module" src="/static/x.js"></script>')
    assert HANDLER.search('<button onclick="x()">')
    assert STYLE.search('<span style="left: 3%">')
    assert not HANDLER.search('<input name="online_link">')
