from django.contrib.contenttypes.models import ContentType
from django.urls import reverse


def on(name: str, target) -> str:
    return reverse(name, args=[ContentType.objects.get_for_model(target).pk, target.pk])


def comment_url(target) -> str:
    return on("comment_create", target)


def upload_url(target) -> str:
    return on("discussion_attachment_create", target)
