"""Checks on uploaded files (attachments, bilag): an allow-list of types recognised by their
content, a size limit, a safe file name, and no archive that inflates beyond reason.

The file name's extension must agree with the content: an executable renamed ``.pdf`` or a
ZIP bomb renamed ``.xlsx`` is refused before anything is stored. Used by the agenda items'
attachments and by the shared attachments of ``discussion``.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from bass.archives import check_zip

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# An Office document may unpack to this much; more is refused unread (a "zip bomb").
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_NAME_LENGTH = 200

# extension -> content type
ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}

# Programs and scripts, recognised by their first bytes: named for a clearer refusal.
_EXECUTABLE_HEADS = (b"MZ", b"\x7fELF", b"#!", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf")


def allowed_names() -> str:
    return ", ".join(sorted({e.upper() for e in ALLOWED} - {"JPEG"}))


def check_file_name(name: str) -> str:
    """The name as shown and offered on download; ValidationError for a name with a path,
    a NUL byte or other control characters, or none at all."""
    if not name or not name.strip() or name.strip(".") == "":
        raise ValidationError(_("The file has no name."), code="name")
    if "/" in name or "\\" in name:
        raise ValidationError(
            _("The file name may not contain / or \\. Rename the file and try again."),
            code="name",
        )
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        raise ValidationError(
            _("The file name contains invisible control characters. Rename the file."),
            code="name",
        )
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            _("The file name is longer than %(n)d characters. Give it a shorter name.")
            % {"n": MAX_NAME_LENGTH},
            code="name",
        )
    return name


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
        raw = upload.read()
        upload.seek(0)
        try:
            check_zip(raw, max_bytes=MAX_UNPACKED_BYTES)
        except ValidationError as error:
            if error.code == "zip":
                return None  # not a readable archive: the content does not match the name
            raise ValidationError(
                _(
                    "The file unpacks to far more than an ordinary document (a so-called "
                    "zip bomb) and is refused. Save it again from Word or Excel."
                ),
                code="zip",
            ) from None
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


def _too_large(size: int, limit: int) -> ValidationError:
    return ValidationError(
        _("The file is too large (%(size)s). Attachments may be at most %(max)s.")
        % {"size": filesizeformat(size), "max": filesizeformat(limit)},
        code="too_large",
    )


def check_attachment(upload, max_bytes: int = MAX_ATTACHMENT_BYTES) -> str:
    """The content type of an acceptable upload; ValidationError otherwise."""
    if upload.size > max_bytes:
        raise _too_large(upload.size, max_bytes)
    check_file_name(upload.name)
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in ALLOWED:
        raise ValidationError(
            _("Files of this type cannot be attached. Allowed types: %(types)s.")
            % {"types": allowed_names()},
            code="type",
        )
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head.startswith(_EXECUTABLE_HEADS):
        raise ValidationError(
            _(
                "The file is a program, not a %(ext)s file, and cannot be attached. "
                "Allowed types: %(types)s."
            )
            % {"ext": extension.upper(), "types": allowed_names()},
            code="executable",
        )
    actual = _sniff(upload)
    if actual is None or ALLOWED[actual] != ALLOWED[extension]:
        raise ValidationError(
            _(
                "The content of the file is not a %(ext)s file (the name says one thing, the "
                "content another). Allowed types: %(types)s."
            )
            % {"ext": extension.upper(), "types": allowed_names()},
            code="content",
        )
    return ALLOWED[extension]
