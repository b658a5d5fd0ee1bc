"""Meetings approved before the public PDF was stored on approval get their public minutes
on the first request, through the export outbox (issue 19, point 4): the request queues
the export and answers "being made"; once it is made, the PDF is served and reused."""

import subprocess

from django.urls import reverse

from bass.models import Export
from tests.clusters.test_clusters_meeting_life import needs_pdftotext


def _approved_without_pdf(cw):
    meeting = cw.a.meeting
    meeting.status = "approved"
    meeting.save()
    assert not meeting.public_minutes_pdf
    return meeting


@needs_pdftotext
def test_the_first_request_queues_the_public_minutes(
    cw, client, django_capture_on_commit_callbacks, tmp_path
):
    meeting = _approved_without_pdf(cw)
    url = reverse("public_meeting_pdf", args=[meeting.pk])
    # The queue is not run: the request only puts the work in the outbox.
    with django_capture_on_commit_callbacks(execute=False):
        first = client.get(url)
    assert first.status_code == 202 and first["Refresh"] == "3"
    assert Export.objects.filter(kind="meeting_minutes_public", object_id=meeting.pk).count() == 1
    with django_capture_on_commit_callbacks(execute=False):
        client.get(url)  # still on its way: not queued twice
    assert Export.objects.filter(kind="meeting_minutes_public").count() == 1

    # The worker makes it (eager in tests), and the next request serves it.
    from bass.exports import run_export

    run_export(Export.objects.get(kind="meeting_minutes_public").pk)
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "public.pdf"
    path.write_bytes(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Dagsordenen blev godkendt." in text
    assert "Lukket punkt" in text and "Personsag om formandskabet" in text
    # Served again without a new export while the minutes are unchanged.
    assert client.get(url).status_code == 200
    assert Export.objects.filter(kind="meeting_minutes_public").count() == 1


def test_a_meeting_not_approved_queues_nothing(cw, client):
    meeting = cw.a.meeting  # held, no public agenda stored
    assert client.get(reverse("public_meeting_pdf", args=[meeting.pk])).status_code == 404
    assert not Export.objects.filter(kind="meeting_minutes_public").exists()
