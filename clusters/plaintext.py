"""Plain text typed before the agenda fields became formatted text, turned into the HTML the
editor writes: a blank line or a line break ends a paragraph, lines starting with "- " (or
"* ", "• ") become a bulleted list and lines starting with "1." (any number, or "1)") a
numbered list. Text that already holds HTML is left to the sanitiser."""

import re
from html import escape

_HTML = re.compile(r"<(p|ul|ol|li|br|strong|em|b|i|h\d|table|div|span)\b", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-*•·]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")


def looks_like_html(text: str) -> bool:
    return bool(_HTML.search(text or ""))


def plain_to_html(text: str | None) -> str:
    """HTML paragraphs and lists for ``text``; "" for empty text; HTML unchanged."""
    if not text or not text.strip():
        return ""
    if looks_like_html(text):
        return text
    blocks: list[str] = []
    items: list[str] = []
    kind = None  # "ul" or "ol" while a list is open

    def close_list():
        nonlocal kind
        if kind:
            blocks.append(f"<{kind}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{kind}>")
            items.clear()
            kind = None

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            close_list()
            continue
        bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
        if bullet or numbered:
            wanted = "ul" if bullet else "ol"
            if kind != wanted:
                close_list()
                kind = wanted
            items.append(escape((bullet or numbered).group(1).strip()))
            continue
        close_list()
        blocks.append(f"<p>{escape(line.strip())}</p>")
    close_list()
    return "".join(blocks)
