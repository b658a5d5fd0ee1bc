"""Paste from Word: Word's fake lists (MsoListParagraph paragraphs with a typed bullet or
number in an mso-list:Ignore or Symbol/Wingdings span) become real lists on the server,
whatever the browser sends (bass/wordpaste.py, run by bass.text.sanitize_html)."""

from pathlib import Path

from django.urls import reverse

from bass.text import sanitize_html
from bass.wordpaste import word_lists_to_html
from clusters.models import AgendaItem

# As Word 2016 (Danish) puts it on the clipboard (word_paste.html): a bulleted list with a
# second level in Courier New, a paragraph, a numbered list and a Wingdings bullet without
# an Ignore span.
WORD = (Path(__file__).parent / "word_paste.html").read_text(encoding="utf-8")


EXPECTED = (
    "<p><b>Indstilling</b></p>\n"
    "<ul><li>at forummet <i>tager</i> orienteringen til efterretning"
    "<ul><li>underpunkt</li></ul></li><li>at <b>FMK</b> bruges</li></ul>"
    "<p>Mellemtekst &amp; mere</p>\n"
    "<ol><li>Første</li><li>Anden</li></ol>"
    "<ul><li>Wingdings-punkt</li></ul>"
)


def test_word_lists_become_real_lists():
    assert sanitize_html(WORD) == EXPECTED


def test_html_without_word_lists_is_left_alone():
    html = "<p>En <strong>linje</strong></p><ul><li>· ikke Word</li></ul>"
    assert word_lists_to_html(html) is html
    assert sanitize_html(html) == html


def test_a_list_paragraph_without_a_marker_stays_a_paragraph():
    html = "<p class=MsoListParagraph>Indrykket tekst</p>"
    assert sanitize_html(html) == "<p>Indrykket tekst</p>"


def test_a_pasted_recommendation_is_stored_as_lists(cw, login):
    client = login(cw.world.owner_a)
    meeting = cw.a.meeting
    meeting.status = "draft"
    meeting.save()
    response = client.post(
        reverse("item_create", args=[meeting.pk]),
        {"number": 3, "title": "Fra Word", "recommendation": WORD},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting, number=3)
    assert item.recommendation == EXPECTED
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "<li>at <b>FMK</b> bruges</li>" in page


# What the browser's editor sends after a paste from Word: the classes and styles are gone,
# the markers remain as text followed by Word's non-breaking spaces.
EDITOR = (
    "<p><strong>Indstilling</strong></p>"
    "<p>·&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; at forummet <em>tager</em> orienteringen</p>"
    "<p>o&nbsp;&nbsp; underpunkt</p>"
    "<p>·&nbsp; at FMK bruges</p>"
    "<p>Mellemtekst</p>"
    "<p>1.&nbsp;&nbsp;&nbsp; Første</p>"
    "<p>2.&nbsp; Anden</p>"
    "<p>§&nbsp;&nbsp;&nbsp; Wingdings-punkt</p>"
    "<p>1. Indledning som afsnit</p>"
    "<p>§&nbsp;17, stk. 4 i sundhedsloven</p>"
)


def test_lists_the_editor_sent_as_paragraphs_with_markers_become_lists():
    assert sanitize_html(EDITOR) == (
        "<p><strong>Indstilling</strong></p>"
        "<ul><li>at forummet <em>tager</em> orienteringen<ul><li>underpunkt</li></ul></li>"
        "<li>at FMK bruges</li></ul>"
        "<p>Mellemtekst</p>"
        "<ol><li>Første</li><li>Anden</li></ol>"
        "<ul><li>Wingdings-punkt</li></ul>"
        "<p>1. Indledning som afsnit</p>"
        "<p>§&nbsp;17, stk. 4 i sundhedsloven</p>"
    )
