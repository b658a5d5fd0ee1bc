"""Discussion in a real browser: a mention reaches the inbox of the person mentioned; a file
with a Danish name goes up and comes down with its name; nobody else sees either."""

import re

import pytest
from playwright.sync_api import expect

from discussion.models import Attachment, Comment
from specialties.models import Ambition
from tests.conftest import World

pytestmark = pytest.mark.e2e

DANISH_NAME = "Møde på Næstved – referat æøå ÆØÅ.pdf"


@pytest.fixture
def world(transactional_db):
    w = World()
    w.ambition = Ambition.objects.create(
        specialty=w.specialty_a, kind="strategic", draft_text="<p>Udkast</p>"
    )
    return w


def test_a_mention_reaches_the_inbox_of_the_mentioned(world, new_page, axe_check):
    lead = new_page(world.lead_a)
    lead.goto(world.ambition.get_absolute_url())
    box = lead.get_by_label("Din kommentar")
    box.press_sequentially("Kig på afsnit 2, @cor")
    # The suggestions name people who may see the ambition; choosing one writes the name.
    lead.get_by_role("button", name="Core_A (@core_a)").click()
    expect(box).to_have_value("Kig på afsnit 2, @core_a ")
    axe_check(lead)
    lead.get_by_role("button", name="Tilføj kommentar").click()
    expect(lead.get_by_text("Din kommentar er tilføjet.")).to_be_visible()
    expect(lead.locator(".comment").get_by_text("Kig på afsnit 2, @core_a")).to_be_visible()

    core = new_page(world.core_a)
    bell = core.get_by_role("link", name=re.compile(r"^Notifikationer: \d+ ulæst"))
    expect(bell).to_be_visible()
    bell.click()
    expect(core.get_by_text("Lead_A nævnte dig i Strategisk ambition")).to_be_visible()
    ambition = "Strategisk ambition for Intern medicin: kardiologi"
    core.get_by_role("link", name=ambition).first.click()
    expect(core.locator(".comment").get_by_text("Kig på afsnit 2")).to_be_visible()


def test_a_danish_file_name_survives_and_outsiders_get_404(world, new_page, tmp_path):
    core = new_page(world.core_a)
    core.goto(world.ambition.get_absolute_url())
    upload = tmp_path / DANISH_NAME
    upload.write_bytes(b"%PDF-1.7\n%referat\n")
    core.get_by_label("Vedhæft filer").set_input_files(str(upload))
    core.get_by_role("button", name="Upload").click()
    expect(core.get_by_text("Filerne er vedhæftet.")).to_be_visible()
    link = core.get_by_role("link", name=DANISH_NAME, exact=True)
    with core.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == DANISH_NAME
    core.get_by_label("Din kommentar").fill("Referatet er vedhæftet.")
    core.get_by_role("button", name="Tilføj kommentar").click()
    expect(core.get_by_text("Din kommentar er tilføjet.")).to_be_visible()

    comment, attachment = Comment.objects.get(), Attachment.objects.get()
    outsider = new_page(world.owner_b)  # owner of another specialty
    for url in (
        comment.get_absolute_url(),
        comment.get_history_url(),
        attachment.get_absolute_url(),
        attachment.get_history_url(),
        world.ambition.get_absolute_url(),
    ):
        assert outsider.request.get(url).status == 404, url
