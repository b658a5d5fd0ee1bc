"""Rich text of ambitions and dilemmas: the editor, sanitising, history diffs, conflicts."""

import re
from html import unescape

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from specialties.ambitions import RICH_TEXT_MAX_LENGTH
from specialties.models import Ambition, AmbitionStatus, Dilemma

EDIT = "/specialer/a/ambition/strategisk/rediger/"

HOSTILE = (
    '<p onclick="steal()">Fælles <em>ansvar</em></p>'
    "<script>alert(1)</script>"
    '<a href="javascript:alert(2)">klik</a>'
    '<a href="https://www.regionsjaelland.dk" onmouseover="x()">regionen</a>'
    "<style>p { display: none }</style>"
    '<svg><script>alert(3)</script><circle r="1"/></svg>'
    '<img src="file:///etc/passwd"><img src="http://10.0.0.1/intern.png">'
    "<table><tbody><tr><th>Mål</th><td>90 %</td></tr></tbody></table>"
)


def saved_text() -> str:
    return Ambition.objects.get(kind="strategic").draft_text


@pytest.mark.django_db
def test_editor_form_uses_the_packaged_editor_and_works_without_javascript(world, login):
    response = login(world.owner_a).get(EDIT)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<textarea[^>]+name="draft_text"', html)  # the no-JS fallback
    assert "data-django-prose-editor-configurable" in html
    assert "/static/django_prose_editor/editor.js" in html
    assert not re.search(r'<script[^>]+src="(https?:)?//', html)  # no CDN
    assert finders.find("django_prose_editor/editor.js")
    config = unescape(re.search(r'data-django-prose-editor-configurable="([^"]+)"', html)[1])
    for extension in ("Heading", "Bold", "Italic", "BulletList", "OrderedList", "Link", "Table"):
        assert f'"{extension}"' in config


@pytest.mark.django_db
def test_hostile_markup_is_stripped_on_save(world, login):
    client = login(world.owner_a)
    assert client.post(EDIT, {"draft_text": HOSTILE}).status_code == 302
    text = saved_text()
    for bad in ("<script", "onclick", "onmouseover", "javascript:", "<style", "<svg", "<img"):
        assert bad not in text
    assert "<p>Fælles <em>ansvar</em></p>" in text
    assert 'href="https://www.regionsjaelland.dk"' in text
    assert "<th>Mål</th>" in text
    page = client.get(reverse("ambition_detail", args=["a", "strategisk"])).content.decode()
    assert "alert(" not in page and "steal()" not in page

    # The model sanitises whatever writes it, not only the form.
    dilemma = Dilemma.objects.create(
        specialty=world.specialty_a, kind="strategic", title="T", description=HOSTILE
    )
    dilemma.refresh_from_db()
    assert "<script" not in dilemma.description and "onclick" not in dilemma.description


@pytest.mark.django_db
def test_nul_bytes_and_overlong_text_are_refused_with_a_message(world, login):
    client = login(world.owner_a)
    response = client.post(EDIT, {"draft_text": "<p>a\x00b</p>"})
    assert response.status_code == 200
    assert not Ambition.objects.exists()
    response = client.post(EDIT, {"draft_text": "<p>" + "x" * RICH_TEXT_MAX_LENGTH + "</p>"})
    assert response.status_code == 200
    assert str(RICH_TEXT_MAX_LENGTH) in response.content.decode()  # the limit is stated
    assert not Ambition.objects.exists()
    # A pasted 5 MB document reaches the form and gets the same clear message, never a 500.
    response = client.post(EDIT, {"draft_text": "x" * 5_000_000})
    assert response.status_code == 200
    assert str(RICH_TEXT_MAX_LENGTH) in response.content.decode()
    assert not Ambition.objects.exists()


@pytest.mark.django_db
def test_history_page_shows_a_word_diff_of_the_rich_text(world, login):
    client = login(world.owner_a)
    client.post(EDIT, {"draft_text": "<p>Fælles ansvar for lungemedicin</p>"})
    ambition = Ambition.objects.get()
    client.post(
        EDIT,
        {"draft_text": "<p>Fælles ansvar for <strong>hele</strong> regionen</p>",
         "base_version": ambition.version},
    )  # fmt: skip
    records = list(ambition.history.order_by("history_date", "history_id"))
    response = client.get(
        ambition.get_history_url(),
        {"a": records[0].history_id, "b": records[-1].history_id},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<ins>hele regionen</ins>" in html
    assert "<del>lungemedicin</del>" in html
    assert "&lt;strong&gt;" not in html  # compared as text, not as markup


@pytest.mark.django_db
def test_conflict_on_a_stale_version_shows_both_texts_and_keeps_the_typed_text(world, login):
    client = login(world.owner_a)
    client.post(EDIT, {"draft_text": "<p>Udgangspunkt</p>"})
    opened_on = Ambition.objects.get().version
    client.post(EDIT, {"draft_text": "<p>Kollegaens tekst</p>", "base_version": opened_on})

    mine = "<p>Min <strong>egen</strong> tekst</p>"
    response = client.post(EDIT, {"draft_text": mine, "base_version": opened_on})
    assert response.status_code == 409
    html = response.content.decode()
    assert "<p>Kollegaens tekst</p>" in html  # theirs, formatted
    assert "<p>Min <strong>egen</strong> tekst</p>" in html  # mine, formatted
    assert "<ins>" in html and "<del>" in html  # and the words that differ
    textarea = re.search(r'<textarea[^>]+name="draft_text"[^>]*>(.*?)</textarea>', html, re.S)
    assert unescape(textarea[1]).strip() == mine  # nothing typed is lost
    assert Ambition.objects.get().draft_text == "<p>Kollegaens tekst</p>"

    # Saving again from the conflict page (now based on the saved version) keeps mine.
    rebased = re.search(r'name="base_version" value="(\d+)"', html)[1]
    response = client.post(EDIT, {"draft_text": mine, "base_version": rebased})
    assert response.status_code == 302
    assert Ambition.objects.get().draft_text == mine
    assert Ambition.objects.get().status == AmbitionStatus.DRAFT


@pytest.mark.django_db
def test_dilemma_edit_conflict_uses_the_shared_conflict_page(world, login):
    client = login(world.owner_a)
    dilemma = Dilemma.objects.create(specialty=world.specialty_a, kind="strategic", title="A")
    url = reverse("dilemma_update", args=["a", dilemma.pk])
    data = {"title": "B", "description": "", "order": 0, "base_version": dilemma.version}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data | {"title": "C"})
    assert response.status_code == 409
    assert Dilemma.objects.get().title == "B"


@pytest.mark.django_db
def test_text_sent_after_the_session_expired_is_offered_again_after_login(world, client):
    client.force_login(world.owner_a)
    client.post(EDIT, {"draft_text": "<p>Før</p>"})
    opened_on = Ambition.objects.get().version
    client.logout()  # the session expired while the owner was writing

    typed = "<p>Lang tekst <strong>skrevet</strong> i en time</p><script>x()</script>"
    response = client.post(EDIT, {"draft_text": typed, "base_version": opened_on})
    assert response.status_code == 302
    assert response["Location"].startswith("/log-ind/?next=")
    assert Ambition.objects.get().draft_text == "<p>Før</p>"

    client.force_login(world.owner_a)
    html = client.get(EDIT).content.decode()
    textarea = re.search(r'<textarea[^>]+name="draft_text"[^>]*>(.*?)</textarea>', html, re.S)
    assert unescape(textarea[1]).strip() == "<p>Lang tekst <strong>skrevet</strong> i en time</p>"
    assert f'name="base_version" value="{opened_on}"' in html
    # Offered once; a later visit shows the saved text.
    html = client.get(EDIT).content.decode()
    assert "Lang tekst" not in html


@pytest.mark.django_db
def test_kept_text_is_not_offered_to_someone_without_permission(world, client):
    client.post(EDIT, {"draft_text": "<p>Hemmelig</p>"})
    client.force_login(world.lead_a)
    assert client.get(EDIT).status_code == 403


@pytest.mark.django_db
def test_two_people_writing_the_first_version_at_once_meet_the_conflict_page(
    world, login, monkeypatch
):
    client = login(world.owner_a)
    client.post(EDIT, {"draft_text": "<p>Den første</p>", "base_version": "0"})
    # The second request looked for the ambition before the first one was saved.
    from specialties import ambition_views

    monkeypatch.setattr(
        ambition_views,
        "ambition_or_new",
        lambda specialty, kind: Ambition(specialty=specialty, kind=kind),
    )
    response = client.post(EDIT, {"draft_text": "<p>Den anden</p>", "base_version": "0"})
    assert response.status_code == 409
    assert "<p>Den første</p>" in response.content.decode()
    assert Ambition.objects.get().draft_text == "<p>Den første</p>"
