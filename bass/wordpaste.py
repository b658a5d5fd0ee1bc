"""Word's lists made real lists.

Word (and Outlook) copy a bulleted or numbered list as paragraphs: each item is a
``<p class="MsoListParagraph...">`` with an ``mso-list: l0 level1 lfo1`` style, and the
bullet or number is text at its start ("·" in a Symbol span, "o" in Courier New, "§" in
Wingdings, "1." ...) inside a ``<span style="mso-list:Ignore">``. The sanitiser would keep
the text and drop the styles, so the list would become paragraphs starting with "·".

``word_lists_to_html`` turns such paragraphs into ``<ul>``/``<ol>`` with ``<li>`` (nested
by the level), drops the marker, and leaves everything else as it was. It runs on the
server before the allow-list (``bass.editor.clean_rich_text``), so it holds whatever the
browser sends.
"""

import re
from html import escape
from html.parser import HTMLParser

_LEVEL = re.compile(r"mso-list\s*:\s*l(\d+)\s+level(\d+)", re.IGNORECASE)
_IGNORE = re.compile(r"mso-list\s*:\s*ignore", re.IGNORECASE)
# What a marker looks like: a bullet glyph, or a number or letter with "." or ")".
_BULLET = re.compile(r"^[·•o§▪■□◦\-–*ü�]$")
_NUMBER = re.compile(r"^(\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6})[.)]$")
_LEADING_MARKER = re.compile(r"^\s*([·•§▪■◦]|\d{1,3}[.)])[\s\u00a0]+")
_SYMBOL_SPAN = re.compile(
    r"^\s*<span[^>]*font-family\s*:\s*[\"']?(?:symbol|wingdings|courier new)[^>]*>"
    r"\s*([^<\s]{1,4})\s*</span>[\s\u00a0]*",
    re.IGNORECASE,
)
_VOID = {"br", "img", "hr", "meta", "link", "input", "col", "wbr", "area", "base"}


def _is_list_paragraph(tag: str, attrs: dict) -> bool:
    if tag != "p":
        return False
    css_class = attrs.get("class") or ""
    style = attrs.get("style") or ""
    return "msolistparagraph" in css_class.lower() or bool(_LEVEL.search(style))


class _Converter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[str] = []  # the open lists, "ul" or "ol", outermost first
        self.item: dict | None = None  # the list paragraph being read

    # --- output ---------------------------------------------------------------------

    def _emit(self, text: str) -> None:
        if self.item is not None:
            if self.item["ignore_depth"]:
                self.item["marker"] += "" if text.startswith("<") else text
            else:
                self.item["body"].append(text)
        else:
            self.out.append(text)

    def _close_lists(self, depth: int = 0) -> None:
        while len(self.lists) > depth:
            self.out.append(f"</li></{self.lists.pop()}>")

    # --- parsing --------------------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.item is None and _is_list_paragraph(tag, attributes):
            match = _LEVEL.search(attributes.get("style") or "")
            self.item = {
                "level": int(match.group(2)) if match else 1,
                "marker": "",
                "ignore_depth": 0,
                "symbol_depth": 0,
                "body": [],
                "depth": 0,
            }
            return
        if self.item is not None:
            style = attributes.get("style") or ""
            if self.item["ignore_depth"]:
                if tag not in _VOID:
                    self.item["ignore_depth"] += 1
                return
            if tag == "span" and _IGNORE.search(style):
                self.item["ignore_depth"] = 1
                return
            if tag not in _VOID:
                self.item["depth"] += 1
            self._emit(self.get_starttag_text() or f"<{tag}>")
            return
        if tag in ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"):
            self._close_lists()
        self._emit(self.get_starttag_text() or f"<{tag}>")

    def handle_startendtag(self, tag, attrs):
        if self.item is not None and self.item["ignore_depth"]:
            return
        self._emit(self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag):
        item = self.item
        if item is not None:
            if item["ignore_depth"]:
                item["ignore_depth"] -= 1
                return
            if tag == "p" and item["depth"] == 0:
                self._finish_item()
                return
            if item["depth"]:
                item["depth"] -= 1
            self._emit(f"</{tag}>")
            return
        self._emit(f"</{tag}>")

    def handle_data(self, data):
        if self.item is None and self.lists and not data.strip():
            return  # the line breaks between Word's list paragraphs
        self._emit(escape(data, quote=False))

    def handle_comment(self, data):
        pass  # Word's conditional comments and style blocks

    def unknown_decl(self, data):
        pass  # <![if !supportLists]> ... <![endif]>

    # --- a finished list paragraph ----------------------------------------------------

    def _finish_item(self) -> None:
        item, self.item = self.item, None
        body = "".join(item["body"])
        marker = item["marker"].replace("\u00a0", " ").strip()
        symbol = None if marker else _SYMBOL_SPAN.match(body)
        if symbol:
            # No Ignore span, but the marker in a Symbol, Wingdings or Courier New span.
            marker, body = symbol.group(1), body[symbol.end() :]
        if not marker:
            # No Ignore span: a marker typed as text at the start ("· ", "1. ").
            text_start = re.sub(r"^(\s*<[^>]+>)*", "", body)
            found = _LEADING_MARKER.match(text_start)
            if found:
                marker = found.group(1)
                body = body.replace(found.group(0), "", 1)
        if not marker:
            self._close_lists()
            self.out.append(f"<p>{body}</p>")
            return
        kind = "ol" if _NUMBER.match(marker) else "ul"
        level = max(1, min(item["level"], 9))
        depth = len(self.lists)
        if depth >= level:
            self._close_lists(level)
            if self.lists and self.lists[-1] != kind:
                self._close_lists(level - 1)
        if len(self.lists) == level:
            self.out.append("</li><li>")
        else:
            while len(self.lists) < level:
                self.out.append(f"<{kind}><li>")
                self.lists.append(kind)
        self.out.append(body.strip())

    def result(self) -> str:
        if self.item is not None:
            self._finish_item()
        self._close_lists()
        return "".join(self.out)


def looks_like_word(value: str) -> bool:
    # Word writes these exactly so; a plain "in" keeps the check cheap for every render.
    return "mso-list" in value or "MsoList" in value


def word_lists_to_html(value: str) -> str:
    """``value`` with Word's list paragraphs made ``<ul>``/``<ol>`` lists; unchanged when
    it holds none."""
    if not value or not looks_like_word(value):
        return value
    converter = _Converter()
    converter.feed(value)
    converter.close()
    return converter.result()


# --- after the browser's editor ------------------------------------------------------
# The editor in the browser parses a paste itself and drops Word's classes and styles, but
# keeps the marker's text: each item arrives as "<p>·&nbsp;&nbsp; text</p>" ("o" for the
# second level, "1.&nbsp;" for a number). Such runs of paragraphs become lists too. A
# number or an "o" counts only when Word's non-breaking spaces follow it, so a paragraph
# typed as "1. Indledning" stays a paragraph.

_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p>", re.IGNORECASE | re.DOTALL)
_NBSP = re.compile(r"&nbsp;|&#160;|&#xa0;", re.IGNORECASE)
_TYPED_MARKER = re.compile(
    r"^(?P<tags>(?:\s*<(?!/)[^>]+>)*)\s*"
    # "§" only before Word's spacing and not before a number: "§ 17" is a reference.
    r"(?P<marker>[·•▪]|§(?=\u00a0[\s\u00a0]*[^\s\u00a0\d])"
    r"|o(?=\u00a0)|\d{1,3}[.)](?=\u00a0)|[a-z][.)](?=\u00a0))[\s\u00a0]+"
)
_CHEAP_SIGN = re.compile(
    r"<p[^>]*>\s*(?:<[^/][^>]*>\s*)*(?:[·•▪]|(?:§|o|\d{1,3}[.)])(?:&nbsp;|\u00a0|&#160;))"
)


def _typed_item(inner: str):
    """(level, kind, body) when a paragraph's text starts with a typed marker, else None."""
    normal = _NBSP.sub("\u00a0", inner)
    found = _TYPED_MARKER.match(normal)
    if not found:
        return None
    marker = found.group("marker")
    kind = "ol" if _NUMBER.match(marker) else "ul"
    level = 2 if marker == "o" else 1
    body = found.group("tags") + normal[found.end() :]
    return level, kind, escape_nbsp(body.strip())


def escape_nbsp(text: str) -> str:
    return text.replace("\u00a0", "&nbsp;")


def _list_html(items) -> str:
    out, lists = [], []
    for level, kind, body in items:
        if len(lists) >= level:
            while len(lists) > level:
                out.append(f"</li></{lists.pop()}>")
            if lists[-1] != kind:
                out.append(f"</li></{lists.pop()}>")
        if len(lists) == level:
            out.append("</li><li>")
        while len(lists) < level:
            out.append(f"<{kind}><li>")
            lists.append(kind)
        out.append(body)
    while lists:
        out.append(f"</li></{lists.pop()}>")
    return "".join(out)


def typed_markers_to_lists(value: str) -> str:
    """Runs of paragraphs that start with a typed bullet or number made lists."""
    if not value or not _CHEAP_SIGN.search(value):
        return value
    out, run, position = [], [], 0
    for match in _PARAGRAPH.finditer(value):
        between = value[position : match.start()]
        item = _typed_item(match.group(1))
        if run and (item is None or between.strip()):
            out.append(_list_html(run))
            run = []
        if item is None:
            out.append(between + match.group(0))
        else:
            if not run:
                out.append(between)
            if item[0] > 1 and not run:
                item = (1, item[1], item[2])  # a list cannot start at its second level
            run.append(item)
        position = match.end()
    if run:
        out.append(_list_html(run))
    out.append(value[position:])
    return "".join(out)
