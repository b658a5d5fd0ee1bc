"""The conflict page resolves an edit conflict paragraph by paragraph.

Who saved first and when is named; each paragraph that differs can be taken from the
other person's version or one's own (or both); replacing someone else's newer text needs
an explicit confirmation, and that person is then told with a link to the history.
Nothing the user typed is lost on the way.
"""

import re

import pytest
from django.test import Client

from bass.diff import merge_chunks, paragraph_chunks, paragraphs
from bass.history import acting_as
from notifications.models import Notification
from specialties.models import StrengthPosition

THEIRS = "Fælles ansvar.\n\nDøgnvagt i Holbæk.\n\nOpfølgning i kommunen."
MINE = (
    "Fælles ansvar.\n\nDøgnvagt i Slagelse.\n\nOpfølgning i kommunen.\n\n"
    "Ny aftale med almen praksis."
)


def test_plain_text_paragraphs_are_the_blocks_between_blank_lines():
    assert paragraphs("a\nb\n\n\nc\r\n\r\nd") == ["a\nb", "c", "d"]
    assert paragraphs("") == []


def test_rich_text_paragraphs_are_its_top_level_blocks():
    html = "<p>a <strong>b</strong></p><ul><li>x</li><li>y</li></ul>løs<hr><p>c<br>d</p>"
    assert paragraphs(html, rich=True) == [
        "<p>a <strong>b</strong></p>",
        "<ul><li>x</li><li>y</li></ul>",
        "løs",
        "<hr>",
        "<p>c<br>d</p>",
    ]


def test_chunks_pair_changed_paragraphs_one_by_one_and_merge_by_choice():
    chunks = paragraph_chunks(THEIRS, MINE)
    differing = [c for c in chunks if not c["same"]]
    assert [(c["theirs"], c["mine"]) for c in differing] == [
        (["Døgnvagt i Holbæk."], ["Døgnvagt i Slagelse."]),
        ([], ["Ny aftale med almen praksis."]),
    ]
    assert merge_chunks(chunks, ["theirs", "mine"]) == (
        "Fælles ansvar.\n\nDøgnvagt i Holbæk.\n\nOpfølgning i kommunen.\n\n"
        "Ny aftale med almen praksis."
    )
    assert merge_chunks(chunks, ["both", "theirs"]) == (
        "Fælles ansvar.\n\nDøgnvagt i Holbæk.\n\nDøgnvagt i Slagelse.\n\nOpfølgning i kommunen."
    )


def test_markup_an_editor_rewrites_does_not_make_paragraphs_differ():
    chunks = paragraph_chunks("<p>Et  afsnit</p>", "<p>Et afsnit</p>\n", rich=True)
    assert [c["same"] for c in chunks] == [True]


def _edit_url(world):
    return f"/specialer/{world.specialty_a.slug}/styrkepositioner/{world.position_a.pk}/rediger/"


def _post(client, world, text, version, **extra):
    return client.post(
        _edit_url(world),
        {
            "hospital": world.position_a.hospital_id,
            "organisation_form": "two_hospitals",
            "responsibility": text,
            "base_version": version,
            **extra,
        },
    )


@pytest.fixture
def conflict(world, login):
    """The lead saved THEIRS while the owner was writing MINE on the same version; the
    owner's save met the conflict page."""
    position = world.position_a
    position.responsibility = "Fælles ansvar.\n\nOpfølgning i kommunen."
    with acting_as(world.owner_a):
        position.save()
    opened_on = position.version
    lead = Client()
    lead.force_login(world.admin)
    assert _post(lead, world, THEIRS, opened_on).status_code == 302
    owner = login(world.owner_a)
    response = _post(owner, world, MINE, opened_on)
    assert response.status_code == 409
    return owner, response


def _page_data(response) -> dict:
    """What the conflict page's form sends back as it is shown (radios as preselected)."""
    body = response.content.decode()
    data = dict(response.context["form"].data.items())
    data["conflict_merge"] = "1"
    for name, value in re.findall(r'name="(merge-[^"]+-sig)" value="([^"]+)"', body):
        data[name] = value
    return data


def test_the_conflict_page_names_who_saved_first_and_offers_a_choice_per_paragraph(conflict, world):
    _owner, response = conflict
    body = response.content.decode()
    assert "Admin" in body and "gemte version 3" in body
    assert "historik" in body.lower()
    # one choice for the changed paragraph and one for the added one, the own one chosen
    assert body.count('value="theirs"') == 2
    assert body.count('value="mine" ') + body.count('value="mine"') >= 2
    assert 'name="responsibility-0"' not in body  # choices are named per field and place
    assert 'name="merge-responsibility-0"' in body and 'name="merge-responsibility-1"' in body
    # the typed text is still in the form
    assert "Ny aftale med almen praksis." in response.context["form"]["responsibility"].value()


def test_chosen_paragraphs_are_saved_after_confirmation_and_the_other_author_is_told(
    conflict, world
):
    owner, response = conflict
    data = _page_data(response)
    data.update({"merge-responsibility-0": "theirs", "merge-responsibility-1": "mine"})

    unconfirmed = owner.post(_edit_url(world), data)
    assert unconfirmed.status_code == 409
    assert "Sæt kryds" in unconfirmed.content.decode()
    assert unconfirmed.context["form"]["responsibility"].value() == MINE  # nothing lost
    assert 'value="theirs" id="merge-responsibility-0-theirs"' in unconfirmed.content.decode()
    assert StrengthPosition.objects.get(pk=world.position_a.pk).responsibility == THEIRS

    saved = owner.post(_edit_url(world), {**data, "confirm_overwrite": "1"})
    assert saved.status_code == 302
    position = StrengthPosition.objects.get(pk=world.position_a.pk)
    assert position.responsibility == (
        "Fælles ansvar.\n\nDøgnvagt i Holbæk.\n\nOpfølgning i kommunen.\n\n"
        "Ny aftale med almen praksis."
    )
    [told] = Notification.objects.filter(event="edit_overwritten")
    assert told.recipient == world.admin
    assert told.url == position.get_history_url()
    assert owner.get(told.url).status_code == 200


def test_keeping_every_paragraph_of_the_other_version_needs_no_confirmation_and_tells_nobody(
    conflict, world
):
    owner, response = conflict
    data = _page_data(response)
    data.update({"merge-responsibility-0": "theirs", "merge-responsibility-1": "theirs"})
    assert owner.post(_edit_url(world), data).status_code == 302
    assert StrengthPosition.objects.get(pk=world.position_a.pk).responsibility == THEIRS
    assert not Notification.objects.filter(event="edit_overwritten").exists()


def test_choices_made_on_another_text_are_not_applied(conflict, world):
    owner, response = conflict
    data = _page_data(response)
    data["responsibility"] = MINE + "\n\nEndnu et afsnit."
    data.update({"merge-responsibility-0": "theirs", "confirm_overwrite": "1"})
    refused = owner.post(_edit_url(world), data)
    assert refused.status_code == 409
    assert "passer ikke længere" in refused.content.decode()
    assert refused.context["form"]["responsibility"].value().endswith("Endnu et afsnit.")
    assert StrengthPosition.objects.get(pk=world.position_a.pk).responsibility == THEIRS


def test_a_third_save_meanwhile_brings_the_conflict_page_back(conflict, world):
    owner, response = conflict
    data = _page_data(response)
    position = StrengthPosition.objects.get(pk=world.position_a.pk)
    position.responsibility = "Helt ny tekst."
    with acting_as(world.lead_a):
        position.save()
    again = owner.post(_edit_url(world), {**data, "confirm_overwrite": "1"})
    assert again.status_code == 409
    assert again.context["form"]["responsibility"].value() == MINE
    assert StrengthPosition.objects.get(pk=world.position_a.pk).responsibility == "Helt ny tekst."
