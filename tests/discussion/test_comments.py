"""Comments on any registered object: post, reply (one level), edit and delete one's own,
kept in history; reading follows "may view", writing the object's comment permission."""

import pytest
from django.urls import reverse

from discussion.models import Comment
from tests.discussion.factories import comment_on
from tests.discussion.urls import comment_url

pytestmark = pytest.mark.django_db


def page(client, target) -> str:
    return client.get(target.get_absolute_url()).content.decode()


def test_a_comment_is_posted_shown_edited_and_deleted_with_history(world, client, ambition):
    client.force_login(world.core_a)
    response = client.post(comment_url(ambition), {"body": "Første afsnit\n\nAndet <b>fedt</b>"})
    comment = Comment.objects.get()
    assert response.url == f"{ambition.get_absolute_url()}#kommentar-{comment.pk}"
    # Typed as text: paragraphs kept, markup escaped, through the shared sanitiser.
    assert comment.body == "<p>Første afsnit</p>\n\n<p>Andet &lt;b&gt;fedt&lt;/b&gt;</p>"
    assert comment.author_name == "Core_A"
    assert "Første afsnit" in page(client, ambition)

    edit = reverse("comment_update", args=[comment.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"body": "Rettet tekst", "base_version": 1}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "<p>Rettet tekst</p>" and comment.edited_at is not None

    delete = reverse("comment_delete", args=[comment.pk])
    assert "Slet din kommentar?" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    comment.refresh_from_db()
    assert comment.is_deleted and comment.body == ""
    body = page(client, ambition)
    assert "Kommentaren er slettet" in body and "Rettet tekst" not in body
    # Every version is in the history, with who and why.
    records = list(comment.history.order_by("history_date", "history_id"))
    assert [r.body for r in records] == [
        "<p>Første afsnit</p>\n\n<p>Andet &lt;b&gt;fedt&lt;/b&gt;</p>",
        "<p>Rettet tekst</p>",
        "",
    ]
    assert {r.history_user for r in records} == {world.core_a}
    assert client.get(comment.get_history_url()).status_code == 200


def test_replies_are_one_level_deep(world, client, ambition):
    first = comment_on(ambition, world.owner_a, "Spørgsmål")
    client.force_login(world.lead_a)
    client.post(reverse("comment_reply", args=[first.pk]), {"body": "Svar"})
    reply = Comment.objects.get(parent=first)
    client.post(reverse("comment_reply", args=[reply.pk]), {"body": "Svar på svar"})
    assert Comment.objects.filter(parent=first).count() == 2
    assert not Comment.objects.filter(parent=reply).exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Skriv en kommentar, før du sender den."),
        ("   \n  ", "Skriv en kommentar, før du sender den."),
        ("x" * (2 * 1024 * 1024), "En kommentar må højst være 10000 tegn"),
    ],
)
def test_bad_comments_are_refused_in_danish_and_nothing_is_stored(
    world, client, ambition, body, message
):
    client.force_login(world.core_a)
    response = client.post(comment_url(ambition), {"body": body})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_only_the_author_edits_or_deletes(world, client, ambition):
    comment = comment_on(ambition, world.core_a, "Min")
    client.force_login(world.lead_a)
    for name in ("comment_update", "comment_delete"):
        assert client.post(reverse(name, args=[comment.pk]), {"body": "Andet"}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "<p>Min</p>" and not comment.is_deleted


def test_who_reads_and_who_writes(world, client, ambition):
    comment = comment_on(ambition, world.core_a, "Hemmelig for andre specialer")
    client.force_login(world.owner_b)  # another specialty: the ambition is unknown to them
    assert client.get(comment.get_absolute_url()).status_code == 404
    assert client.get(comment.get_history_url()).status_code == 404
    assert client.post(comment_url(ambition), {"body": "Hej"}).status_code == 404
    # The steering group comments on the ambitions it decides on, and edits none.
    client.force_login(world.steering)
    assert client.post(comment_url(ambition), {"body": "Godt"}).status_code == 302
    assert Comment.objects.filter(author=world.steering).exists()
    # A model without a discussion is not a target.
    from django.contrib.contenttypes.models import ContentType

    position = ContentType.objects.get_for_model(world.position_a)
    url = reverse("comment_create", args=[position.pk, world.position_a.pk])
    assert client.post(url, {"body": "Nej"}).status_code == 404
