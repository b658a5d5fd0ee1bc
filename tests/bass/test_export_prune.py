"""Old exports do not pile up: the superseded ones and old failures are deleted with their
files by a beat job, and history records each deletion with the system user."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from bass.exports import prune_exports
from bass.history import acting_as, system_user
from bass.models import Export
from bass.tasks import prune_exports as prune_task
from programme.miniguide import SPECIALTY_GUIDE

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)


def days_ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def _export(world, language="da", *, status="done", finished=None, subject=None) -> Export:
    subject = subject or world.specialty_a
    export = Export.objects.create(
        kind=SPECIALTY_GUIDE.key,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        language=language,
        status=status,
        finished_at=finished,
        error="error" if status == "failed" else "",
    )
    if status == "done":
        export.file.save(f"guide-{export.pk}.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return export


def _alive(*exports) -> list[bool]:
    existing = set(Export.objects.values_list("pk", flat=True))
    return [export.pk in existing for export in exports]


def test_superseded_and_old_failed_exports_go_with_their_files(
    world, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_KEEP_DAYS = 7
    superseded_old = _export(world, finished=days_ago(30))
    superseded_young = _export(world, finished=days_ago(5))  # within the period: kept
    newest = _export(world, finished=days_ago(3))
    english_old = _export(world, "en", finished=days_ago(50))
    english_newest = _export(world, "en", finished=days_ago(40))  # the newest: kept, old
    other_subject = _export(world, subject=world.specialty_b, finished=days_ago(60))
    failed_old = _export(world, status="failed", finished=days_ago(9))
    failed_young = _export(world, status="failed", finished=days_ago(1))
    queued = _export(world, status="queued")  # the sweeper's, never pruned here
    storage = superseded_old.file.storage
    old_files = [superseded_old.file.name, english_old.file.name]
    assert all(storage.exists(name) for name in old_files)

    with django_capture_on_commit_callbacks(execute=True):
        counts = prune_exports(now=NOW)

    assert counts == {"done": 2, "failed": 1}
    assert _alive(superseded_old, english_old, failed_old) == [False, False, False]
    assert (
        _alive(superseded_young, newest, english_newest, other_subject, failed_young, queued)
        == [True] * 6
    )
    assert not any(storage.exists(name) for name in old_files)
    assert storage.exists(newest.file.name) and storage.exists(english_newest.file.name)


def test_the_period_comes_from_the_setting(world, settings):
    old = _export(world, finished=days_ago(30))
    _export(world, finished=days_ago(3))
    failed = _export(world, status="failed", finished=days_ago(20))
    settings.EXPORT_KEEP_DAYS = 45
    assert prune_exports(now=NOW) == {"done": 0, "failed": 0}
    settings.EXPORT_KEEP_DAYS = 10
    assert prune_exports(now=NOW) == {"done": 1, "failed": 1}
    assert _alive(old, failed) == [False, False]


def test_the_beat_task_deletes_as_the_system_user_with_a_reason(world, settings):
    settings.EXPORT_KEEP_DAYS = 7
    # Dates long past, so the task (which asks the clock) prunes them whatever today is.
    old = _export(world, finished=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    kept = _export(world, finished=datetime.datetime(2020, 2, 1, tzinfo=datetime.UTC))
    prune_task()
    assert _alive(old, kept) == [False, True]
    deletion = Export.history.get(id=old.pk, history_type="-")
    assert deletion.history_user == system_user()
    assert deletion.history_change_reason == "Eksport: gamle eksporter slettet"


def test_a_deletion_inside_acting_as_is_in_history(world):
    old = _export(world, finished=days_ago(30))
    _export(world, finished=days_ago(20))
    with acting_as(world.admin, "Oprydning"):
        prune_exports(now=NOW)
    deletion = Export.history.get(id=old.pk, history_type="-")
    assert (deletion.history_user, deletion.history_change_reason) == (world.admin, "Oprydning")


def test_the_beat_schedule_prunes_exports(settings):
    jobs = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "bass.tasks.prune_exports" in jobs


@pytest.mark.parametrize("old", [2, 4])
def test_pruning_finds_the_old_exports_in_one_query(world, django_assert_num_queries, old):
    for days in range(old + 1):
        _export(world, finished=days_ago(20 + days))
    # one query finds them all; each deletion is its own savepoint, row and history line
    with django_assert_num_queries(1 + 4 * old):
        assert prune_exports(now=NOW) == {"done": old, "failed": 0}
