"""Co-authoring in a real browser: a suggestion from the implementation lead accepted by
the owner, and two people saving the same PDSA cycle at once with nothing lost."""

import re

from playwright.sync_api import expect

from bass.history import acting_as
from improvement.models import PDSACycle
from notifications.models import Notification
from specialties.models import Ambition, Suggestion
from tests.e2e.conftest import browser, new_page  # noqa: F401 - fixtures
from tests.improvement.improvement_world import build


def _submit(page, selector="main form button[type=submit]"):
    with page.expect_navigation() as navigation:
        page.locator(selector).first.click()
    return navigation.value


def test_the_lead_suggests_and_the_owner_accepts_both_are_told(world, new_page):  # noqa: F811
    with acting_as(world.owner_a):
        ambition = Ambition.objects.create(
            specialty=world.specialty_a, kind="strategic", draft_text="<p>Fælles akutmodtagelse</p>"
        )
    lead = new_page(world.lead_a)
    lead.goto(ambition.get_absolute_url())
    lead.get_by_role("link", name="Foreslå ændring").first.click()
    editor = lead.locator(".prose-editor [contenteditable]")
    expect(editor).to_be_visible()
    editor.click()
    lead.keyboard.press("Control+End")
    lead.keyboard.type(" i hele regionen")
    lead.get_by_label("Hvorfor foreslår du ændringen?").fill("Populationsansvaret er fælles.")
    assert _submit(lead).status == 200
    expect(lead.locator("h1")).to_contain_text("Forslag fra")

    owner = new_page(world.owner_a)
    made = Notification.objects.get(event="suggestion_made")
    assert made.recipient == world.owner_a
    owner.goto(made.url)
    expect(owner.locator(".suggestion-diff ins")).to_contain_text("regionen")
    with owner.expect_navigation():
        owner.get_by_role("button", name="Acceptér forslaget").click()
    expect(owner).to_have_url(re.compile(r"/specialer/a/ambition/strategisk/$"))
    expect(owner.locator("#udkast")).to_contain_text("Fælles akutmodtagelse i hele regionen")
    ambition.refresh_from_db()
    assert "i hele regionen" in ambition.draft_text
    assert Suggestion.objects.get().status == "accepted"
    assert Notification.objects.get(event="suggestion_decided").recipient == world.lead_a


def test_two_browsers_save_one_cycle_and_merge_paragraph_by_paragraph(world, new_page):  # noqa: F811
    cycle = build(world.specialty_a).cycle
    cycle.objective = "Første afsnit.\n\nAndet afsnit."
    with acting_as(world.lead_a):
        cycle.save()
    edit = f"/forbedring/pdsa/{cycle.pk}/rediger/"
    lead, core = new_page(world.lead_a), new_page(world.core_a)
    for page in (lead, core):
        page.goto(edit)
    lead.locator("#id_objective").fill("Første afsnit, lederens.\n\nAndet afsnit.")
    core.locator("#id_objective").fill("Første afsnit.\n\nAndet afsnit, kerneteamets.")
    assert _submit(lead).status == 200
    assert _submit(core).status == 409

    # the conflict page names who saved first; the typed text is still in the form
    expect(core.locator(".conflict-who")).to_contain_text("Lead_A")
    assert "kerneteamets" in core.locator("#id_objective").input_value()
    core.get_by_label(re.compile("Behold versionen fra")).first.check()
    assert _submit(core).status == 409  # not confirmed yet: asked to confirm, nothing lost
    expect(core.locator(".form-errors").first).to_contain_text("Sæt kryds")
    core.locator("#id_confirm_overwrite").check()
    assert _submit(core).status == 200

    cycle.refresh_from_db()
    assert cycle.objective == "Første afsnit, lederens.\n\nAndet afsnit, kerneteamets."
    told = Notification.objects.get(event="edit_overwritten")
    assert told.recipient == world.lead_a and told.url == cycle.get_history_url()
    assert PDSACycle.history.filter(id=cycle.pk).count() >= 3
