from django import template
from django.utils.text import Truncator

from bass.text import html_to_text
from roles.permissions import can
from specialties.ambitions import workspace

register = template.Library()


@register.inclusion_tag("specialties/_ambition_workspace.html", takes_context=True)
def ambition_workspace(context, specialty):
    """The ambitions and dilemmas section of the specialty page (two queries)."""
    user = context["request"].user
    return {
        "specialty": specialty,
        "sections": workspace(specialty, user),
        "can_approve": can(user, "approve_ambition", specialty),
    }


@register.filter
def excerpt(value, words: int = 60) -> str:
    """The first words of rich text as plain text (the workspace shows a summary; its
    headings would otherwise break the page's heading order)."""
    return Truncator(" ".join(html_to_text(value).splitlines())).words(words, truncate=" …")
