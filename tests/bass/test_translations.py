"""The Danish catalogue is complete: a Danish user never meets an English or half-checked
("fuzzy") text, and no translation loses or invents a placeholder (that would raise
KeyError or show a wrong value on the page).

The catalogue is parsed with a small reader of the PO format (polib is not installed).
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0 +-]*\d*(?:\.\d+)?([sdifrx%])")


def read_po(path: Path) -> list[dict]:
    """Entries of a PO file as dicts: msgctxt, msgid, msgid_plural, msgstr[i], flags."""
    entries, entry, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry is not None and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "obsolete": False}
        if line.startswith("#~"):
            entry["obsolete"] = True
            line = line[2:].strip()
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith(("#", "|")) or not line:
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _space, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return entries


def msgstrs(entry: dict) -> dict[str, str]:
    return {key: value for key, value in entry.items() if key.startswith("msgstr")}


def label(entry: dict) -> str:
    return f"{entry.get('msgctxt', '')}|{entry['msgid'][:70]}"


def placeholders(text: str) -> list[str]:
    found = (name + kind if name else kind for name, kind in PLACEHOLDER.findall(text))
    return sorted(p for p in found if p != "%")


@pytest.fixture(scope="module")
def danish():
    entries = read_po(LOCALE / "da" / "LC_MESSAGES" / "django.po")
    return [e for e in entries if e["msgid"] and not e["obsolete"]]


def test_the_danish_catalogue_has_the_interface_of_every_app(danish):
    assert len(danish) > 1000


def test_no_danish_entry_is_untranslated(danish):
    empty = [label(e) for e in danish if not all(msgstrs(e).values())]
    assert empty == []


def test_no_danish_entry_is_fuzzy(danish):
    assert [label(e) for e in danish if "fuzzy" in e["flags"]] == []


def test_no_english_entry_is_fuzzy():
    english = read_po(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    assert [label(e) for e in english if "fuzzy" in e["flags"] and e["msgid"]] == []


def test_danish_translations_keep_the_placeholders_of_the_english_text(danish):
    wrong = []
    for entry in danish:
        if "python-format" not in entry["flags"]:
            continue
        for key, text in msgstrs(entry).items():
            source = entry["msgid"] if key in ("msgstr", "msgstr[0]") else entry["msgid_plural"]
            if placeholders(text) != placeholders(source):
                wrong.append(f"{label(entry)} {key}: {text}")
    assert wrong == []


def test_the_placeholder_check_notices_a_lost_placeholder():
    assert placeholders("Slet fasen “%(t)s”?") != placeholders("Slet fasen?")
    assert placeholders("50 %% af %(n)d") == placeholders("%(n)d of 50 %%")


@pytest.mark.parametrize(
    "english",
    [
        "Improvement projects",
        "New phase",
        "Phases",
        "Cluster initiative",
        "The centre line and limits are calculated from every data point of each phase.",
    ],
)
def test_new_interface_texts_are_shown_in_danish(english):
    with translation.override("da"):
        danish = translation.gettext(english)
    assert danish != english, (
        "Untranslated, or locale/da/LC_MESSAGES/django.mo is stale: run compilemessages"
    )


def test_danish_plural_and_context_translations():
    with translation.override("da"):
        one = translation.ngettext(
            "The centre line and limits are frozen after the first %(n)s data point of each phase.",
            "The centre line and limits are frozen after the first %(n)s data points of each "
            "phase.",
            12,
        ) % {"n": 12}
        rated = translation.pgettext("rated by the prism", "Initiative")
    assert one == (
        "Centerlinjen og kontrolgrænserne er fastlåst efter de første 12 datapunkter i hver fase."
    )
    assert rated == "Indsats"
