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


# --- paragraphs: the unit an edit conflict is resolved in ------------------------------

_TAG_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_VOID_TAGS = {"br", "hr", "img", "wbr"}
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")


def paragraphs(text: str | None, *, rich: bool = False) -> list[str]:
    """The paragraphs of a text: the top-level blocks of (sanitised) rich text, or the
    blocks of plain text between blank lines. Joining them again (``join_paragraphs``)
    gives the text back, up to whitespace between blocks."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if not rich:
        return [block.strip("\n") for block in _BLANK_LINES.split(text) if block.strip()]
    blocks: list[str] = []
    depth = 0
    start = 0
    position = 0
    for match in _TAG_TOKEN.finditer(text):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if depth == 0 and match.start() > position and text[position : match.start()].strip():
            # Bare text between blocks is a paragraph of its own.
            blocks.append(text[position : match.start()].strip())
        if depth == 0:
            start = match.start()
        if closing:
            depth = max(depth - 1, 0)
        elif not self_closing and name not in _VOID_TAGS:
            depth += 1
        position = match.end()
        if depth == 0:
            blocks.append(text[start:position].strip())
    if text[position:].strip():
        blocks.append(text[position:].strip())
    return [block for block in blocks if block]


def join_paragraphs(blocks: list[str], *, rich: bool = False) -> str:
    return "".join(blocks) if rich else "\n\n".join(blocks)


def _comparable(block: str, rich: bool) -> str:
    """What two paragraphs are compared by: their words (markup an editor rewrites and
    spacing do not count)."""
    return " ".join((html_to_text(block) if rich else block).split())


def paragraph_chunks(theirs: str | None, mine: str | None, *, rich: bool = False) -> list[dict]:
    """The two texts aligned paragraph by paragraph.

    A list of chunks in text order: ``{"same": True, "theirs": [...], "mine": [...]}`` for
    paragraphs both texts have, else ``{"same": False, "theirs": [...], "mine": [...]}``
    for a place where they differ (one side may be empty: a paragraph only one of them
    has). A replaced run is split into one chunk per pair of paragraphs, so each can be
    chosen on its own; the paragraphs one side has beyond the pairs make one more chunk.
    """
    a, b = paragraphs(theirs, rich=rich), paragraphs(mine, rich=rich)
    matcher = difflib.SequenceMatcher(
        a=[_comparable(x, rich) for x in a], b=[_comparable(x, rich) for x in b], autojunk=False
    )
    chunks: list[dict] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            chunks.append({"same": True, "theirs": a[a0:a1], "mine": b[b0:b1]})
        elif op == "replace":
            # Paired one by one; what one side has more of is a chunk of its own.
            pairs = min(a1 - a0, b1 - b0)
            for i in range(pairs):
                chunks.append({"same": False, "theirs": [a[a0 + i]], "mine": [b[b0 + i]]})
            if a0 + pairs < a1 or b0 + pairs < b1:
                chunks.append(
                    {"same": False, "theirs": a[a0 + pairs : a1], "mine": b[b0 + pairs : b1]}
                )
        else:
            chunks.append({"same": False, "theirs": a[a0:a1], "mine": b[b0:b1]})
    return chunks


def chunks_signature(chunks: list[dict], rich: bool = False) -> str:
    """A short fingerprint of an alignment, to tell whether choices made on one still fit."""
    import hashlib

    digest = hashlib.sha256()
    for chunk in chunks:
        for side in ("theirs", "mine"):
            for block in chunk[side]:
                digest.update(_comparable(block, rich).encode())
                digest.update(b"\x1f")
            digest.update(b"\x1e")
        digest.update(b"\x1d" if chunk["same"] else b"\x1c")
    return digest.hexdigest()[:32]


def merge_chunks(chunks: list[dict], choices: list[str], *, rich: bool = False) -> str:
    """The text made of each differing chunk's chosen side ("theirs", "mine" or "both")
    and the paragraphs both texts share (kept as the person typed them)."""
    blocks: list[str] = []
    differing = iter(choices)
    for chunk in chunks:
        if chunk["same"]:
            blocks.extend(chunk["mine"])
            continue
        choice = next(differing)
        if choice in ("theirs", "both"):
            blocks.extend(chunk["theirs"])
        if choice in ("mine", "both"):
            blocks.extend(chunk["mine"])
    return join_paragraphs(blocks, rich=rich)
