"""The miniguides in the shape of the BASS miniguide: what is on which page, the data stamp,
the cache of unchanged guides, English throughout, and an accessible, navigable PDF."""

import contextlib
import datetime
import re
import subprocess
import zlib

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation

from bass.exports import request_export
from bass.models import Export, ProgrammeChapter
from bass.pdf import render_pdf
from programme.miniguide import (
    PROGRAMME_GUIDE,
    SPECIALTY_GUIDE,
    first_sentences,
    programme_data_stamp,
    specialty_data_stamp,
)
from specialties.models import Ambition
from tests.plans.plans_factories import move_phase
from tests.sustainability.sustainability_factories import make_assessment

# A line of the contents: the chapter, a gap and its page number (not the page's "3 / 11").
TOC_LINE = re.compile(r"^\s*\S[^/]*?\s{3,}\d+\s*$")

APPROVED = (
    "<p>Kardiologien samles i to stærke faglige miljøer. Patienterne i hele regionen får "
    "samme tilbud. En tredje sætning kommer ikke med på kort fortalt-siden.</p>"
)


def page_text(pdf: bytes, page: int | None = None, *, layout: bool = True) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    mode = ["-layout"] if layout else []  # without: in reading order, column by column
    return subprocess.run(
        ["pdftotext", *mode, *pages, "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def flat(text: str) -> str:
    """Text with its line breaks and hyphenation undone (the introduction is set in two
    columns)."""
    return " ".join(re.sub(r"-\n\s*", "", text).split())


def pdf_info(pdf: bytes) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in out.stdout.decode().splitlines())
    }


def outline(pdf: bytes) -> list[str]:
    out = subprocess.run(
        ["pdftohtml", "-xml", "-stdout", "-i", "-q", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    part = out.split("<outline>", 1)[1] if "<outline>" in out else ""
    return re.findall(r"<item page=\"\d+\">([^<]*)</item>", part)


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's objects with their compressed streams unpacked (the catalogue of a
    PDF 1.7 file sits in a compressed object stream)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(match.group(1)))
    return b"".join(parts)


def _ambition(world, approved=APPROVED, draft=None):
    ambition = Ambition.objects.create(
        specialty=world.specialty_a,
        kind="strategic",
        approved_text=approved,
        draft_text=draft or approved,
        approved_at=datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC),
        status="approved" if draft is None else "draft",
    )
    return ambition


def test_first_sentences_cut_rich_text_to_two_sentences():
    assert first_sentences(APPROVED) == (
        "Kardiologien samles i to stærke faglige miljøer. Patienterne i hele regionen får "
        "samme tilbud."
    )
    assert first_sentences("") == ""
    assert first_sentences("<p>" + "ord " * 300 + "</p>").endswith(" …")


def test_specialty_guide_in_the_shape_of_the_bass_miniguide(world):
    _ambition(world, draft="<p>Et nyere udkast, som ikke må trykkes endnu.</p>")
    make_assessment(world.specialty_a, {"professional": 4, "staff": 2, "organisational": 3})
    context = SPECIALTY_GUIDE.build_context(world.specialty_a, "da")
    pdf = render_pdf(SPECIALTY_GUIDE.template, context, language="da")

    cover, brief, contents = page_text(pdf, 1), page_text(pdf, 2), page_text(pdf, 3)
    assert "Intern medicin: kardiologi" in cover and "Data pr." in cover
    assert "kort fortalt" in brief
    assert "Kardiologien samles i to stærke faglige miljøer." in brief
    assert "tredje sætning" not in brief  # two sentences only
    assert "Personalemæssig" in brief  # the weakest axis
    assert "Kalundborg" in brief  # the gap in coverage
    # the contents are one page of their own, each line with its page number
    toc = [line for line in contents.splitlines() if TOC_LINE.match(line)]
    assert len(toc) == 8, contents
    assert "Strategisk og faglig ambition" in contents

    text = page_text(pdf)
    assert "Der findes et nyere udkast" in text  # a newer draft is marked ...
    assert "Et nyere udkast, som ikke må trykkes" not in text  # ... never printed
    assert "Owner_A" in text
    assert "Implementeringsplan" in text and "Transitionsmidler" in text
    assert "Styrkeposition " in text  # a table header whole, not "Styrkeposi-tion"
    assert 6 <= int(pdf_info(pdf)["Pages"]) <= 12

    info = pdf_info(pdf)
    assert info["Title"] == "Intern medicin: kardiologi – miniguide"
    assert info["Author"] == "BASS – Region Test"
    assert info["Tagged"] == "yes"
    assert b"/Lang (da)" in pdf_objects(pdf) or b"/Lang(da)" in pdf_objects(pdf)
    bookmarks = outline(pdf)
    assert "Indholdsfortegnelse" in bookmarks and "Implementeringsplan" in bookmarks


def test_data_stamp_is_the_newest_change_of_anything_printed(world):
    before = specialty_data_stamp(world.specialty_a)
    assessment = make_assessment(world.specialty_a, {"professional": 3})
    newest = assessment.history.order_by("-history_date").first().history_date
    assert specialty_data_stamp(world.specialty_a) == newest > before
    # another specialty's change moves nothing
    make_assessment(world.specialty_b, {"staff": 3})
    assert specialty_data_stamp(world.specialty_a) == newest
    # an ambition written later moves it again
    ambition = _ambition(world)
    assert specialty_data_stamp(world.specialty_a) == ambition.history.first().history_date
    # the guide's cache key is the same moment
    key = SPECIALTY_GUIDE.data_version(world.specialty_a)
    assert datetime.datetime.fromisoformat(key) == ambition.history.first().history_date


def test_stamps_are_local_time_in_the_language_of_the_guide():
    moment = datetime.datetime(2026, 12, 1, 7, 57, 15, tzinfo=datetime.UTC)
    context = {"generated_at": timezone.localtime(moment), "data_stamp": moment}
    with translation.override("da"):
        danish = render_to_string("pdf/_stamps.html", context)
    with translation.override("en"):
        english = render_to_string("pdf/_stamps.html", context)
    assert "1. december 2026 08:57" in danish and "Data pr." in danish
    assert "1 December 2026 08:57" in english and "Data as of" in english
    assert "07:57" not in danish + english and "+00:00" not in danish + english


def test_unchanged_data_serve_the_guide_already_made(world, django_capture_on_commit_callbacks):
    done = Export.objects.create(
        kind=PROGRAMME_GUIDE.key,
        content_type=ContentType.objects.get_for_model(world.programme),
        object_id=world.programme.pk,
        language="da",
        status=Export.Status.DONE,
        data_version=PROGRAMME_GUIDE.version(world.programme),
        finished_at=timezone.now(),
    )
    done.file.save("guide.pdf", ContentFile(b"%PDF-1.7 cached"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = request_export(PROGRAMME_GUIDE, world.programme, "da", world.steering)
    assert again == done and not callbacks  # nothing queued: the file is there
    # the other language is rendered
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        english = request_export(PROGRAMME_GUIDE, world.programme, "en", world.steering)
    assert english != done and len(callbacks) == 1
    # a change to the data makes a new render
    _ambition(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        fresh = request_export(PROGRAMME_GUIDE, world.programme, "da", world.steering)
    assert fresh != done and fresh.status == Export.Status.QUEUED and len(callbacks) == 1


def test_programme_guide_status_first_one_spread_per_specialty_with_content(world):
    _ambition(world)
    context = PROGRAMME_GUIDE.build_context(world.programme, "da")
    pdf = render_pdf(PROGRAMME_GUIDE.template, context, language="da")
    status = page_text(pdf, 3)
    assert "Programmets status" in status
    assert "Huller i populationsansvaret" in status and "Kalundborg" in status
    text = page_text(pdf)
    assert "Intern medicin: kardiologi – kort fortalt" in text  # A has an ambition
    assert "Intern medicin: geriatri – kort fortalt" not in text  # B has none ...
    without = text.split("Specialer uden ambition endnu")[-1]
    assert "Intern medicin: geriatri" in without  # ... and is a line in one table
    assert int(pdf_info(pdf)["Pages"]) <= 9


def test_english_guide_is_english_throughout(world):
    world.programme.vision = "<p>Stærke faglige miljøer tæt på borgerne.</p>"
    world.programme.vision_en = "<p>Strong professional environments close to the citizens.</p>"
    world.programme.save()
    ProgrammeChapter.objects.create(
        programme=world.programme,
        slug="hvad-er-bass",
        title="Hvad er BASS?",
        title_en="What is BASS?",
        body="<p>Et udviklingsprogram.</p>",
        body_en="<p>A development programme.</p>",
    )
    context = SPECIALTY_GUIDE.build_context(world.specialty_a, "en")
    pdf = render_pdf(SPECIALTY_GUIDE.template, context, language="en")
    text = flat(page_text(pdf, layout=False))
    assert "Strong professional environments close to the citizens." in text
    assert "What is BASS?" in text and "A development programme." in text
    assert "Hvad er BASS?" not in text and "Stærke faglige" not in text
    assert "in brief" in page_text(pdf, 2) and "Data as of" in page_text(pdf, 1)
    assert b"/Lang (en)" in pdf_objects(pdf) or b"/Lang(en)" in pdf_objects(pdf)


def test_english_guides_name_the_phase_in_english_and_danish_ones_in_danish(world):
    _ambition(world)
    move_phase(world.specialty_a, 5, started_on=datetime.date(2026, 5, 1))
    for kind, subject in [
        (SPECIALTY_GUIDE, world.specialty_a),
        (PROGRAMME_GUIDE, world.programme),
    ]:
        english = page_text(
            render_pdf(kind.template, kind.build_context(subject, "en"), language="en")
        )
        assert "Embedding" in english and "Forankring" not in english, kind.key
        danish = page_text(
            render_pdf(kind.template, kind.build_context(subject, "da"), language="da")
        )
        assert "Forankring" in danish and "Embedding" not in danish, kind.key


def test_the_english_guides_carry_the_english_names_of_programme_and_specialty(world):
    _ambition(world)  # the programme guide then has a spread for specialty A
    world.programme.name_en = "Sustainable acute hospitals and specialties"
    world.programme.save()
    world.specialty_a.name_en = "Internal medicine: cardiology"
    world.specialty_a.save()
    danish_names = [world.programme.name, world.specialty_a.name]
    english_names = ["Sustainable acute hospitals and specialties", "Internal medicine: cardiology"]
    titles = {
        PROGRAMME_GUIDE.key: "Sustainable acute hospitals and specialties – miniguide",
        SPECIALTY_GUIDE.key: "Internal medicine: cardiology – miniguide",
    }
    for kind, subject in [
        (PROGRAMME_GUIDE, world.programme),
        (SPECIALTY_GUIDE, world.specialty_a),
    ]:
        pdf = render_pdf(kind.template, kind.build_context(subject, "en"), language="en")
        text = flat(page_text(pdf, layout=False))
        assert all(name in text for name in english_names), kind.key
        assert not any(name in text for name in danish_names), kind.key
        assert pdf_info(pdf)["Title"] == titles[kind.key]
        danish = render_pdf(kind.template, kind.build_context(subject, "da"), language="da")
        text = flat(page_text(danish, layout=False))
        assert all(name in text for name in danish_names), kind.key
        assert not any(name in text for name in english_names), kind.key


def test_a_phase_renamed_in_the_admin_moves_the_guides_data_stamp(world):
    from plans.models import Phase

    before = specialty_data_stamp(world.specialty_a), programme_data_stamp(world.programme)
    phase = Phase.objects.get(order=5)
    phase.name_en = "Anchoring"
    phase.save()
    written = phase.history.order_by("-history_date").first().history_date
    after = specialty_data_stamp(world.specialty_a), programme_data_stamp(world.programme)
    assert after == (written, written) and written > max(before)


def test_render_reports_its_own_memory_and_time():
    from bass.pdf import html_to_pdf

    stats: dict = {}
    pdf = html_to_pdf("<p>Målt</p>", stats=stats)
    assert pdf.startswith(b"%PDF")
    assert stats["peak_kb"] >= stats["rss_before_kb"] > 0
    assert stats["cpu_ms"] >= 0
