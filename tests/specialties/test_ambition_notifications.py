"""The ambition workflow tells the next person: submitted → the steering group; approved or
returned → the owner and the lead; a comment → the owner and the lead (never the actor)."""

from django.urls import reverse

from notifications.models import Notification
from specialties.models import Ambition
from tests.discussion.urls import comment_url
from tests.specialties.test_ambitions_workflow import edit, transition


def told(event) -> set[str]:
    return set(
        Notification.objects.filter(event=event).values_list("recipient__username", flat=True)
    )


def test_submitting_tells_the_steering_group_and_deciding_tells_the_writers(world, client):
    client.force_login(world.owner_a)
    edit(client, world, "<p>Fælles vagtlag</p>")
    assert transition(client, world, "ambition_submit", comment="Klar").status_code == 302
    assert told("ambition_submitted") == {"steering"}

    client.force_login(world.steering)
    assert (
        transition(client, world, "ambition_return", comment="Mere om økonomi").status_code == 302
    )
    assert told("ambition_returned") == {"owner_a", "lead_a"}
    returned = Notification.objects.get(event="ambition_returned", recipient=world.owner_a)
    assert returned.text == "Mere om økonomi"

    client.force_login(world.owner_a)
    edit(client, world, "<p>Fælles vagtlag og økonomi</p>")
    transition(client, world, "ambition_submit")
    client.force_login(world.steering)
    transition(client, world, "ambition_approve", comment="Godkendt")
    assert told("ambition_decided") == {"owner_a", "lead_a"}
    ambition_events = Notification.objects.filter(event__startswith="ambition_")
    assert not ambition_events.filter(recipient__username__in=["core_a", "owner_b"]).exists()


def test_a_comment_tells_the_writers_once_even_when_sent_twice(world, client):
    client.force_login(world.owner_a)
    edit(client, world, "<p>Tekst</p>")
    client.force_login(world.core_a)
    comment = comment_url(Ambition.objects.get(specialty=world.specialty_a, kind="strategic"))
    form = client.get(comment).context["form"]
    data = {"body": "Husk tallene", "once_token": form["once_token"].value()}
    assert client.post(comment, data).status_code == 302
    assert client.post(comment, data).status_code == 302
    assert told("comment") == {"owner_a", "lead_a"}
    assert Notification.objects.filter(event="comment").count() == 2
    # The comment reaches the owner's notification centre.
    client.force_login(world.owner_a)
    body = client.get(reverse("notification_centre")).content.decode()
    assert "Husk tallene" in body
