"""Search in agenda items and minutes: every formatted field of an item, its decision, its
ids and the titles of its attachments.

PostgreSQL: full-text search with the Danish configuration (stems, so "prioritere" finds
"prioriterede"), ranked, plus a plain match for ids and abbreviations ("FMK",
"EMN-2024-10711") that the stemmer would split or miss. SQLite (the embedded default): a
case-insensitive filter on the same fields.

``hits`` names the fields an item matched in and gives a short excerpt with the words
marked, for the result list.
"""

import re

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from bass.search import every_word
from bass.text import html_to_text
from clusters.models import AgendaAttachment

# field -> label shown with a hit, in the order hits are listed
FIELDS = {
    "title": _("Title"),
    "decision": _("Decision"),
    "summary": _("Summary of the case"),
    "recommendation": _("Recommendation"),
    "case_presentation": _("Case presentation"),
    "finances": _("Finances"),
    "earlier_decisions": _("Earlier decisions"),
    "case_id": _("Case id"),
    "document_id": _("Document id"),
}
_WORD = re.compile(r"[\w-]+", re.UNICODE)
EXCERPT = 90  # characters either side of the first hit


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if len(w) > 1]


def _plain_condition(text: str) -> Q:
    def attachment_titles(word: str) -> Q:
        return Q(
            Exists(AgendaAttachment.objects.filter(item=OuterRef("pk"), title__icontains=word))
        )

    return every_word(FIELDS, _words(text) or [text], also=attachment_titles)


def search_items(items, text: str):
    text = text.strip()
    if not text:
        return items
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("decision", "title", weight="A", config="danish")
            + SearchVector("summary", "recommendation", weight="B", config="danish")
            + SearchVector(
                "case_presentation", "finances", "earlier_decisions", weight="C", config="danish"
            )
        )
        # Attachment titles are matched by the plain condition (an EXISTS per word): in the
        # vector their join would repeat an item once per attachment.
        query = SearchQuery(text, config="danish", search_type="websearch")
        matching = items.model.objects.annotate(document=vector).filter(document=query)
        # Match with @@ (a rank can be above 0 for rows that do not match) and order by rank.
        return (
            items.filter(Q(pk__in=matching.values("pk")) | _plain_condition(text))
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", "-meeting__starts_at", "number")
        )
    return items.filter(_plain_condition(text))


# Kept for callers of the earlier name.
search_decisions = search_items


def _stem(word: str) -> str:
    """A crude stem for marking hits (the database stems properly): the first five letters
    of longer words, so "prioritere" marks "prioriterede"."""
    return word[:5] if len(word) > 6 else word


def hits(item, text: str, attachments=()) -> list[dict]:
    """[{"label", "excerpt"}] for each field of ``item`` that holds a word of ``text``."""
    words = _words(text)
    if not words:
        return []
    pattern = re.compile(
        "(" + "|".join(re.escape(_stem(w)) for w in words) + r")[\w-]*", re.IGNORECASE
    )
    found = []
    sources = [(label, getattr(item, name) or "") for name, label in FIELDS.items()]
    sources += [(_("Attachment"), a.title) for a in attachments]
    for label, value in sources:
        plain = html_to_text(value).replace("\n", " ")
        match = pattern.search(plain)
        if not match:
            continue
        start = max(0, match.start() - EXCERPT)
        end = min(len(plain), match.end() + EXCERPT)
        piece = plain[start:end]
        marked = pattern.sub(lambda m: f"\x00{m.group(0)}\x01", piece)
        html = escape(marked).replace("\x00", "<mark>").replace("\x01", "</mark>")
        prefix = "… " if start else ""
        suffix = " …" if end < len(plain) else ""
        found.append({"label": label, "excerpt": mark_safe(prefix + html + suffix)})  # noqa: S308 - escaped above
    return found
