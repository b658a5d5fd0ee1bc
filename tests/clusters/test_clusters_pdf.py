import re
import shutil
import subprocess

import pytest
from django.urls import reverse

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


@pytest.fixture
def demo_meeting(world):
    from bass.history import acting_as, system_user

    with acting_as(system_user(), "test"):
        load()
    meeting = Meeting.objects.get(forum__name="Faglig Strategisk Forum")
    assign(world.owner_a, "forum_member", meeting.forum)
    return meeting


def test_minutes_pdf_has_the_danish_structure_and_a_contents_list_with_page_numbers(
    demo_meeting, world, login, tmp_path
):
    response = login(world.owner_a).get(reverse("meeting_minutes_pdf", args=[demo_meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        (response["Content-Disposition"])
        == 'attachment; filename="referat-faglig-strategisk-forum-2025-04-03.pdf"'
    )
    text = _text(response.content, tmp_path)
    pages = text.split("\f")
    front = " ".join(pages[0].split())
    assert "Referat Sundhedsklynge Slagelse – Faglig Strategisk Forum 03-04-2025" in front
    assert "Mødedato Torsdag 3. april 2025 kl. 16:30" in front
    assert "Mødested Microsoft Teams" in front
    assert "Indholdsfortegnelse" in pages[0]
    # Contents: "Punkt n: title ..... page", and each item starts on the page it names.
    contents = re.findall(r"Punkt (\d): (.+?)\s*\.{3,}\s*(\d+)", pages[0])
    assert [int(n) for n, _t, _p in contents] == [1, 2, 3, 4, 5, 6]
    for number, title, page in contents:
        assert f"Punkt {number}: {title.strip()[:30]}" in pages[int(page) - 1]
    assert re.search(rf"2\s*/\s*{len(pages) - 1}", pages[1])  # page numbers in the footer
    item_2 = "".join(pages[int(contents[1][2]) - 1 : int(contents[2][2]) - 1])
    for heading in [
        "Sags ID",
        "Dok ID",
        "Resumé",
        "Indstilling",
        "Sagsfremstilling",
        "Økonomi",
        "Tidligere beslutninger",
        "Beslutning",
        "Fraværende",
        "Bilag",
        "2 (Åben) Beslutning om henvendelse til Sundhedsdatastyrelsen",
        "EMN-2024-10711",
    ]:
        assert heading in item_2, heading


def test_the_agenda_pdf_has_no_decisions(demo_meeting, world, login, tmp_path):
    response = login(world.owner_a).get(reverse("meeting_agenda_pdf", args=[demo_meeting.pk]))
    text = _text(response.content, tmp_path)
    assert text.startswith("Dagsorden") or "Dagsorden Sundhedsklynge Slagelse" in text
    assert "Beslutning\n" not in text
    assert "Dagsordenen blev godkendt" not in text


def test_closed_items_stay_out_of_a_non_members_pdf(cw, login, tmp_path):
    response = login(cw.world.core_a).get(reverse("meeting_minutes_pdf", args=[cw.a.meeting.pk]))
    text = _text(response.content, tmp_path)
    assert "Velkommen og godkendelse af dagsordenen" in text
    assert "Personsag" not in text
    member = login(cw.world.lead_a).get(reverse("meeting_minutes_pdf", args=[cw.a.meeting.pk]))
    assert "Personsag" in _text(member.content, tmp_path)
