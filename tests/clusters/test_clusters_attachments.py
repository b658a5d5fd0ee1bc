import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bass.uploads import MAX_ATTACHMENT_BYTES
from clusters.models import AgendaAttachment
from tests.clusters.cluster_world import PNG


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _upload(client, item, name, content, content_type="application/octet-stream"):
    return client.post(
        reverse("attachment_create", args=[item.pk]),
        {"title": "Pkt. 3 Bilag 1", "document_id": "12086714",
         "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "expected_type"),
    [
        ("bilag.pdf", b"%PDF-1.7\n%fake but starts right\n", "application/pdf"),
        ("bilag.png", PNG, "image/png"),
        ("bilag.JPG", b"\xff\xd8\xff\xe0rest", "image/jpeg"),
        (
            "bilag.docx",
            _docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_allowed_attachments_are_stored_and_served_to_members(
    cw, login, name, content, expected_type
):
    client = login(cw.world.owner_a)
    response = _upload(client, cw.a.item, name, content)
    assert response.status_code == 302
    attachment = cw.a.item.attachments.get()
    assert attachment.content_type == expected_type
    assert attachment.size == len(content)
    download = login(cw.world.core_a).get(attachment.get_absolute_url())  # open item
    assert download.status_code == 200
    assert download["Content-Type"] == expected_type
    assert download["Content-Disposition"].startswith("attachment;")
    assert download.content == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", b"MZ\x90\x00", "kan ikke vedhæftes"),
        ("virus.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "ikke en PDF-fil"),
        ("billede.png", b"%PDF-1.4 a pdf in disguise", "ikke en PNG-fil"),
        ("regneark.xlsx", _docx(), "ikke en XLSX-fil"),
        ("zip.docx", b"PK\x03\x04 broken zip", "ikke en DOCX-fil"),
        ("uden-endelse", b"%PDF-1.4", "kan ikke vedhæftes"),
    ],
)
def test_wrong_types_are_refused_by_content_with_a_clear_error(cw, login, name, content, message):
    response = _upload(login(cw.world.owner_a), cw.a.item, name, content)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert message in errors
    assert not cw.a.item.attachments.exists()


def test_a_file_over_the_limit_is_refused(cw, login):
    content = b"%PDF-1.4" + b"0" * (MAX_ATTACHMENT_BYTES - 7)
    response = _upload(login(cw.world.owner_a), cw.a.item, "stor.pdf", content)
    assert response.status_code == 200
    assert "Filen er for stor" in " ".join(response.context["form"].errors["file"])
    assert not AgendaAttachment.objects.filter(item=cw.a.item).exists()


def test_attachments_live_outside_the_static_folders(cw, login, settings):
    _upload(login(cw.world.owner_a), cw.a.item, "bilag.png", PNG)
    path = cw.a.item.attachments.get().file.path
    assert path.startswith(str(settings.MEDIA_ROOT))
    assert not any(path.startswith(str(folder)) for folder in settings.STATICFILES_DIRS)
