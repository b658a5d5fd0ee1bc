"""Comments and attachments made directly, for tests that need them as data."""

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from bass.history import display_name
from discussion.forms import text_to_html
from discussion.models import Attachment, Comment

PDF = b"%PDF-1.7\n%test\n"


def comment_on(target, author=None, text="Godt", **extra) -> Comment:
    extra.setdefault("author_name", display_name(author) if author else "Test")
    return Comment.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        author=author,
        body=text_to_html(text),
        **extra,
    )


def attachment_on(target, uploader=None, name="bilag.pdf", content=PDF) -> Attachment:
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        name=name,
        mime_type="application/pdf",
        size=len(content),
        uploaded_by=uploader,
        uploaded_by_name=display_name(uploader) if uploader else "",
    )
    attachment.file.save("upload", ContentFile(content), save=False)
    attachment.save()
    return attachment
