"""Checks on attachments (bilag): an allow-list of types, recognised by content, and a size
limit. The file name's extension must agree with the content."""

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

# extension -> content type
ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}


def _sniff(upload) -> str | None:
    """The extension the content really is, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
    return None


def check_attachment(upload) -> str:
    """The content type of an acceptable upload; ValidationError otherwise."""
    allowed_names = ", ".join(sorted({e.upper() for e in ALLOWED} - {"JPEG"}))
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s). Attachments may be at most %(max)s.")
            % {
                "size": filesizeformat(upload.size),
                "max": filesizeformat(MAX_ATTACHMENT_BYTES),
            },
            code="too_large",
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in ALLOWED:
        raise ValidationError(
            _("Files of this type cannot be attached. Allowed types: %(types)s.")
            % {"types": allowed_names},
            code="type",
        )
    actual = _sniff(upload)
    if actual is None or ALLOWED[actual] != ALLOWED[extension]:
        raise ValidationError(
            _(
                "The content of the file is not a %(ext)s file (the name says one thing, the "
                "content another). Allowed types: %(types)s."
            )
            % {"ext": extension.upper(), "types": allowed_names},
            code="content",
        )
    return ALLOWED[extension]
