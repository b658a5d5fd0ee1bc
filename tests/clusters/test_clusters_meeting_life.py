"""The meeting's life (draft → agenda sent → held → minutes for approval → approved), who
may do what on the way, the public version and the formatted text of the fields."""

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from django_prose_editor.fields import ProseEditorFormField

from bass.text import sanitize_html
from clusters.forms import AgendaItemForm, DecisionForm
from clusters.models import AgendaItem, Attendance, Dissent, Meeting, MeetingStatus
from clusters.plaintext import plain_to_html
from notifications.models import Notification
from tests.conftest import assign, make_user

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext")


def _pdf_text(field, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    with field.open("rb") as handle:
        path.write_bytes(handle.read())
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


# --- formatted text ---------------------------------------------------------------------


def test_plain_text_becomes_paragraphs_and_lists():
    text = (
        "Det indstilles at Fagligt Strategisk Forum\n\n"
        "1. Indstiller forslagene i prioriteret rækkefølge\n"
        "2. Drøfter om flere kommuner vil deltage\n"
        "Bemærk 5 < 7 og x > y\n"
        "- Godkender dagsordenen.\n"
        "- Tager orienteringen til efterretning."
    )
    assert plain_to_html(text) == (
        "<p>Det indstilles at Fagligt Strategisk Forum</p>"
        "<ol><li>Indstiller forslagene i prioriteret rækkefølge</li>"
        "<li>Drøfter om flere kommuner vil deltage</li></ol>"
        "<p>Bemærk 5 &lt; 7 og x &gt; y</p>"
        "<ul><li>Godkender dagsordenen.</li><li>Tager orienteringen til efterretning.</li></ul>"
    )
    assert plain_to_html("") == "" and plain_to_html(" \n ") == ""
    assert plain_to_html("<p>Allerede formateret</p>") == "<p>Allerede formateret</p>"


def test_a_paste_from_word_keeps_paragraphs_lists_and_emphasis():
    word = (
        '<p class="MsoNormal" style="mso-line-height:12pt"><b><span lang="DA">Indstilling'
        "</span></b><o:p></o:p></p>"
        '<ol style="margin-top:0cm"><li class="MsoListParagraph">Godkender <i>dagsordenen</i>'
        "</li><li>Drøfter <strong>FMK</strong></li></ol>"
        "<ul><li><em>Basal palliation</em></li></ul><script>alert(1)</script>"
    )
    clean = sanitize_html(word)
    assert "<ol><li>Godkender <i>dagsordenen</i></li><li>Drøfter <strong>FMK</strong>" in clean
    assert "<ul><li><em>Basal palliation</em></li></ul>" in clean
    assert "<p><b>" in clean and "Indstilling" in clean
    assert "class=" not in clean and "style=" not in clean and "script" not in clean


def test_every_agenda_and_minutes_field_uses_the_ambitions_editor(cw):
    form = AgendaItemForm(meeting=cw.a.meeting)
    for name in ["summary", "recommendation", "case_presentation", "finances"]:
        assert isinstance(form.fields[name], ProseEditorFormField), name
    assert isinstance(form.fields["earlier_decisions"], ProseEditorFormField)
    decision = DecisionForm(instance=cw.a.item, meeting=cw.a.meeting)
    assert isinstance(decision.fields["decision"], ProseEditorFormField)


def test_empty_fields_are_not_printed_as_headings(cw, login):
    page = login(cw.world.owner_a).get(cw.a.meeting.get_absolute_url()).content.decode()
    assert "Resumé" in page  # item 1 has a summary
    assert "Sagsfremstilling" not in page  # no item has a case presentation
    assert "Økonomi" not in page


# --- the meeting's life -----------------------------------------------------------------


@pytest.fixture
def secretary(cw):
    user = make_user("sekretaer")
    assign(user, "forum_secretary", cw.a.forum)
    return user


@pytest.fixture
def draft(cw):
    meeting = Meeting.objects.create(
        forum=cw.a.forum,
        starts_at=timezone.make_aware(datetime.datetime(2026, 5, 7, 16, 30)),
        place="Slagelse Sygehus",
    )
    AgendaItem.objects.create(
        meeting=meeting,
        number=1,
        title="Godkendelse af dagsorden",
        recommendation="<ul><li>Godkender dagsordenen.</li></ul>",
    )
    AgendaItem.objects.create(
        meeting=meeting,
        number=2,
        title="Fortrolig personsag",
        is_closed=True,
        summary="<p>Hemmelig tekst om en ansat</p>",
        decision="<p>Hemmelig beslutning</p>",
    )
    return meeting


def _advance(client, meeting):
    meeting.refresh_from_db()
    return client.post(reverse("meeting_advance", args=[meeting.pk]), {"from": meeting.status})


@needs_pdftotext
def test_a_meeting_goes_through_its_life(cw, draft, secretary, login, tmp_path):
    item = draft.items.get(number=1)
    # Draft: the secretary and the chair only.
    assert login(cw.world.lead_a).get(draft.get_absolute_url()).status_code == 404
    assert login(cw.world.lead_a).get(reverse("item_update", args=[item.pk])).status_code == 404
    assert login(cw.world.core_a).get(draft.get_absolute_url()).status_code == 404
    assert login(cw.world.owner_a).get(draft.get_absolute_url()).status_code == 200
    assert "Fortrolig personsag" not in (
        login(cw.world.lead_a).get(reverse("decision_log"), {"q": "Godkender"}).content.decode()
    )

    # The secretary sends the agenda: the forum is told, the agenda as sent is stored.
    assert _advance(login(secretary), draft).status_code == 302
    draft.refresh_from_db()
    assert draft.status == MeetingStatus.PUBLISHED and draft.published_at
    assert draft.agenda_pdf and draft.public_agenda_pdf
    told = set(
        Notification.objects.filter(event="agenda_published").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"owner_a", "lead_a"}
    assert "Hemmelig tekst" in _pdf_text(draft.agenda_pdf, tmp_path)
    assert login(cw.world.lead_a).get(draft.get_absolute_url()).status_code == 200
    assert draft.history.first().history_change_reason == "Dagsorden udsendt"

    # A member does not move the meeting on and does not write decisions.
    assert _advance(login(cw.world.lead_a), draft).status_code == 403
    assert _advance(login(secretary), draft).status_code == 302  # held
    assert login(cw.world.lead_a).get(reverse("item_decision", args=[item.pk])).status_code == 403
    response = login(secretary).post(
        reverse("item_decision", args=[item.pk]),
        {"decision": "<p>Dagsordenen blev godkendt.</p>", "absent": "", "base_version": 1},
    )
    assert response.status_code == 302

    # A member adds a dissent; it is printed under the item.
    response = login(cw.world.lead_a).post(
        reverse("item_dissent", args=[item.pk]), {"text": "Jeg kunne ikke tilslutte mig."}
    )
    assert response.status_code == 302
    assert Dissent.objects.get().author_name == "Lead_A"

    assert _advance(login(secretary), draft).status_code == 302  # minutes for approval
    assert set(
        Notification.objects.filter(event="minutes_submitted").values_list(
            "recipient__username", flat=True
        )
    ) == {"owner_a"}
    assert _advance(login(secretary), draft).status_code == 403  # only the chair approves
    assert _advance(login(cw.world.owner_a), draft).status_code == 302
    draft.refresh_from_db()
    assert draft.status == MeetingStatus.APPROVED and draft.approved_by == cw.world.owner_a
    assert draft.public_minutes_pdf

    # Locked: no dissent after approval; a change needs a reason and is marked.
    assert (
        login(cw.world.lead_a)
        .post(reverse("item_dissent", args=[item.pk]), {"text": "For sent"})
        .status_code
        == 302
    )
    assert Dissent.objects.count() == 1
    item.refresh_from_db()
    url = reverse("item_decision", args=[item.pk])
    data = {"decision": "<p>Rettet.</p>", "absent": "", "base_version": item.version}
    response = login(secretary).post(url, data)
    assert response.status_code == 200 and "change_reason" in response.context["form"].errors
    item.refresh_from_db()
    assert item.decision == "<p>Dagsordenen blev godkendt.</p>"
    response = login(secretary).post(url, {**data, "change_reason": "Stavefejl"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.corrected_after_approval
    assert item.history.first().history_change_reason == "Stavefejl"
    page = login(cw.world.lead_a).get(draft.get_absolute_url()).content.decode()
    assert "rettet efter godkendelse" in page
    assert "Jeg kunne ikke tilslutte mig." in page


@needs_pdftotext
def test_public_page_and_pdf_hold_no_closed_item_text(
    cw, draft, secretary, login, client, tmp_path
):
    assert client.get(reverse("public_meeting", args=[draft.pk])).status_code == 404  # draft
    for _step in range(3):
        _advance(login(secretary), draft)
    _advance(login(cw.world.owner_a), draft)
    client.logout()
    page = client.get(reverse("public_meeting", args=[draft.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Godkender dagsordenen." in text
    assert "Fortrolig personsag" in text and "Lukket punkt" in text
    assert "Hemmelig" not in text
    pdf = client.get(reverse("public_meeting_pdf", args=[draft.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "public.pdf"
    path.write_bytes(pdf.content)
    pdf_text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Godkender dagsordenen." in pdf_text and "Lukket punkt" in pdf_text
    assert "Hemmelig" not in pdf_text


def test_closed_items_are_the_forums_and_the_administrators_not_the_steering_groups(cw, login):
    url = cw.a.meeting.get_absolute_url()
    assert "Personsag om formandskabet" not in login(cw.world.steering).get(url).content.decode()
    assert (
        login(cw.world.steering)
        .get(reverse("attachment_download", args=[cw.a.attachment.pk]))
        .status_code
        == 404
    )
    assert "Personsag om formandskabet" in login(cw.world.admin).get(url).content.decode()


def test_attendance_is_recorded_from_the_forums_members_and_printed_once(cw, login):
    client = login(cw.world.owner_a)
    owner, lead = cw.world.owner_a.person, cw.world.lead_a.person
    url = reverse("meeting_attendance", args=[cw.a.meeting.pk])
    form = client.get(url).context["form"]
    assert {p.pk for p in form.members} == {owner.pk, lead.pk}
    # A substitute for someone present is refused, nothing saved.
    bad = {f"status_{owner.pk}": "present", f"substitute_{owner.pk}": str(lead.pk)}
    assert client.post(url, bad).status_code == 200
    assert not Attendance.objects.exists()
    outsider = make_user("udenfor")
    response = client.post(
        url, {f"status_{owner.pk}": "absent", f"substitute_{owner.pk}": str(outsider.pk)}
    )
    assert response.status_code == 200 and not Attendance.objects.exists()
    good = {
        f"status_{owner.pk}": "absent",
        f"substitute_{owner.pk}": str(lead.pk),
        f"status_{lead.pk}": "present",
    }
    assert client.post(url, good).status_code == 302
    row = Attendance.objects.get(person=owner)
    assert row.substitute == lead and row.history.first().history_user == cw.world.owner_a
    page = client.get(cw.a.meeting.get_absolute_url()).content.decode()
    assert page.count("Fremmøde</h2>") == 1
    assert "stedfortræder: Lead_A" in page


def test_duplicate_meeting_and_late_item_are_warned_about(cw, login):
    client = login(cw.world.owner_a)
    response = client.post(
        reverse("meeting_create", args=[cw.a.forum.pk]),
        {"starts_at": "2025-04-03T16:30", "place": "Teams", "online_link": ""},
        follow=True,
    )
    assert "samme dato og klokkeslæt" in response.content.decode()
    response = client.post(
        reverse("item_create", args=[cw.a.meeting.pk]),
        {"number": "3", "title": "Sent punkt", "next": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("item_create", args=[cw.a.meeting.pk])
    page = client.get(response["Location"]).content.decode()
    assert "efter mødets dato" in page


def test_a_meetings_default_case_id_fills_new_items(cw, login):
    cw.a.meeting.default_case_id = "EMN-2026-00001"
    cw.a.meeting.save()
    form = login(cw.world.owner_a).get(reverse("item_create", args=[cw.a.meeting.pk]))
    assert form.context["form"]["case_id"].initial == "EMN-2026-00001"
