"""``{% load discussion %}{% discussion_for obj %}``: the thread of comments and attachments
of ``obj``, with forms for those who may write. The page's view has already checked that
the person may see ``obj``; the thread costs a constant number of queries."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from discussion.access import content_type_of
from discussion.thread import new_forms, thread_for

register = template.Library()


@register.inclusion_tag("discussion/_thread.html", takes_context=True)
def discussion_for(context, obj):
    request = context["request"]
    thread = thread_for(request.user, obj)
    return {
        "thread": thread,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        **new_forms(thread),
    }


@register.simple_tag
def discussion_link(obj):
    """A link to the thread of a row shown inside another page (no queries)."""
    url = reverse("discussion_page", args=[content_type_of(obj).pk, obj.pk])
    return format_html(
        '<a class="discussion-link" href="{}">{}<span class="visually-hidden">: {}</span></a>',
        url,
        gettext("Comments and attachments"),
        obj,
    )
