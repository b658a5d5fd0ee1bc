"""Background exports (PDF miniguides, minutes ...): one registry, one task, one set of views.

An app registers an ``ExportKind`` (in its AppConfig.ready): which model it exports, who may
get it, how to build the template context, and what version of the data it reflects. The
Export row is the key of the work: the task is idempotent on it, retried a bounded number of
times if a worker dies, and fails visibly with the reason.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify

from bass.models import Export

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


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


REGISTRY: dict[str, ExportKind] = {}


def register(kind: ExportKind) -> None:
    REGISTRY[kind.key] = kind


def request_export(kind: ExportKind, subject, language: str, user) -> Export:
    """Create the export row and queue the render once the row is committed.

    With the broker down the row is marked failed at once with a clear reason (the request
    never hangs) and the user can try again.
    """
    export = Export.objects.create(
        kind=kind.key,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        language=language,
        requested_by=user,
    )
    transaction.on_commit(lambda: enqueue(export))
    return export


def enqueue(export: Export) -> None:
    from bass.tasks import render_export

    try:
        render_export.apply_async((export.pk,), retry=False)
    except Exception as error:  # noqa: BLE001 - kombu/redis raise several connection errors
        log.error("could not queue export %s: %s", export.pk, error)
        export.refresh_from_db()
        if export.status == Export.Status.QUEUED:
            export.status = Export.Status.FAILED
            export.error = "queue"
            export.finished_at = timezone.now()
            export.save()


def run_export(export_id: int) -> None:
    """The body of the Celery task. Idempotent: a finished export is left alone."""
    from bass.pdf import PDFRenderError, render_pdf

    with transaction.atomic():
        export = Export.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.is_finished:
            return  # deleted meanwhile, or a redelivered message for finished work
        export.attempts += 1
        if export.attempts > MAX_ATTEMPTS:
            export.status = Export.Status.FAILED
            export.error = "interrupted"
            export.finished_at = timezone.now()
            export.save()
            return
        export.status = Export.Status.RENDERING
        export.save()
    kind = REGISTRY[export.kind]
    subject = export.subject
    try:
        context = kind.build_context(subject, export.language)
        data_version = kind.data_version(subject)
        pdf = render_pdf(kind.template, context, language=export.language)
    except PDFRenderError as error:
        export.status = Export.Status.FAILED
        export.error = str(error)
        export.finished_at = timezone.now()
        export.save()
        return
    export.data_version = data_version
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"{slugify(kind.filename(subject, export.language))}-{stamp}-{export.pk}.pdf"
    export.file.save(name, ContentFile(pdf), save=False)
    export.status = Export.Status.DONE
    export.finished_at = timezone.now()
    export.save()


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
