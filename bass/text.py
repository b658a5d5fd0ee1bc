"""Rich text: sanitised on save with an allow-list, rendered from the same source everywhere."""

import re
from html import unescape

import nh3
from django.db import models
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from bass.wordpaste import typed_markers_to_lists, word_lists_to_html

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li",
    "a", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "hr", "sub", "sup",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def in_active_language(danish: str, english: str) -> str:
    """``english`` when English is active and it is written, else ``danish``: the one rule
    for domain names kept in two fields (``name`` / ``name_en``)."""
    if english and (translation.get_language() or "").startswith("en"):
        return english
    return danish


def sanitize_html(value: str | None) -> str:
    if not value:
        return ""
    # Word's fake lists (paragraphs with a typed bullet) become real lists first.
    value = typed_markers_to_lists(word_lists_to_html(value))
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


def render_html(value: str | None) -> SafeString:
    """Mark stored rich text safe. Sanitising again is cheap and protects against rows
    written before an allow-list change or by raw SQL."""
    return mark_safe(sanitize_html(value))  # noqa: S308 - sanitised just above


_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|h\d|li|tr|blockquote)>|<br\s*/?>", re.IGNORECASE)


def html_to_text(value: str | None) -> str:
    """Plain text of rich text, one block per line (for diffs, search and spreadsheets)."""
    if not value:
        return ""
    text = _BLOCK_END.sub("\n", value)
    text = unescape(_TAG.sub("", text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


class RichTextField(models.TextField):
    """A TextField whose HTML is sanitised with the allow-list every time it is saved."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


# Characters that reorder how text is shown without being visible themselves: embeddings and
# overrides (U+202A-U+202E), isolates (U+2066-U+2069) and the marks (U+200E, U+200F, U+061C).
# In a name or title they can make "gnp.exe" read as "exe.png" or hide what a line says.
DIRECTION_CONTROLS = dict.fromkeys(
    [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)


def clean_plain_text(value: str) -> str:
    """A single-line text (name, title) without invisible direction controls."""
    return value.translate(DIRECTION_CONTROLS)
