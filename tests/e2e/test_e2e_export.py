"""A user clicks export and watches queued → rendering → done without reloading."""

import contextlib
import os

import pytest
from playwright.sync_api import expect

from bass.celery import app as celery_app

pytestmark = pytest.mark.e2e


@contextlib.contextmanager
def worker():
    """A real Celery worker over Redis when a broker is configured; in-process otherwise."""
    if celery_app.conf.task_always_eager:
        yield
        return
    from celery.contrib.testing.worker import start_worker

    with start_worker(celery_app, perform_ping_check=False, pool="solo", concurrency=1):
        yield


def test_export_miniguide_from_the_browser(demo, page, log_in, axe_check):
    assert os.environ.get("REDIS_URL") or not os.environ.get("CI"), "CI runs with Redis"
    from specialties.models import Specialty

    specialty = Specialty.objects.get(slug="kardiologi")
    log_in("kerneteam")
    page.goto(f"/eksport/specialty_miniguide/{specialty.pk}/")
    axe_check(page)
    page.get_by_label("Engelsk").check()
    with worker():
        page.locator("main form button[type=submit]").click()
        # The status panel updates itself (htmx polling) until the download link appears.
        link = page.locator("#hent-pdf")
        expect(link).to_be_visible(timeout=90_000)
    axe_check(page)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
