import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from bass.celery import app as celery_app
from bass.models import Export
from clusters.demo import load
from clusters.models import Meeting
from tests.conftest import assign

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "referat.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(autouse=True)
def eager():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def export_pdf(client, meeting, document: str, captured) -> tuple[Export, bytes]:
    """Follow the meeting page's PDF link as a person would: open it, ask for the PDF in
    Danish, and download it once made (in-process here; by a worker when deployed)."""
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    link = re.search(rf'href="(/eksport/meeting_{document}(?:_members)?/{meeting.pk}/)"', page)
    assert link, f"no {document} PDF link on the meeting page"
    with captured(execute=True):
        response = client.post(link.group(1) + "ny/", {"language": "da"})
    export = Export.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert export.status == Export.Status.DONE, export.error
    download = client.get(reverse("export_download", args=[export.pk]))
    return export, b"".join(download.streaming_content)


@pytest.fixture
def demo_meeting(world):
    from bass.history import acting_as, system_user

    with acting_as(system_user(), "test"):
        load()
    meeting = Meeting.objects.get(forum__name="Faglig Strategisk Forum")
    assign(world.owner_a, "forum_member", meeting.forum)
    return meeting


def test_minutes_pdf_has_the_danish_structure_and_a_contents_list_with_page_numbers(
    demo_meeting, world, login, tmp_path, django_capture_on_commit_callbacks
):
    export, pdf = export_pdf(
        login(world.owner_a), demo_meeting, "minutes", django_capture_on_commit_callbacks
    )
    assert export.kind == "meeting_minutes_members"  # the forum member gets closed items too
    name = export.file.name.rsplit("/", 1)[-1]
    assert name.startswith("referat-faglig-strategisk-forum-2025-04-03-"), name
    text = _text(pdf, tmp_path)
    pages = text.split("\f")
    front = " ".join(pages[0].split())
    assert "Referat Sundhedsklynge Slagelse – Faglig Strategisk Forum 03-04-2025" in front
    assert "Mødedato Torsdag 3. april 2025 kl. 16:30" in front
    assert "Mødested Mødet holdes på Teams" in front
    assert "Indholdsfortegnelse" in pages[0]
    # Contents: "Punkt n: title" with the page on the right (over a dotted rule), and each
    # item starts on the page it names.
    # (a long title wraps onto a second line of the contents)
    contents = re.findall(r"Punkt (\d): (.+?)\s{2,}(\d+)\n", pages[0], re.S)
    assert [int(n) for n, _t, _p in contents] == [1, 2, 3, 4, 5, 6]
    for number, title, page in contents:
        # The item's heading may wrap at another word than the contents line does.
        first_words = " ".join(title.split()[:3])
        assert f"Punkt {number}: {first_words}" in pages[int(page) - 1]
    assert re.search(rf"2\s*/\s*{len(pages) - 1}", pages[1])  # page numbers in the footer
    item_2 = "".join(pages[int(contents[1][2]) - 1 : int(contents[2][2]) - 1])
    for heading in [
        "Sags ID",
        "Dok ID",
        "Resumé",
        "Indstilling",
        "Sagsfremstilling",
        "Beslutning",
        "2 (Åben) Beslutning om anmodning til Sundhedsdatastyrelsen",
        "EMN-2024-10711",
    ]:
        assert heading in item_2, heading
    # Empty fields (a "." in the minutes) are not printed as headings.
    for empty in ["Økonomi", "Tidligere beslutninger", "Fraværende", "Bilag"]:
        assert empty not in item_2, empty
    item_3 = "".join(pages[int(contents[2][2]) - 1 : int(contents[3][2]) - 1])
    assert "Bilag" in item_3 and "Pkt. 3 Bilag 1 Forbedringsinitiativ - Basal palliation" in item_3
    # The lists of the Indstilling stay lists (numbered) in the PDF.
    assert re.search(r"1\.\s+Indstiller temaudvalgenes forslag", item_3)


def test_the_agenda_pdf_has_no_decisions(
    demo_meeting, world, login, tmp_path, django_capture_on_commit_callbacks
):
    _export, pdf = export_pdf(
        login(world.owner_a), demo_meeting, "agenda", django_capture_on_commit_callbacks
    )
    text = _text(pdf, tmp_path)
    assert text.startswith("Dagsorden") or "Dagsorden Sundhedsklynge Slagelse" in text
    assert "Beslutning\n" not in text
    assert "Dagsordenen blev godkendt" not in text


def test_closed_items_stay_out_of_a_non_members_pdf(
    cw, login, tmp_path, django_capture_on_commit_callbacks
):
    captured = django_capture_on_commit_callbacks
    members_export, members_pdf = export_pdf(
        login(cw.world.lead_a), cw.a.meeting, "minutes", captured
    )
    assert "Personsag" in _text(members_pdf, tmp_path)
    client = login(cw.world.core_a)
    _export, pdf = export_pdf(client, cw.a.meeting, "minutes", captured)
    text = _text(pdf, tmp_path)
    assert "Velkommen og godkendelse af dagsordenen" in text
    assert "Personsag" not in text
    # The members' PDF is neither listed for nor given to the non-member.
    page = client.get(f"/eksport/meeting_minutes_members/{cw.a.meeting.pk}/")
    assert page.status_code == 404
    download = client.get(reverse("export_download", args=[members_export.pk]))
    assert download.status_code == 404


def test_the_minutes_pdf_has_a_creation_time_and_weasyprint_warns_of_no_bad_date(
    demo_meeting, caplog
):
    """WeasyPrint logged 'Invalid date in <meta name="dcterms.created"> ''' for every
    meeting PDF: the context had no creation time. The render runs in a forked child
    (bass.pdf), so the log is read from an in-process render of the same HTML."""
    import logging

    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    from bass.pdf import BASE_URL, ProjectOnlyFetcher, render_pdf
    from clusters.meeting_life import PDF_TEMPLATE, document_context

    context = document_context(demo_meeting, minutes=True, closed="full")
    with translation.override("da"):
        html = render_to_string(PDF_TEMPLATE, {**context, "LANGUAGE_CODE": "da"})
    assert re.search(r'<meta name="dcterms.created" content="\d{4}-\d\d-\d\dT', html)
    caplog.set_level(logging.WARNING, logger="weasyprint")
    HTML(string=html, base_url=BASE_URL, url_fetcher=ProjectOnlyFetcher()).write_pdf()
    assert not [r for r in caplog.records if "dcterms" in r.getMessage()], caplog.text

    info = subprocess.run(
        ["pdfinfo", "-"], input=render_pdf(PDF_TEMPLATE, context), capture_output=True, check=True
    ).stdout.decode()
    assert re.search(r"^CreationDate:\s+\S", info, re.M), info
