import csv
import datetime
import html
import io
import re
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bass.models import Hospital
from programme import dashboard
from roles.permissions import require_programme, restrict
from specialties.models import Specialty

FEED_PAGE = 30


def _require_programme_view(request) -> None:
    # The programme dashboard shows every specialty: for roles that see the whole programme.
    require_programme(request.user)


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
    visible = dashboard.visible_specialties(request.user)
    rows = dashboard.programme_rows(request.user, visible=visible, **filters)
    all_hospitals = list(Hospital.objects.order_by("name"))
    hospitals = [h for h in all_hospitals if h.is_acute]  # as acute_hospitals()
    return render(
        request,
        "programme/dashboard.html",
        {
            "rows": rows,
            "table_rows": _table_rows(rows, hospitals),
            "hospitals": hospitals,
            "all_hospitals": all_hospitals,
            "all_specialties": visible,
            "filters": filters,
            "waiting": dashboard.waiting_for_steering_group(rows),
            "query": request.GET.urlencode(),
        },
    )


# --- the dashboard table as HTML ------------------------------------------------------
#
# The table has a row per specialty and a cell per acute hospital: 40 × 20 cells at
# regional scale, which cost the template engine more time than all the queries behind
# them. The rows are written here instead, as the template wrote them: every value escaped
# (``_e`` is conditional_escape), interface text translated once per request (and escaped
# too), numbers and dates through the same filters. Plain f-strings rather than
# format_html: the table makes about a thousand substitutions, and a first version with
# format_html took twice as long.

_MARKER = "9081726354"  # passes both the slug and the int path converters
_PLAIN = re.compile(r"[-a-zA-Z0-9_]+")  # values reverse() puts into a path unchanged


def _e(value) -> str:
    """django.utils.html.conditional_escape, without its lazy-text wrapper."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _url_maker(name: str, *args) -> Callable[[object], str]:
    """``reverse(name, args=[*args, value])`` for many values at the cost of one reverse()."""
    prefix, _marker, suffix = reverse(name, args=[*args, _MARKER]).partition(_MARKER)

    def url(value) -> str:
        value = str(value)
        if _PLAIN.fullmatch(value):
            return f"{prefix}{value}{suffix}"
        return reverse(name, args=[*args, value])

    return url


def _texts() -> dict[str, str]:
    """The interface text of the rows, translated and escaped."""
    texts = {
        "position": _("Strength position"),
        "position_at": _("strength position at"),
        "none": _("none"),
        "no_owner": _("no owner"),
        "no_lead": _("no lead"),
        "municipalities": _("municipalities"),
        "citizens": _("citizens"),
        "strategic": _("Strategic"),
        "professional": _("Professional"),
        "axis_professional": _("Prof."),
        "axis_staff": _("Staff"),
        "axis_organisational": _("Org."),
        "up": _("up"),
        "down": _("down"),
        "attention": _("attention"),
        "no_assessment": _("no finalised assessment"),
        "no_phase": _("no phase"),
        "late": _("late"),
        "no_milestones": _("no milestones"),
        "cycles": _("%(a)s active, %(o)s overdue cycles"),
        "signals": _("signals: %(b)s better, %(w)s worse"),
        "milestones": _("%(d)s of %(t)s milestones done"),
        "funds": _("%(s)s of %(g)s kr. used"),
    }
    return {key: html.escape(text) for key, text in texts.items()}


def _table_rows(rows, hospitals) -> list[SafeString]:
    """The <tr> of each dashboard row (see the note above)."""
    table = _Table(hospitals)
    return [table.row(r) for r in rows]


class _Table:
    """What the rows share: interface text, address makers, the hospitals' cells."""

    def __init__(self, hospitals):
        self.t = t = _texts()
        self.specialty_url = _url_maker("specialty_detail")
        self.roles_url = _url_maker("object_roles", "specialties", "specialty")
        self.sustainability_url = _url_maker("specialty_sustainability")
        self.improvement_url = _url_maker("improvement_specialty_projects")
        self.plans_url = _url_maker("plans_specialty")
        self.feed_url = _e(reverse("change_feed"))
        # A hospital's cell: a link to the strength positions (after the specialty's
        # address, which differs per row) or a dash.
        self.hospital_cells = [
            (
                h.pk,
                f'#styrkepositioner" title="{t["position"]}">✓<span class="visually-hidden">'
                f" {t['position_at']} {_e(h.short_name)}</span></a></td>",
            )
            for h in hospitals
        ]
        self.empty_cell = (
            '<td class="center"><span aria-hidden="true">–</span>'
            f'<span class="visually-hidden">{t["none"]}</span></td>'
        )
        self.means: dict = {}  # axis means as floatformat writes them: few distinct values

    def row(self, r) -> SafeString:
        t = self.t
        s = r.specialty
        url = _e(self.specialty_url(s.slug))
        owner = _e(r.owner) if r.owner else t["no_owner"]
        lead = _e(r.lead) if r.lead else t["no_lead"]
        matrix = "".join(
            f'<td class="center"><a href="{url}{cell}' if pk in r.hospitals else self.empty_cell
            for pk, cell in self.hospital_cells
        )
        return mark_safe(  # noqa: S308 (every value in the row is escaped)
            "\n  <tr>"
            f'\n    <th scope="row"><a href="{url}">{_e(s.name)}</a></th>'
            f'\n    <td><a href="{_e(self.roles_url(s.pk))}">{owner}<br>{lead}</a></td>'
            f"\n    {matrix}"
            f'\n    <td><a href="{url}#population">{self.coverage(r.coverage)}</a></td>'
            f"\n    <td>{self.ambitions(r.ambitions, url)}</td>"
            f'\n    <td><a href="{_e(self.sustainability_url(s.slug))}">'
            f"{self.sustainability(r.profile)}</a></td>"
            f'\n    <td><a href="{_e(self.improvement_url(s.slug))}">'
            f"{self.improvement(r.activity)}</a></td>"
            f'\n    <td><a href="{_e(self.plans_url(s.slug))}">{self.plan(r.progress)}</a></td>'
            f"\n    <td>{self.last_change(r)}</td>"
            "\n  </tr>"
        )

    def coverage(self, coverage) -> str:
        t = self.t
        if coverage.is_complete:
            return f'<span class="ok">{t["none"]}</span>'
        return (
            f'<span class="warn">{len(coverage.uncovered)} {t["municipalities"]}, '
            f"{_e(intcomma(coverage.uncovered_citizens))} {t['citizens']}</span>"
        )

    def ambitions(self, ambitions, url) -> str:
        t = self.t
        parts = []
        for kind, a in ambitions.items():
            label = t["strategic"] if kind == "strategic" else t["professional"]
            days = ""
            if a.days_since_change is not None:
                d = a.days_since_change
                text = html.escape(ngettext("%(d)s day", "%(d)s days", d))
                days = f" ({_blocktranslate(text, d=d)})"
            parts.append(f'<a href="{url}#ambitioner">{label}: {_e(a.status_label)}{days}</a><br>')
        return "".join(parts)

    def sustainability(self, profile) -> str:
        t = self.t
        if not profile:
            return t["no_assessment"]
        parts = []
        for row in profile.rows():
            short = t["axis_organisational"]
            if row["axis"] == "professional":
                short = t["axis_professional"]
            elif row["axis"] == "staff":
                short = t["axis_staff"]
            trend = ""
            if row["trend"] == "up":
                trend = f' ↑<span class="visually-hidden">{t["up"]}</span>'
            elif row["trend"] == "down":
                trend = f' ↓<span class="visually-hidden">{t["down"]}</span>'
            attention = ""
            if row["attention"]:
                attention = f' <strong class="warn">⚠ {t["attention"]}</strong>'
            mean = row["score"].mean
            if mean not in self.means:
                self.means[mean] = _e(floatformat(mean, 1) or "–")
            parts.append(
                f'<abbr title="{_e(row["label"])}">{short}</abbr> {self.means[mean]}'
                f"{trend}{attention}<br>"
            )
        return "".join(parts)

    def improvement(self, activity) -> str:
        t = self.t
        text = _blocktranslate(t["cycles"], a=activity.active_cycles, o=activity.overdue_cycles)
        if activity.signals:
            signals = _blocktranslate(t["signals"], b=activity.better, w=activity.worse)
            text = f"{text}<br>{signals}"
        return text

    def plan(self, progress) -> str:
        t = self.t
        phase = _e(progress.phase.phase) if progress.phase else t["no_phase"]
        if progress.milestones_total:
            milestones = _blocktranslate(
                t["milestones"], d=progress.milestones_done, t=progress.milestones_total
            )
            if progress.late:
                milestones += f', <span class="warn">{progress.late} {t["late"]}</span>'
        else:
            milestones = t["no_milestones"]
        funds = ""
        if progress.granted:
            funds = _blocktranslate(
                t["funds"],
                s=floatformat(progress.spent, "0g"),
                g=floatformat(progress.granted, "0g"),
            )
        return f"{phase}<br>{milestones}<br>{funds}"

    def last_change(self, r) -> str:
        if not r.last_change:
            return "–"
        when = date_filter(timezone.template_localtime(r.last_change), "SHORT_DATE_FORMAT")
        return f'<a href="{self.feed_url}?speciale={_e(r.specialty.slug)}">{_e(when)}</a>'


def _blocktranslate(text: str, **values) -> str:
    """What {% blocktranslate %} makes of a translated (and escaped) text: the values
    escaped and put in."""
    return text % {key: _e(value) for key, value in values.items()}


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
        "programme/change_feed.html",
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
