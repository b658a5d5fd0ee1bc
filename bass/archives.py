"""Limits on ZIP-based uploads (XLSX) before any parser opens them.

An XLSX file is a ZIP archive of XML. A small file can inflate to gigabytes (a "zip bomb")
and a parser would spend minutes and all memory on it. The archive's directory states each
member's inflated size, and Python's zipfile stops at that size (a member that inflates
beyond it fails its checksum), so checking the stated sizes bounds the work of reading.
"""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_ENTRIES = 1000
# Ordinary spreadsheet XML deflates 5-30 times; a member that claims far more and is large
# is built to inflate.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024


def check_zip(raw: bytes, *, max_bytes: int) -> None:
    """Refuse an archive that is not a ZIP, has too many members, or would inflate to more
    than ``max_bytes`` (ValidationError with the reason)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ValidationError(_("The file is not an Excel (XLSX) spreadsheet."), "zip") from None
    if len(members) > MAX_ENTRIES:
        raise ValidationError(
            _("The file contains more than %(n)d parts and is not read.") % {"n": MAX_ENTRIES},
            "zip_entries",
        )
    total = sum(member.file_size for member in members)
    if total > max_bytes:
        raise ValidationError(
            _(
                "The spreadsheet unpacks to %(size)s, more than the %(max)s that can be "
                "read. Save only the columns and rows with data, or use CSV."
            )
            % {"size": filesizeformat(total), "max": filesizeformat(max_bytes)},
            "zip_size",
        )
    if any(
        member.file_size > RATIO_FROM_BYTES
        and member.file_size > MAX_RATIO * max(member.compress_size, 1)
        for member in members
    ):
        raise ValidationError(
            _(
                "The spreadsheet is packed far more tightly than a normal one and is not "
                "read. Save it again from Excel, or use CSV."
            ),
            "zip_ratio",
        )
