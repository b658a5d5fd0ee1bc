"""URLs of the discussion for the permission matrix: comments and files on the strategic
ambition of specialty A or B, written by that specialty's owner (owner_a or owner_b)."""

from django.urls import reverse

from tests.discussion.factories import attachment_on, comment_on
from tests.discussion.urls import on
from tests.specialties.ambition_matrix_urls import _ambition, _dilemma


def _owner(w, x):
    return w.owner_a if x == "A" else w.owner_b


def _comment(w, x):
    return comment_on(_ambition(w, x), _owner(w, x), "Et godt udkast")


def _attachment(w, x):
    return attachment_on(_ambition(w, x), _owner(w, x), name="Bilag æøå.pdf")


URLS = {
    "discussion_page": lambda w, x: on("discussion_page", _dilemma(w, x)),
    "comment_create": lambda w, x: on("comment_create", _ambition(w, x)),
    "mention_suggestions": lambda w, x: on("mention_suggestions", _ambition(w, x)) + "?q=o",
    "comment_detail": lambda w, x: reverse("comment_detail", args=[_comment(w, x).pk]),
    "comment_reply": lambda w, x: reverse("comment_reply", args=[_comment(w, x).pk]),
    "comment_update": lambda w, x: reverse("comment_update", args=[_comment(w, x).pk]),
    "comment_delete": lambda w, x: reverse("comment_delete", args=[_comment(w, x).pk]),
    "comment_history": lambda w, x: _comment(w, x).get_history_url(),
    "discussion_attachment_create": lambda w, x: on(
        "discussion_attachment_create", _ambition(w, x)
    ),
    "discussion_attachment_download": lambda w, x: reverse(
        "discussion_attachment_download", args=[_attachment(w, x).pk]
    ),
    "discussion_attachment_delete": lambda w, x: reverse(
        "discussion_attachment_delete", args=[_attachment(w, x).pk]
    ),
    "attachment_history": lambda w, x: _attachment(w, x).get_history_url(),
}
