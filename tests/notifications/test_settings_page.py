"""The settings page: every kind with its three choices, saved per person."""

import re

from notifications.events import EVENTS
from notifications.models import DeliveryPreference, RecipientSettings

URL = "/notifikationer/indstillinger/"


def _form(**changes):
    data = {f"event_{key}": kind.default for key, kind in EVENTS.items()}
    data["language"] = "da"
    data.update(changes)
    return data


def test_every_kind_is_listed_with_its_default(world, login):
    html = login(world.lead_a).get(URL).content.decode()
    for kind in EVENTS.values():
        checked = re.findall(rf'name="event_{kind.key}" value="(\w+)"[^>]*checked', html)
        assert checked == [kind.default]
    assert "Nogen nævner dig" in html and "Daglig oversigt" in html
    assert html.count('type="radio"') == 3 * len(EVENTS)
    assert "Der er ingen e-mailadresse på din konto" in html  # the personas have none


def test_choices_are_saved_and_shown_again(world, login):
    client = login(world.lead_a)
    response = client.post(
        URL, _form(event_mention="off", event_comment="immediate", language="en")
    )
    assert response.status_code == 302
    assert dict(
        DeliveryPreference.objects.filter(user=world.lead_a).values_list("event", "delivery")
    ) == {"mention": "off", "comment": "immediate"}
    assert RecipientSettings.objects.get(user=world.lead_a).language == "en"
    form = client.get(URL).context["form"]
    assert form["event_mention"].value() == "off"
    assert form["event_comment"].value() == "immediate"
    # Back to the default: the row goes, the default applies again.
    client.post(URL, _form())
    assert not DeliveryPreference.objects.filter(user=world.lead_a).exists()


def test_bad_input_changes_nothing_and_says_so(world, login):
    client = login(world.lead_a)
    response = client.post(URL, _form(event_mention="sometimes", language="xx"))
    assert response.status_code == 200
    assert response.content.decode().count("Marker en gyldig valgmulighed") == 2
    assert not DeliveryPreference.objects.exists()
    assert not RecipientSettings.objects.exists()


def test_settings_are_ones_own(world, login):
    login(world.owner_a).post(URL, _form(event_mention="off"))
    assert list(DeliveryPreference.objects.values_list("user", flat=True)) == [world.owner_a.pk]


def test_the_settings_page_needs_a_login(client):
    assert client.get(URL).status_code == 302
