"""Background exports (PDF miniguides, minutes ...): one registry, one task, one set of views.

An app registers an ``ExportKind`` (in its AppConfig.ready): which model it exports, who may
get it, how to build the template context, and what version of the data it reflects.

The Export row is the outbox of the work. The task is sent once the row is committed; it is
acknowledged only when it has finished and handed back to the queue when its worker dies
(bass.tasks), and it is idempotent on the row. Whatever a broker restart or a dead worker
loses, the sweeper finds (``sweep_exports``, a beat job): a row queued or rendering past its
deadline is queued again, up to MAX_ATTEMPTS, and then fails with the reason shown to the
person, who can try again. No export waits forever.
"""

import functools
import hashlib
import importlib.util
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify

from bass.models import Export

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# A free worker takes a queued export within seconds; one still queued after this was lost
# (a broker restart without persistence, a dead worker that had prefetched it).
QUEUED_DEADLINE = timedelta(minutes=5)
# Longer than the task's hard time limit (bass.tasks), so a live render is never touched.
RENDERING_DEADLINE = timedelta(minutes=5)


@dataclass(frozen=True)
class ExportKind:
    key: str
    label: Promise
    model: str  # "app_label.model"
    template: str
    build_context: Callable  # (subject, language) -> dict
    allowed: Callable  # (user, subject) -> bool
    data_version: Callable  # (subject) -> str
    filename: Callable  # (subject, language) -> str
    #: Serve a finished export again while the data version is unchanged. Only for kinds
    #: whose data version covers everything the document prints.
    reuse_unchanged: bool = False
    #: The subjects to render ahead of any request whenever their data change (a beat job,
    #: ``prerender_exports``): () -> iterable of subjects. None: rendered on request only.
    prerender: Callable | None = None

    def version(self, subject) -> str:
        """The cache key of an export: the data version and the version of the code that
        prints it (templates, print CSS, translations, renderer); "" when the data have no
        version (never served from the cache)."""
        data = self.data_version(subject)
        return f"{data}@{code_version(self)}" if data else ""


REGISTRY: dict[str, ExportKind] = {}

# What shapes a document besides its data: the modules below and the kind's own module
# (its build_context), the templates it includes, the stylesheets they link, the
# translations and WeasyPrint's version.
RENDER_MODULES = (
    "bass.pdf",
    "bass.charts",
    "bass.diagrams",
    "bass.formatting",
    "bass.templatetags.bass",
)
_TEMPLATE_REFERENCE = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")
_STATIC_REFERENCE = re.compile(r"""{%\s*static\s+["']([^"']+\.css)["']""")


def _template_files(name: str, seen: dict[str, Path]) -> None:
    """The file of template ``name`` and of every template it includes or extends by a
    literal name, recursively, into ``seen``."""
    from django.template.loader import get_template

    if name in seen:
        return
    path = Path(get_template(name).origin.name)
    seen[name] = path
    for included in _TEMPLATE_REFERENCE.findall(path.read_text(encoding="utf-8")):
        _template_files(included, seen)


@functools.cache
def code_version(kind: ExportKind) -> str:
    """A hash of everything but the data that decides what ``kind``'s document looks like,
    computed once per process: a deploy that changes a guide's template, its print CSS, a
    translation or the renderer makes the exports of unchanged data stale."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    templates: dict[str, Path] = {}
    _template_files(kind.template, templates)
    files = sorted(templates.values())
    for path in list(files):
        for css in _STATIC_REFERENCE.findall(path.read_text(encoding="utf-8")):
            found = finders.find(css)
            if found:
                files.append(Path(found))
    # Found without importing them: the web process, which asks for this key, need not
    # load WeasyPrint (bass.pdf imports it).
    modules = {*RENDER_MODULES, kind.build_context.__module__}
    files += sorted(Path(importlib.util.find_spec(m).origin) for m in modules)
    for locale in settings.LOCALE_PATHS:
        files += sorted(Path(locale).glob("*/LC_MESSAGES/django.po"))
    from importlib.metadata import version

    digest = hashlib.sha256(f"weasyprint {version('weasyprint')}".encode())
    for path in files:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def register(kind: ExportKind) -> None:
    REGISTRY[kind.key] = kind


def _exports_of(kind: ExportKind, subject, language: str):
    """Every export of ``kind`` for ``subject`` in ``language``."""
    return Export.objects.filter(
        kind=kind.key,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        language=language,
    )


def cached_export(
    kind: ExportKind, subject, language: str, version: str | None = None
) -> Export | None:
    """A finished export of ``subject`` in ``language`` made from the data as they are now
    by the code as it is now (the same ``ExportKind.version``), whose file is still there;
    None when the data or the templates changed since.
    """
    if not kind.reuse_unchanged:
        return None
    version = kind.version(subject) if version is None else version
    if not version:
        return None
    done = (
        _exports_of(kind, subject, language)
        .filter(status=Export.Status.DONE, data_version=version)
        .exclude(file="")
        .order_by("-finished_at", "-pk")
        .first()
    )
    if done is None or not done.file.storage.exists(done.file.name):
        return None
    return done


def request_export(kind: ExportKind, subject, language: str, user) -> Export:
    """Create the export row and queue the render once the row is committed.

    When the data have not changed since an export was made (same version, see
    ``ExportKind.version``), that export is returned instead: its file is what a new
    render would make, so the guide is there at once. An export under way that will print
    the data as they are now is returned too (``_pending_export``).

    With the broker down the row is marked failed at once with a clear reason (the request
    never hangs) and the user can try again.
    """
    version = kind.version(subject) if kind.reuse_unchanged else ""
    cached = cached_export(kind, subject, language, version)
    if cached is not None:
        return cached
    pending = _pending_export(kind, subject, language, version)
    if pending is not None:
        return pending
    export = Export.objects.create(
        kind=kind.key,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        language=language,
        requested_by=user,
    )
    transaction.on_commit(lambda: enqueue(export))
    return export


def _pending_export(kind: ExportKind, subject, language: str, version: str) -> Export | None:
    """An export of ``subject`` in ``language`` under way that will print the data as they
    are now: still queued (it reads the data when it starts), or rendering since after
    the newest change. The one asking waits for it instead of starting another render
    (the pre-render of the programme guide, or a colleague's request)."""
    if not kind.reuse_unchanged:
        return None
    unfinished = (
        _exports_of(kind, subject, language)
        .filter(status__in=[Export.Status.QUEUED, Export.Status.RENDERING])
        .order_by("-queued_at", "-pk")
    )
    stamp = _version_time(version)
    for export in unfinished[:5]:
        if export.status == Export.Status.QUEUED:
            return export
        if stamp is not None and export.started_at and export.started_at > stamp:
            return export
    return None


def enqueue(export: Export) -> None:
    from bass.tasks import render_export

    try:
        render_export.apply_async((export.pk,), retry=False)
    except Exception as error:  # noqa: BLE001 - kombu/redis raise several connection errors
        log.error("could not queue export %s: %s", export.pk, error)
        export.refresh_from_db()
        if export.status == Export.Status.QUEUED:
            _fail(export, "queue")


def _fail(export: Export, reason: str) -> None:
    export.status = Export.Status.FAILED
    export.error = reason
    export.finished_at = timezone.now()
    export.save()


def _start_attempt(export_id: int) -> tuple[Export, int] | None:
    """Mark the export rendering and count the attempt; None when there is nothing to do."""
    with transaction.atomic():
        export = Export.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.is_finished:
            return None  # deleted meanwhile, or a redelivered message for finished work
        export.attempts += 1
        if export.attempts > MAX_ATTEMPTS:
            _fail(export, "interrupted")
            return None
        export.status = Export.Status.RENDERING
        export.started_at = timezone.now()
        export.save()
        return export, export.attempts


def run_export(export_id: int) -> None:
    """The body of the Celery task. Idempotent: a finished export is left alone.

    Database errors propagate, so that the task is retried with back-off; any other error
    fails the export with its reason.
    """
    from celery.exceptions import SoftTimeLimitExceeded

    from bass.pdf import PDFRenderError, render_pdf

    started = _start_attempt(export_id)
    if started is None:
        return
    export, attempt = started
    kind = REGISTRY[export.kind]
    try:
        subject = export.subject
        # The version before the data are read: a change made meanwhile makes the file look
        # older than it is (rendered again on the next request), never newer.
        data_version = kind.version(subject)
        context = kind.build_context(subject, export.language)
        pdf = render_pdf(kind.template, context, language=export.language)
    except (OperationalError, InterfaceError):
        raise  # retried by the task
    except PDFRenderError as error:
        _finish_failed(export_id, attempt, str(error))
        return
    except SoftTimeLimitExceeded:
        _finish_failed(export_id, attempt, "time")
        return
    except Exception:
        log.exception("export %s failed", export_id)
        _finish_failed(export_id, attempt, "error")
        return
    with transaction.atomic():
        export = Export.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.attempts != attempt or export.is_finished:
            return  # a later attempt took the work over (or it was deleted): it decides
        export.data_version = data_version
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        name = f"{slugify(kind.filename(subject, export.language))}-{stamp}-{export.pk}.pdf"
        export.file.save(name, ContentFile(pdf), save=False)
        export.status = Export.Status.DONE
        export.finished_at = timezone.now()
        export.save()


def _finish_failed(export_id: int, attempt: int, reason: str) -> None:
    with transaction.atomic():
        export = Export.objects.select_for_update().filter(pk=export_id).first()
        if export is not None and export.attempts == attempt and not export.is_finished:
            _fail(export, reason)


def sweep_exports(now: datetime | None = None) -> dict[str, int]:
    """Find exports whose task was lost and queue them again, or fail them visibly.

    Rendering past RENDERING_DEADLINE: the worker died (its message may come back only after
    the broker's visibility timeout); queued again while attempts remain, else failed
    ("interrupted"). Queued past QUEUED_DEADLINE: the message was lost; sent again until the
    export has waited MAX_ATTEMPTS deadlines, then failed ("queue").
    """
    now = now or timezone.now()
    counts = {"requeued": 0, "failed": 0}
    unfinished = Export.objects.filter(status__in=[Export.Status.QUEUED, Export.Status.RENDERING])
    stale = unfinished.filter(queued_at__lt=now - min(QUEUED_DEADLINE, RENDERING_DEADLINE))
    for export_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            export = Export.objects.select_for_update(skip_locked=True).filter(pk=export_id)
            export = export.first()
            action = _sweep_action(export, now) if export else None
            if action == "fail":
                reason = "queue" if export.status == Export.Status.QUEUED else "interrupted"
                _fail(export, reason)
            elif action == "requeue":
                export.status = Export.Status.QUEUED
                export.queued_at = now
                export.save()
                transaction.on_commit(lambda export=export: enqueue(export))
        if action:
            counts["failed" if action == "fail" else "requeued"] += 1
    if any(counts.values()):
        log.warning("export sweep: %s", counts)
    return counts


def _sweep_action(export: Export, now: datetime) -> str | None:
    if export.status == Export.Status.RENDERING:
        started = export.started_at or export.queued_at
        if started >= now - RENDERING_DEADLINE:
            return None
        return "requeue" if export.attempts < MAX_ATTEMPTS else "fail"
    if export.status == Export.Status.QUEUED and export.queued_at < now - QUEUED_DEADLINE:
        waited = now - export.requested_at
        return "fail" if waited >= QUEUED_DEADLINE * MAX_ATTEMPTS else "requeue"
    return None


# The pre-render waits until the data have been quiet this long, so that a burst of edits
# makes one render, not one per beat.
PRERENDER_QUIET = timedelta(minutes=2)


def prerender_exports(now: datetime | None = None) -> list[Export]:
    """Beat job: render ahead of any request the documents of the kinds that ask for it
    (``ExportKind.prerender``: the programme guide) in every language, once their data
    have changed since the last render (their version moved) and then been quiet for
    PRERENDER_QUIET. Someone who then asks gets the file at once (``cached_export``).

    Nothing is queued for a subject and language that is already being rendered, nor
    when its version is empty. Returns the exports queued. The rows are made by whoever
    runs the job (the system user in the beat task): history records it.
    """
    now = now or timezone.now()
    queued = []
    for kind in REGISTRY.values():
        if kind.prerender is None or not kind.reuse_unchanged:
            continue
        for subject in kind.prerender():
            version = kind.version(subject)
            stamp = _version_time(version)
            if stamp is None or stamp > now - PRERENDER_QUIET:
                continue  # no data yet, or still changing: the next beat looks again
            content_type = ContentType.objects.get_for_model(subject)
            for language in languages():
                if cached_export(kind, subject, language, version) is not None:
                    continue
                busy = Export.objects.filter(
                    kind=kind.key,
                    content_type=content_type,
                    object_id=subject.pk,
                    language=language,
                    status__in=[Export.Status.QUEUED, Export.Status.RENDERING],
                )
                if busy.exists():
                    continue
                export = Export.objects.create(
                    kind=kind.key,
                    content_type=content_type,
                    object_id=subject.pk,
                    language=language,
                    requested_by=None,
                )
                transaction.on_commit(lambda export=export: enqueue(export))
                queued.append(export)
    if queued:
        log.info("pre-render: %s exports queued", len(queued))
    return queued


def prune_exports(now: datetime | None = None) -> dict[str, int]:
    """Beat job: delete the exports superseded for longer than EXPORT_KEEP_DAYS, with their
    files. Every data change leaves new PDFs (``prerender_exports``, requests); of each
    (kind, subject, language) the newest finished export is kept whatever its age, and so
    is every export finished (or requested) within the period. Failed exports older than
    the period go too; queued and rendering ones are the sweeper's.

    Each row is deleted on its own, so history records the deletion with the acting user
    and reason (the system user in the beat task); its file is removed from storage once
    the deletion is committed. Returns how many done and failed exports were deleted.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.EXPORT_KEEP_DAYS)
    newest_done = (
        Export.objects.filter(
            kind=OuterRef("kind"),
            content_type=OuterRef("content_type"),
            object_id=OuterRef("object_id"),
            language=OuterRef("language"),
            status=Export.Status.DONE,
        )
        .order_by("-finished_at", "-pk")
        .values("pk")[:1]
    )
    old = (
        Export.objects.filter(status__in=[Export.Status.DONE, Export.Status.FAILED])
        .annotate(ended=Coalesce("finished_at", "requested_at"), newest=Subquery(newest_done))
        .filter(ended__lt=cutoff)
        .exclude(pk=F("newest"))
    )
    counts = {"done": 0, "failed": 0}
    for export in old.order_by("pk").iterator():
        name, storage = export.file.name, export.file.storage
        with transaction.atomic():
            export.delete()
            if name:
                transaction.on_commit(functools.partial(_delete_file, storage, name))
        counts["done" if export.status == Export.Status.DONE else "failed"] += 1
    if any(counts.values()):
        log.info("export prune: %s", counts)
    return counts


def _delete_file(storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError as error:  # the row is gone; a file left behind is only disk space
        log.warning("could not delete the export file %s: %s", name, error)


def _version_time(version: str) -> datetime | None:
    """The data stamp at the head of a version ("<ISO time>@<code hash>"), or None."""
    data = version.partition("@")[0]
    try:
        return datetime.fromisoformat(data)
    except ValueError:
        return None


def recent_exports(kind: ExportKind, subject, limit: int = 10):
    return (
        Export.objects.filter(
            kind=kind.key,
            content_type=ContentType.objects.get_for_model(subject),
            object_id=subject.pk,
        )
        .select_related("requested_by")
        .order_by("-requested_at", "-pk")[:limit]
    )


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]
