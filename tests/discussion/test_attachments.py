"""Files on any registered object: several at once, recognised by content, limits per file
and per object, the original name (æøå) on download, only through a checked view."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from discussion.forms import AttachmentForm
from discussion.models import Attachment
from tests.discussion.factories import PDF, attachment_on
from tests.discussion.urls import upload_url

pytestmark = pytest.mark.django_db

DANISH_NAME = "Referat fra mødet – Årsrapport æøå ÆØÅ.pdf"


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (5 * 1024 * 1024))
    return buffer.getvalue()


def upload(client, target, *files):
    return client.post(upload_url(target), {"files": list(files)})


def test_several_files_upload_at_once_and_download_with_their_names(world, client, ambition):
    client.force_login(world.core_a)
    response = upload(
        client,
        ambition,
        SimpleUploadedFile(DANISH_NAME, PDF),
        SimpleUploadedFile("billede.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
    )
    assert response.status_code == 302
    first, second = Attachment.objects.order_by("pk")
    assert (first.name, first.mime_type, first.size) == (DANISH_NAME, "application/pdf", len(PDF))
    assert second.mime_type == "image/png"
    # Stored with a random name under MEDIA_ROOT, nothing of the original in it.
    assert first.file.name.startswith("diskussion/") and "Referat" not in first.file.name
    download = client.get(first.get_absolute_url())
    assert download.status_code == 200 and download.content == PDF
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''Referat%20fra%20m%C3%B8det")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert first.history.get().history_user == world.core_a
    # Removing is the uploader's, with a confirmation, and is kept in history.
    remove = reverse("discussion_attachment_delete", args=[first.pk])
    assert client.get(remove).status_code == 200
    assert client.post(remove).status_code == 302
    assert not Attachment.objects.filter(pk=first.pk).exists()
    assert first.history.filter(history_type="-", history_user=world.core_a).exists()


def test_files_are_served_only_to_those_who_see_the_object(world, client, ambition):
    attachment = attachment_on(ambition, world.core_a)
    for user in (world.owner_b, world.nobody):
        client.force_login(user)
        assert client.get(attachment.get_absolute_url()).status_code == 404
        assert client.get(attachment.get_history_url()).status_code == 404
    client.logout()
    assert client.get(attachment.get_absolute_url()).status_code == 302  # to the log-in


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.pdf", b"MZ\x90\x00" + b"\x00" * 60, "Filen er et program"),
        ("regneark.xlsx", None, "zip-bombe"),
        ("tekst.pdf", b"just text", "Filens indhold er ikke en PDF-fil"),
        ("script.exe", b"MZ", "Filer af denne type kan ikke vedhæftes"),
    ],
)
def test_bad_files_are_refused_in_danish_and_nothing_is_stored(
    world, client, ambition, name, content, message
):
    client.force_login(world.core_a)
    content = _zip_bomb() if content is None else content
    # With a good file beside it: one bad file refuses the whole upload.
    response = upload(
        client, ambition, SimpleUploadedFile("god.pdf", PDF), SimpleUploadedFile(name, content)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_file_over_the_limits_is_refused(world, client, ambition, settings):
    settings.ATTACHMENT_MAX_FILE_MB = 1
    settings.ATTACHMENT_MAX_TOTAL_MB = 2
    client.force_login(world.core_a)
    big = PDF + b"0" * (1024 * 1024)
    response = upload(client, ambition, SimpleUploadedFile("stor.pdf", big))
    assert "Filen er for stor" in response.content.decode()
    half = PDF + b"0" * (700 * 1024)
    assert upload(client, ambition, SimpleUploadedFile("a.pdf", half)).status_code == 302
    assert upload(client, ambition, SimpleUploadedFile("b.pdf", half)).status_code == 302
    response = upload(client, ambition, SimpleUploadedFile("c.pdf", half))
    assert "der må højst vedhæftes 2,0\xa0MB til én side" in response.content.decode()
    assert Attachment.objects.count() == 2


@pytest.mark.parametrize("name", ["..\\..\\etc\\passwd.pdf", "a/b.pdf", "bilag\x00.pdf"])
def test_file_names_with_a_path_or_a_nul_byte_are_refused(name):
    upload = SimpleUploadedFile("x.pdf", PDF)
    upload._name = name  # as a client could send it, before Django's own clean-up
    form = AttachmentForm(data={}, files={"files": [upload]})
    assert not form.is_valid()
    assert any(word in str(form.errors) for word in ("/ eller \\", "kontroltegn"))


def test_a_path_in_the_name_never_reaches_the_disk(world, client, ambition):
    # Django's parser keeps only the last part of a sent name; the stored path is random.
    client.force_login(world.core_a)
    response = upload(client, ambition, SimpleUploadedFile("..\\..\\ud.pdf", PDF))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.name == "ud.pdf" and ".." not in attachment.file.name
