import logging

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bass.exports import REGISTRY, recent_exports, request_export
from bass.models import Export

security_log = logging.getLogger("bass.security")


def _kind_and_subject(request, kind_key: str, pk: int):
    kind = REGISTRY.get(kind_key)
    if kind is None:
        raise Http404
    model = apps.get_model(kind.model)
    subject = model.objects.filter(pk=pk).first()
    if subject is None or not kind.allowed(request.user, subject):
        # Not allowed to see the subject: do not reveal that it exists.
        raise Http404
    return kind, subject


def _export_for_user(request, pk: int) -> Export:
    export = Export.objects.select_related("content_type").filter(pk=pk).first()
    if export is None or export.kind not in REGISTRY:
        raise Http404
    subject = export.content_type.model_class().objects.filter(pk=export.object_id).first()
    if subject is None or not REGISTRY[export.kind].allowed(request.user, subject):
        raise Http404
    export.subject_object = subject
    return export


@login_required
def export_page(request, kind_key: str, pk: int):
    kind, subject = _kind_and_subject(request, kind_key, pk)
    return render(
        request,
        "bass/export_page.html",
        {"kind": kind, "subject": subject, "exports": recent_exports(kind, subject)},
    )


@login_required
@require_POST
def export_create(request, kind_key: str, pk: int):
    kind, subject = _kind_and_subject(request, kind_key, pk)
    language = request.POST.get("language", "")
    if language not in {"da", "en"}:
        messages.error(request, _("Choose Danish or English."))
        return redirect("export_page", kind_key, pk)
    export = request_export(kind, subject, language, request.user)
    return redirect("export_detail", export.pk)


@login_required
def export_detail(request, pk: int):
    export = _export_for_user(request, pk)
    kind = REGISTRY[export.kind]
    template = "bass/_export_status.html" if request.htmx else "bass/export_detail.html"
    return render(
        request,
        template,
        {"export": export, "kind": kind, "subject": export.subject_object},
    )


@login_required
def export_download(request, pk: int):
    export = _export_for_user(request, pk)
    if export.status != Export.Status.DONE or not export.file:
        raise Http404
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        security_log.error("export file missing: %s", export.pk)
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=export.file.name.rsplit("/", 1)[-1])
