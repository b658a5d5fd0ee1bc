import csv
import datetime
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from bass import dashboard
from bass.models import Hospital
from roles.permissions import restrict, security_log
from specialties.models import Specialty

FEED_PAGE = 30


def _require_programme_view(request) -> None:
    # The programme dashboard shows every specialty: for roles that see the whole programme.
    if not request.user.has_perm("specialties.view_specialty"):
        security_log.warning("refused programme dashboard for user %s", request.user.pk)
        raise PermissionDenied


def _filters(request) -> dict:
    hospital_id = request.GET.get("sygehus", "")
    hospital = (
        Hospital.objects.filter(pk=int(hospital_id)).first() if hospital_id.isdigit() else None
    )
    specialty_ids = [int(x) for x in request.GET.getlist("speciale") if x.isdigit()]
    status = request.GET.get("status") or None
    if status not in {None, "draft", "submitted", "approved", "returned"}:
        status = None
    return {"hospital": hospital, "specialty_ids": specialty_ids, "status": status}


@login_required
def programme_dashboard(request):
    _require_programme_view(request)
    filters = _filters(request)
    rows = dashboard.programme_rows(request.user, **filters)
    hospitals = dashboard.acute_hospitals()
    return render(
        request,
        "bass/dashboard.html",
        {
            "rows": rows,
            "hospitals": hospitals,
            "all_hospitals": Hospital.objects.order_by("name"),
            "all_specialties": restrict(Specialty.objects.order_by("name"), request.user),
            "filters": filters,
            "waiting": dashboard.waiting_for_steering_group(rows),
            "query": request.GET.urlencode(),
        },
    )


def _overview_table(rows, hospitals):
    header = [
        _("Specialty"),
        _("Specialty owner"),
        _("Implementation lead"),
        *[h.short_name for h in hospitals],
        _("Municipalities not covered"),
        _("Citizens not covered"),
        _("Strategic ambition"),
        _("Professional ambition"),
        _("Professional sustainability"),
        _("Staff sustainability"),
        _("Organisational sustainability"),
        _("Active PDSA cycles"),
        _("Overdue PDSA cycles"),
        _("Measures with a signal"),
        _("Milestones done (share)"),
        _("Transition funds granted (DKK)"),
        _("Transition funds used (DKK)"),
        _("Last change"),
    ]
    body = []
    for r in rows:
        axes = r.profile.means() if r.profile else [None, None, None]
        body.append(
            [
                r.specialty.name,
                str(r.owner or ""),
                str(r.lead or ""),
                *[h.pk in r.hospitals for h in hospitals],
                len(r.coverage.uncovered),
                r.coverage.uncovered_citizens,
                r.ambitions["strategic"].status_label,
                r.ambitions["professional"].status_label,
                *axes,
                r.activity.active_cycles,
                r.activity.overdue_cycles,
                len(r.activity.signals),
                r.progress.share_done,
                float(r.progress.granted),
                float(r.progress.spent),
                timezone.localtime(r.last_change).replace(tzinfo=None) if r.last_change else None,
            ]
        )
    return header, body


@login_required
def dashboard_export(request, fmt: str):
    _require_programme_view(request)
    rows = dashboard.programme_rows(request.user, **_filters(request))
    hospitals = dashboard.acute_hospitals()
    header, body = _overview_table(rows, hospitals)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="bass-oversigt-{stamp}.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 with a byte-order mark correctly
        writer = csv.writer(response, delimiter=";")
        writer.writerow(header)
        for line in body:
            writer.writerow(["" if v is None else v for v in line])
        return response
    from openpyxl import Workbook

    workbook = Workbook()
    overview = workbook.active
    overview.title = _("Overview")[:31]
    overview.append(header)
    for line in body:
        overview.append(line)
    from openpyxl.styles import Font

    for cell in overview[1]:
        cell.font = Font(bold=True)
    for row in overview.iter_rows(min_row=2):
        row[-1].number_format = "DD.MM.YYYY HH:MM"
    waiting = workbook.create_sheet(_("Waiting")[:31])
    waiting.append([_("What"), _("Specialty")])
    wait = dashboard.waiting_for_steering_group(rows)
    for ambition in wait["submitted"]:
        waiting.append([_("Submitted ambition"), ambition.specialty.name])
    for label, key in [
        (_("No specialty owner"), "no_owner"),
        (_("No implementation lead"), "no_lead"),
        (_("No finalised assessment"), "no_assessment"),
    ]:
        for specialty in wait[key]:
            waiting.append([label, specialty.name])
    feed = workbook.create_sheet(_("Changes")[:31])
    feed.append([_("When"), _("Who"), _("What"), _("Object"), _("Why")])
    for record, model in dashboard.change_feed(request.user, limit=500):
        feed.append(
            [
                timezone.localtime(record.history_date).replace(tzinfo=None),
                record.history_user_name,
                str(model._meta.verbose_name),
                dashboard.record_label(record, model),
                record.history_change_reason or "",
            ]
        )
    for row in feed.iter_rows(min_row=2):
        row[0].number_format = "DD.MM.YYYY HH:MM"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="bass-oversigt-{stamp}.xlsx"'
    return response


def _parse_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


@login_required
def change_feed(request):
    specialty = (
        restrict(Specialty.objects.all(), request.user)
        .filter(slug=request.GET.get("speciale") or None)
        .first()
    )
    person_id = request.GET.get("person", "")
    person = (
        get_user_model().objects.filter(pk=int(person_id)).first() if person_id.isdigit() else None
    )
    since = _parse_date(request.GET.get("fra"))
    until = _parse_date(request.GET.get("til"))
    try:
        page = max(1, min(int(request.GET.get("side", 1)), 50))
    except ValueError:
        page = 1
    entries = dashboard.change_feed(
        request.user,
        specialty=specialty,
        person=person,
        since=since,
        until=until,
        limit=page * FEED_PAGE + 1,
    )
    has_next = len(entries) > page * FEED_PAGE
    entries = entries[(page - 1) * FEED_PAGE : page * FEED_PAGE]
    params = request.GET.copy()
    params.pop("side", None)
    return render(
        request,
        "bass/change_feed.html",
        {
            "entries": [
                {
                    "record": r,
                    "model": m,
                    "label": dashboard.record_label(r, m),
                    "object_url": _history_url(r, m),
                }
                for r, m in entries
            ],
            "page": page,
            "has_next": has_next,
            "params": params.urlencode(),
            "specialties": restrict(Specialty.objects.order_by("name"), request.user),
            "people": get_user_model().objects.filter(is_active=True).order_by("first_name"),
            "filters": {"specialty": specialty, "person": person, "since": since, "until": until},
        },
    )


def _history_url(record, model) -> str:
    from django.urls import reverse

    base = reverse("history", args=[model._meta.app_label, model._meta.model_name, record.id])
    # The history page compares this version with the one before it.
    return f"{base}?b={record.history_id}"
