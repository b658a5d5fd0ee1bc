"""The programme guide is there when asked: rendered in the background once its data have
changed and settled, and served from the export cache only while both its data and the code
that prints it (templates, print CSS, translations, renderer) are unchanged."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils import timezone

from bass import exports
from bass.celery import app as celery_app
from bass.exports import (
    PRERENDER_QUIET,
    ExportKind,
    cached_export,
    code_version,
    prerender_exports,
    request_export,
)
from bass.history import system_user
from bass.models import Export
from bass.tasks import prerender_exports as prerender_task
from programme.miniguide import PROGRAMME_GUIDE, programme_data_stamp
from specialties.models import Ambition


@pytest.fixture
def eager():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def _done(world, version: str, language: str = "da") -> Export:
    export = Export.objects.create(
        kind=PROGRAMME_GUIDE.key,
        content_type=ContentType.objects.get_for_model(world.programme),
        object_id=world.programme.pk,
        language=language,
        status=Export.Status.DONE,
        data_version=version,
        finished_at=timezone.now(),
    )
    export.file.save("guide.pdf", ContentFile(b"%PDF-1.7 cached"))
    return export


def _settled(world) -> datetime.datetime:
    """A moment when the programme's data have been quiet long enough (the stamp pinned)."""
    return programme_data_stamp(world.programme) + PRERENDER_QUIET + datetime.timedelta(seconds=1)


def _write_ambition(world) -> Ambition:
    return Ambition.objects.create(
        specialty=world.specialty_a, kind="strategic", draft_text="<p>Et nyt udkast.</p>"
    )


# --- the cache key carries the code version ---------------------------------------------


def test_cache_key_is_the_data_stamp_and_the_code_version(world):
    version = PROGRAMME_GUIDE.version(world.programme)
    data, _, code = version.partition("@")
    assert data == PROGRAMME_GUIDE.data_version(world.programme)
    assert code == code_version(PROGRAMME_GUIDE) and len(code) == 16
    # the same code for the same kind, different kinds' templates make different keys
    assert code_version(PROGRAMME_GUIDE) == code
    assert code_version(exports.REGISTRY["specialty_miniguide"]) != code


def test_code_version_is_computed_once_per_process(monkeypatch):
    calls = []
    real = exports._template_files
    monkeypatch.setattr(exports, "_template_files", lambda *a: calls.append(a) or real(*a))
    code_version.cache_clear()
    first = code_version(PROGRAMME_GUIDE)
    assert code_version(PROGRAMME_GUIDE) == first
    assert [c for c in calls if c[0] == PROGRAMME_GUIDE.template] != []
    assert len([c for c in calls if c[0] == PROGRAMME_GUIDE.template]) == 1


def test_an_export_made_by_other_templates_is_not_served(world):
    data = PROGRAMME_GUIDE.data_version(world.programme)
    _done(world, f"{data}@0123456789abcdef")  # the same data, printed by an earlier deploy
    assert cached_export(PROGRAMME_GUIDE, world.programme, "da") is None
    current = _done(world, PROGRAMME_GUIDE.version(world.programme))
    assert cached_export(PROGRAMME_GUIDE, world.programme, "da") == current


def test_a_change_to_an_included_template_or_its_stylesheet_changes_the_code_version(tmp_path):
    (tmp_path / "guide.html").write_text('<h1>Guide</h1>{% include "part.html" %}')
    part = tmp_path / "part.html"
    part.write_text("{% load static %}<link href=\"{% static 'css/pdf.css' %}\"><p>Del</p>")
    kind = ExportKind(
        key="test_guide",
        label="Test",
        model="bass.programme",
        template="guide.html",
        build_context=lambda subject, language: {},
        allowed=lambda user, subject: True,
        data_version=lambda subject: "x",
        filename=lambda subject, language: "test",
    )
    templates = {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [tmp_path],
        "OPTIONS": {"libraries": {}},
    }
    with override_settings(TEMPLATES=[templates]):
        found: dict = {}
        exports._template_files("guide.html", found)
        assert set(found) == {"guide.html", "part.html"}
        before = code_version.__wrapped__(kind)
        assert code_version.__wrapped__(kind) == before
        part.write_text(part.read_text() + "<p>Ændret</p>")
        assert code_version.__wrapped__(kind) != before


# --- the pre-render ----------------------------------------------------------------------


def test_prerender_waits_until_the_data_have_settled(world, django_capture_on_commit_callbacks):
    stamp = programme_data_stamp(world.programme)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert prerender_exports(now=stamp + datetime.timedelta(seconds=30)) == []
    assert not callbacks and not Export.objects.exists()


def test_prerender_renders_the_programme_guide_in_every_language_once(
    world, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queued = prerender_exports(now=_settled(world))
    assert sorted(e.language for e in queued) == ["da", "en"]
    for export in queued:
        export.refresh_from_db()
        assert export.status == Export.Status.DONE and export.requested_by is None
        assert export.data_version == PROGRAMME_GUIDE.version(world.programme)
        with export.file.open("rb") as file:
            assert file.read(5) == b"%PDF-"
    # asked for now, the guide is there at once: nothing queued, nothing rendered
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        served = request_export(PROGRAMME_GUIDE, world.programme, "en", world.steering)
    assert served in queued and served.language == "en" and not callbacks
    # the next beat finds nothing to do
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert prerender_exports(now=_settled(world)) == []
    assert not callbacks
    # a change to the data: once it has settled, the guide is rendered again
    _write_ambition(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = prerender_exports(now=_settled(world))
    assert sorted(e.language for e in again) == ["da", "en"] and len(callbacks) == 2


def test_a_request_while_the_prerender_is_queued_waits_for_it(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        queued = prerender_exports(now=_settled(world))
    danish = next(e for e in queued if e.language == "da")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        asked = request_export(PROGRAMME_GUIDE, world.programme, "da", world.steering)
    assert asked == danish and not callbacks
    # nor does the next beat queue a second render of the same
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert prerender_exports(now=_settled(world)) == []
    # a render that started before the newest change does not print it: a new one is made
    Export.objects.filter(pk=danish.pk).bypassing_history().update(
        status=Export.Status.RENDERING, started_at=timezone.now() - datetime.timedelta(hours=1)
    )
    _write_ambition(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        fresh = request_export(PROGRAMME_GUIDE, world.programme, "da", world.steering)
    assert fresh != danish and fresh.status == Export.Status.QUEUED and len(callbacks) == 1


def test_the_beat_task_writes_its_rows_as_the_system_user(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(exports, "PRERENDER_QUIET", datetime.timedelta(0))
    with django_capture_on_commit_callbacks(execute=False):
        prerender_task.apply()
    rows = Export.history.filter(history_type="+")
    assert rows.count() == 2
    assert {r.history_user for r in rows} == {system_user()}
    assert {r.history_change_reason for r in rows} == {"Eksport: forhåndsgengivelse"}


def test_the_beat_schedule_runs_the_prerender(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["prerender-exports"]
    assert entry["task"] == "bass.tasks.prerender_exports"
    assert entry["schedule"] <= 5 * 60
