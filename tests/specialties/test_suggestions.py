"""Suggestions ("forslag"): the implementation lead suggests a change to the strategic
ambition, the owner decides; the owner suggests to the professional one, the lead decides.

The text's writer accepts (a tracked save whose history names the suggestion), edits
before accepting, or declines with a reason; both are told. Others may read but not
suggest or decide.
"""

import re

import pytest
from django.urls import reverse

from bass.history import acting_as
from notifications.models import Notification
from specialties.models import Ambition, Suggestion, SuggestionStatus

START = "<p>Fælles akutmodtagelse.</p><p>Ambulant opfølgning.</p>"
SUGGESTED = "<p>Fælles akutmodtagelse.</p><p>Ambulant opfølgning i eget hjem.</p>"


@pytest.fixture
def ambition(world):
    with acting_as(world.owner_a):
        return Ambition.objects.create(
            specialty=world.specialty_a, kind="strategic", draft_text=START
        )


def _url(name, ambition, *args):
    return reverse(name, args=[ambition.specialty.slug, ambition.url_kind, *args])


def _suggest(client, ambition, text=SUGGESTED, reason="Patienterne ønsker det", version=None):
    return client.post(
        _url("suggestion_create", ambition),
        {
            "text": text,
            "reason": reason,
            "base_version": ambition.version if version is None else version,
        },
    )


def test_the_lead_sees_the_owners_ambition_and_may_suggest_but_not_edit(world, login, ambition):
    lead = login(world.lead_a)
    page = lead.get(ambition.get_absolute_url()).content.decode()
    assert "Foreslå ændring" in page and "Rediger kladden" not in page
    assert lead.get(_url("ambition_update", ambition)).status_code == 403
    form = lead.get(_url("suggestion_create", ambition))
    assert form.status_code == 200
    assert "Ambulant opfølgning." in form.content.decode()  # starts from the current text


@pytest.mark.parametrize("persona", ["owner_a", "core_a", "steering"])
def test_others_may_not_suggest(world, login, ambition, persona):
    client = login(getattr(world, persona))
    assert _suggest(client, ambition).status_code == 403
    assert not Suggestion.objects.exists()


def test_a_suggestion_tells_the_owner_and_shows_the_differences(world, login, ambition):
    response = _suggest(login(world.lead_a), ambition)
    suggestion = Suggestion.objects.get()
    assert response.status_code == 302 and response.url == suggestion.get_absolute_url()
    assert (suggestion.author, suggestion.status) == (world.lead_a, SuggestionStatus.OPEN)
    assert suggestion.based_on_version == ambition.version
    [told] = Notification.objects.filter(event="suggestion_made")
    assert told.recipient == world.owner_a and told.url == suggestion.get_absolute_url()
    assert told.text == "Patienterne ønsker det"

    owner = login(world.owner_a)
    assert "Forslag fra Lead_A" in owner.get(ambition.get_absolute_url()).content.decode()
    page = owner.get(suggestion.get_absolute_url()).content.decode()
    assert re.search(r"<ins>[^<]*i eget hjem\.</ins>", page)
    assert "Acceptér forslaget" in page and "ældre version" not in page


def test_accepting_replaces_the_text_with_history_naming_the_suggestion(world, login, ambition):
    _suggest(login(world.lead_a), ambition)
    suggestion = Suggestion.objects.get()
    # the author may read but not decide
    assert (
        login(world.lead_a)
        .post(
            _url("suggestion_accept", ambition, suggestion.pk), {"base_version": ambition.version}
        )
        .status_code
        == 403
    )
    owner = login(world.owner_a)
    response = owner.post(
        _url("suggestion_accept", ambition, suggestion.pk), {"base_version": ambition.version}
    )
    assert response.status_code == 302
    ambition.refresh_from_db()
    assert ambition.draft_text == SUGGESTED
    latest = ambition.history.latest()
    assert latest.history_user == world.owner_a
    assert f"nr. {suggestion.pk}" in latest.history_change_reason
    assert "Lead_A" in latest.history_change_reason
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == (SuggestionStatus.ACCEPTED, world.owner_a)
    [told] = Notification.objects.filter(event="suggestion_decided")
    assert told.recipient == world.lead_a and told.text == "Accepteret"
    # a second click changes nothing
    again = owner.post(
        _url("suggestion_accept", ambition, suggestion.pk), {"base_version": ambition.version}
    )
    assert again.status_code == 302
    assert Notification.objects.filter(event="suggestion_decided").count() == 1


def test_edit_then_accept_starts_from_the_suggested_text(world, login, ambition):
    _suggest(login(world.lead_a), ambition)
    suggestion = Suggestion.objects.get()
    owner = login(world.owner_a)
    url = _url("suggestion_edit", ambition, suggestion.pk)
    form = owner.get(url)
    assert "i eget hjem" in form.content.decode()
    edited = "<p>Fælles akutmodtagelse.</p><p>Opfølgning i eget hjem, når det giver mening.</p>"
    assert (
        owner.post(url, {"draft_text": edited, "base_version": ambition.version}).status_code == 302
    )
    ambition.refresh_from_db()
    assert ambition.draft_text == edited
    assert "redigeret og accepteret" in ambition.history.latest().history_change_reason
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.EDITED
    assert Notification.objects.get(event="suggestion_decided").recipient == world.lead_a


def test_declining_needs_a_reason_and_leaves_the_text(world, login, ambition):
    _suggest(login(world.lead_a), ambition)
    suggestion = Suggestion.objects.get()
    owner = login(world.owner_a)
    url = _url("suggestion_decline", ambition, suggestion.pk)
    refused = owner.post(url, {"reason": " "})
    assert refused.status_code == 200 and "Dette felt er påkrævet" in refused.content.decode()
    assert Suggestion.objects.get().status == SuggestionStatus.OPEN
    assert owner.post(url, {"reason": "Ikke realistisk i 2027"}).status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decision_reason) == (
        SuggestionStatus.DECLINED,
        "Ikke realistisk i 2027",
    )
    ambition.refresh_from_db()
    assert ambition.draft_text == START
    told = Notification.objects.get(event="suggestion_decided")
    assert told.recipient == world.lead_a and "Ikke realistisk" in told.text


def test_a_suggestion_on_an_older_version_says_so_and_is_compared_with_the_current_text(
    world, login, ambition
):
    _suggest(login(world.lead_a), ambition)
    suggestion = Suggestion.objects.get()
    opened_on = ambition.version
    ambition.draft_text = START + "<p>Nyt afsnit fra ejeren.</p>"
    with acting_as(world.owner_a):
        ambition.save()
    owner = login(world.owner_a)
    page = owner.get(suggestion.get_absolute_url()).content.decode()
    assert "Stillet til en ældre version af teksten" in page
    assert "<del>ejeren.</del>" in page  # compared with the current text
    # accepting from a page opened before the change saves nothing
    stale = owner.post(
        _url("suggestion_accept", ambition, suggestion.pk), {"base_version": opened_on}
    )
    assert stale.status_code == 409
    ambition.refresh_from_db()
    assert "Nyt afsnit fra ejeren." in ambition.draft_text
    assert Suggestion.objects.get().status == SuggestionStatus.OPEN


def test_the_owner_suggests_to_the_professional_ambition_and_the_lead_decides(world, login):
    with acting_as(world.lead_a):
        professional = Ambition.objects.create(
            specialty=world.specialty_a, kind="professional", draft_text=START
        )
    assert _suggest(login(world.owner_a), professional).status_code == 302
    assert Notification.objects.get(event="suggestion_made").recipient == world.lead_a
    suggestion = Suggestion.objects.get()
    assert (
        login(world.owner_a)
        .post(_url("suggestion_decline", professional, suggestion.pk), {"reason": "x"})
        .status_code
        == 403
    )
    assert (
        login(world.lead_a)
        .post(_url("suggestion_decline", professional, suggestion.pk), {"reason": "Nej tak"})
        .status_code
        == 302
    )


@pytest.mark.parametrize(
    ("text", "reason", "message"),
    [
        (START, "Grund", "den samme som den nuværende"),
        ("<p></p>", "Grund", "Skriv den tekst, du foreslår."),
        (SUGGESTED, "", "Dette felt er påkrævet"),
        ("<p>" + "x" * 2_000_000 + "</p>", "Grund", "højst"),
    ],
)
def test_bad_suggestions_get_a_clear_message_and_store_nothing(
    world, login, ambition, text, reason, message
):
    response = _suggest(login(world.lead_a), ambition, text=text, reason=reason)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Suggestion.objects.exists()


def test_someone_outside_the_specialty_gets_404(world, login, ambition):
    _suggest(login(world.lead_a), ambition)
    suggestion = Suggestion.objects.get()
    outsider = login(world.owner_b)
    assert outsider.get(suggestion.get_absolute_url()).status_code == 404
    assert outsider.get(suggestion.get_history_url()).status_code == 404
