"""Exports are never lost: the renderer works in any process, static files resolve with
DEBUG off, and the sweeper queues again or fails visibly what a dead worker or broker lost."""

import datetime
import multiprocessing
import os
import shutil
import signal
import subprocess
import time

import pytest
from celery.exceptions import Retry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import OperationalError
from django.templatetags.static import static
from django.utils import timezone

from bass import exports, pdf
from bass.celery import app as celery_app
from bass.exports import (
    MAX_ATTEMPTS,
    QUEUED_DEADLINE,
    RENDERING_DEADLINE,
    run_export,
    sweep_exports,
)
from bass.models import Export
from bass.tasks import render_export
from programme.miniguide import SPECIALTY_GUIDE

NOW = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))

needs_poppler = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs poppler")


def fonts(pdf_bytes: bytes) -> str:
    return subprocess.run(
        ["pdffonts", "-"], input=pdf_bytes, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def eager():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def _export(world, **fields) -> Export:
    return Export.objects.create(
        kind=SPECIALTY_GUIDE.key,
        content_type=ContentType.objects.get_for_model(world.specialty_a),
        object_id=world.specialty_a.pk,
        language="da",
        requested_by=world.owner_a,
        **fields,
    )


# --- the renderer in any process ---------------------------------------------------------


def _render_in_daemon(connection):
    try:
        connection.send(pdf.html_to_pdf("<p>Fra en dæmonproces</p>")[:5])
    except Exception as error:  # noqa: BLE001 - sent to the test
        connection.send(repr(error))


def test_the_renderer_works_inside_a_daemonic_process_like_a_prefork_worker():
    # Celery's prefork pool runs tasks in daemonic processes, which multiprocessing refuses
    # to give children ("daemonic processes are not allowed to have children").
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_render_in_daemon, args=(sender,), daemon=True)
    worker.start()
    assert receiver.poll(60)
    assert receiver.recv() == b"%PDF-"
    worker.join(10)


class _Hangs:
    def __init__(self, **kwargs):
        pass

    def write_pdf(self, **options):
        time.sleep(60)


class _Crashes(_Hangs):
    def write_pdf(self, **options):
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer does


def _children() -> set[int]:
    path = f"/proc/{os.getpid()}/task/{os.getpid()}/children"
    if not os.path.exists(path):
        return set()
    with open(path) as handle:
        return set(map(int, handle.read().split()))


def test_a_render_that_hangs_is_stopped_at_its_time_limit_and_leaves_no_process(monkeypatch):
    monkeypatch.setattr("weasyprint.HTML", _Hangs)
    before = _children()
    start = time.monotonic()
    with pytest.raises(pdf.PDFRenderError, match="time"):
        pdf.html_to_pdf("<p>x</p>", timeout=1)
    assert time.monotonic() - start < 10
    assert _children() == before


def test_a_render_that_crashes_fails_with_a_reason(monkeypatch):
    monkeypatch.setattr("weasyprint.HTML", _Crashes)
    with pytest.raises(pdf.PDFRenderError, match="crashed"):
        pdf.html_to_pdf("<p>x</p>")


# --- static files with DEBUG off ---------------------------------------------------------


@pytest.fixture
def manifest_static(settings, tmp_path):
    """What production serves: collectstatic into STATIC_ROOT with the manifest storage."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


def test_with_the_manifest_storage_the_hashed_stylesheet_is_fetched(manifest_static):
    url = static("css/pdf.css")
    assert url != "/static/css/pdf.css"  # a hashed name, unknown to the finders
    response = pdf.ProjectOnlyFetcher().fetch("https://bass.invalid" + url)
    assert b"@page" in response.read()
    (manifest_static.parent / "secret.txt").write_text("not static")
    for outside in ["../secret.txt", "..%2Fsecret.txt", "/etc/passwd", "%2Fetc%2Fpasswd"]:
        with pytest.raises(ValueError):
            pdf.ProjectOnlyFetcher().fetch(f"https://bass.invalid/static/{outside}")


@needs_poppler
def test_a_miniguide_made_with_debug_off_is_styled(world, manifest_static):
    context = SPECIALTY_GUIDE.build_context(world.specialty_a, "da")
    made = pdf.render_pdf(SPECIALTY_GUIDE.template, context, language="da")
    used = fonts(made)
    # The stylesheet sets DejaVu Sans; without it WeasyPrint falls back to a serif face.
    assert "DejaVu-Sans" in used
    assert "Serif" not in used


# --- the task's delivery guarantees ------------------------------------------------------


def test_the_task_is_acknowledged_late_redelivered_and_bounded_in_time():
    conf = celery_app.conf
    assert render_export.acks_late and render_export.reject_on_worker_lost
    assert pdf.RENDER_SECONDS < render_export.soft_time_limit < render_export.time_limit
    assert datetime.timedelta(seconds=render_export.time_limit) < RENDERING_DEADLINE
    visibility = conf.broker_transport_options["visibility_timeout"]
    assert render_export.time_limit < visibility < 3600
    assert OperationalError in render_export.autoretry_for
    assert conf.beat_schedule["sweep-exports"]["task"] == "bass.tasks.sweep_exports"


def test_a_database_error_is_retried_and_the_export_still_completes(world, eager, monkeypatch):
    export = _export(world)
    real = SPECIALTY_GUIDE.data_version
    calls = []

    def flaky(subject):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(subject)

    monkeypatch.setitem(
        exports.REGISTRY,
        SPECIALTY_GUIDE.key,
        exports.ExportKind(**{**SPECIALTY_GUIDE.__dict__, "data_version": flaky}),
    )
    # The task asks Celery for a retry (sent with a back-off) instead of failing ...
    with pytest.raises(Retry):
        render_export.apply_async((export.pk,))
    export.refresh_from_db()
    assert not export.is_finished
    # ... and the retried delivery makes the export.
    render_export.apply_async((export.pk,))
    export.refresh_from_db()
    assert export.status == Export.Status.DONE and export.attempts == 2 and len(calls) == 2


def test_an_attempt_that_was_taken_over_does_not_overwrite_the_later_one(world):
    export = _export(world)

    def taken_over(subject, language):
        # Meanwhile the sweeper gave the work to another worker, which started attempt 2.
        row = Export.objects.get(pk=export.pk)
        row.attempts += 1
        row.save()
        return SPECIALTY_GUIDE.build_context(subject, language)

    kind = exports.ExportKind(**{**SPECIALTY_GUIDE.__dict__, "build_context": taken_over})
    exports.REGISTRY[kind.key] = kind
    try:
        run_export(export.pk)
    finally:
        exports.REGISTRY[kind.key] = SPECIALTY_GUIDE
    export.refresh_from_db()
    assert export.status == Export.Status.RENDERING and not export.file


# --- the sweeper -------------------------------------------------------------------------


def test_the_sweeper_queues_lost_work_again_and_leaves_live_work_alone(
    world, eager, django_capture_on_commit_callbacks
):
    lost = _export(world, queued_at=NOW - QUEUED_DEADLINE - datetime.timedelta(seconds=1))
    waiting = _export(world, queued_at=NOW - datetime.timedelta(seconds=30))
    rendering = _export(
        world,
        status=Export.Status.RENDERING,
        attempts=1,
        queued_at=NOW - datetime.timedelta(minutes=2),
        started_at=NOW - datetime.timedelta(minutes=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        counts = sweep_exports(now=NOW)
    assert counts == {"requeued": 1, "failed": 0}
    lost.refresh_from_db()
    assert lost.status == Export.Status.DONE  # queued again and made (in-process here)
    assert Export.objects.get(pk=waiting.pk).status == Export.Status.QUEUED
    assert Export.objects.get(pk=rendering.pk).status == Export.Status.RENDERING


def test_a_render_whose_worker_died_is_queued_again_then_fails_visibly(
    world, eager, django_capture_on_commit_callbacks
):
    long_ago = NOW - RENDERING_DEADLINE - datetime.timedelta(minutes=1)
    died = _export(
        world, status=Export.Status.RENDERING, attempts=1, queued_at=long_ago, started_at=long_ago
    )
    died_thrice = _export(
        world,
        status=Export.Status.RENDERING,
        attempts=MAX_ATTEMPTS,
        queued_at=long_ago,
        started_at=long_ago,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_exports(now=NOW) == {"requeued": 1, "failed": 1}
    died.refresh_from_db()
    died_thrice.refresh_from_db()
    assert died.status == Export.Status.DONE and died.attempts == 2
    assert died_thrice.status == Export.Status.FAILED and died_thrice.error == "interrupted"


def test_an_export_that_never_leaves_the_queue_fails_with_the_queue_reason(world):
    export = _export(world)
    export.requested_at = NOW - QUEUED_DEADLINE * MAX_ATTEMPTS
    export.queued_at = NOW - QUEUED_DEADLINE - datetime.timedelta(seconds=1)
    export.save()
    assert sweep_exports(now=NOW) == {"requeued": 0, "failed": 1}
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED and export.error == "queue"


def test_the_person_sees_failed_try_again_and_the_retry_makes_a_new_export(
    world, login, eager, django_capture_on_commit_callbacks
):
    failed = _export(world, status=Export.Status.FAILED, error="interrupted")
    client = login(world.owner_a)
    client.cookies.load({"django_language": "da"})
    page = client.get(f"/eksport/fil/{failed.pk}/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Mislykkedes – prøv igen" in page
    assert 'id="proev-igen"' in page and "hx-trigger" not in page  # no spinner polling on
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/eksport/{failed.kind}/{failed.object_id}/ny/", {"language": failed.language}
        )
    retried = Export.objects.exclude(pk=failed.pk).get()
    assert response["Location"] == f"/eksport/fil/{retried.pk}/"
    assert retried.status == Export.Status.DONE and retried.requested_by == world.owner_a
    # The retry is checked like any new export: another specialty's owner cannot make it.
    outsider = login(world.owner_b).post(
        f"/eksport/{failed.kind}/{failed.object_id}/ny/", {"language": "da"}
    )
    assert outsider.status_code == 404 and Export.objects.count() == 2
