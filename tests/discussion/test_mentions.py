"""A comment tells the people concerned, never the writer; @mentions reach only people who
may see the object, and the suggestions name nobody else."""

import pytest
from django.urls import reverse

from discussion.models import Comment
from notifications.models import Notification
from tests.discussion.factories import comment_on
from tests.discussion.urls import comment_url, on

pytestmark = pytest.mark.django_db


def told(event):
    return set(
        Notification.objects.filter(event=event).values_list("recipient__username", flat=True)
    )


def test_a_comment_tells_the_writers_and_a_mention_the_mentioned(world, client, ambition):
    client.force_login(world.owner_a)
    body = "Se afsnit 2, @core_a og @owner_b og @ukendt."
    assert client.post(comment_url(ambition), {"body": body}).status_code == 302
    # owner_b may not see specialty A: not told, and no trace of the mention for them.
    assert told("mention") == {"core_a"}
    assert told("comment") == {"lead_a"}  # the writers, never the actor
    mention = Notification.objects.get(event="mention")
    assert mention.url.startswith(ambition.get_absolute_url() + "#kommentar-")
    client.force_login(world.core_a)
    assert "Se afsnit 2" in client.get(reverse("notification_centre")).content.decode()


def test_a_reply_tells_the_author_replied_to(world, client, ambition):
    first = comment_on(ambition, world.core_a, "Spørgsmål")
    client.force_login(world.steering)
    client.post(reverse("comment_reply", args=[first.pk]), {"body": "Svar"})
    assert told("comment") == {"owner_a", "lead_a", "core_a"}


def test_an_edit_tells_only_the_newly_mentioned(world, client, ambition):
    client.force_login(world.owner_a)
    client.post(comment_url(ambition), {"body": "Hej @lead_a"})
    comment = Comment.objects.get()
    Notification.objects.all().delete()
    client.post(
        reverse("comment_update", args=[comment.pk]),
        {"body": "Hej @lead_a og @core_a", "base_version": comment.version},
    )
    assert told("mention") == {"core_a"}
    assert not told("comment")


def test_suggestions_list_only_people_who_may_see_the_object(world, client, ambition):
    client.force_login(world.lead_a)
    url = on("mention_suggestions", ambition)
    names = [p["username"] for p in client.get(url, {"q": "owner"}).json()["people"]]
    assert names == ["owner_a"]  # owner_b holds a role, but on another specialty
    everyone = [p["username"] for p in client.get(url).json()["people"]]
    assert "owner_b" not in everyone and "nobody" not in everyone
    assert {"owner_a", "lead_a", "core_a", "steering"} <= set(everyone)
