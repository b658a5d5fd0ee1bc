"""Readable word-level differences between two versions of a text."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from bass.text import html_to_text

_WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str | None, new: str | None, *, rich: bool = False) -> SafeString:
    """HTML with <del> for removed and <ins> for added words; rich text is compared as text."""
    if rich:
        old, new = html_to_text(old), html_to_text(new)
    old_words = _WORDS.findall(old or "")
    new_words = _WORDS.findall(new or "")
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old_words[a0:a1])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(old_words[a0:a1]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(new_words[b0:b1]))}</ins>")
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 - every piece escaped
