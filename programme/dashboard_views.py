import datetime
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bass import formatting, spreadsheets
from bass.models import Hospital
from programme import dashboard
from programme.dashboard import Row
from programme.forms import DashboardFilterForm
from programme.library import progress_context
from roles.permissions import require_programme, restrict
from specialties.models import Specialty

FEED_PAGE = 30


def _require_programme_view(request) -> None:
    # The programme dashboard shows every specialty: for roles that see the whole programme.
    require_programme(request.user)


def _rows(request) -> tuple[dict, list[Row], list[Hospital], list[Specialty]]:
    """The filters, the rows they select, every hospital and every visible specialty."""
    visible = dashboard.visible_specialties(request.user)
    all_hospitals = list(Hospital.objects.order_by("name"))
    form = DashboardFilterForm(request.GET, hospitals=all_hospitals, specialties=visible)
    filters = form.filters()
    rows = dashboard.programme_rows(request.user, visible=visible, **filters)
    return filters, rows, all_hospitals, visible


SORT_KEYS = {
    "navn": lambda r: r.specialty.name.casefold(),
    "daekning": lambda r: r.coverage.uncovered_citizens,
    "ambition": lambda r: (
        r.ambitions["strategic"].status or "",
        r.ambitions["professional"].status or "",
    ),
    "baeredygtighed": lambda r: min(
        (m for m in (r.profile.means() if r.profile else []) if m is not None), default=99
    ),
    "forbedring": lambda r: (r.activity.worse, r.activity.overdue_cycles),
    "plan": lambda r: (r.progress.late, r.progress.at_risk),
    "aktivitet": lambda r: r.last_change.timestamp() if r.last_change else 0,
}


def _sorted(rows: list[Row], sort: str) -> tuple[list[Row], str]:
    """The rows in the order ``sort`` asks for ("plan", "-aktivitet"); by name otherwise."""
    key = sort.removeprefix("-")
    if key not in SORT_KEYS:
        return rows, ""
    return sorted(rows, key=SORT_KEYS[key], reverse=sort.startswith("-")), sort


@login_required
def programme_dashboard(request):
    _require_programme_view(request)
    filters, rows, all_hospitals, visible = _rows(request)
    tiles = dashboard.summary(rows)
    show = request.GET.get("vis", "")
    if show in dashboard.TILE_FILTERS:
        rows = [r for r in rows if dashboard.TILE_FILTERS[show](r)]
    else:
        show = ""
    rows, sort = _sorted(rows, request.GET.get("sort", ""))
    columns = dashboard_columns([h for h in all_hospitals if h.is_acute])
    return render(
        request,
        "programme/dashboard.html",
        {
            "rows": rows,
            "columns": columns,
            "headers": _headers(request, columns, sort),
            "table_rows": [_table_row(columns, r) for r in rows],
            "all_hospitals": all_hospitals,
            "all_specialties": visible,
            "filters": filters,
            "tiles": tiles,
            "tile_links": _tile_links(request),
            "show": show,
            "sort": sort,
            "waiting": dashboard.waiting_for_steering_group(rows),
            "query": request.GET.urlencode(),
            **progress_context(request.user),
        },
    )


def _tile_links(request) -> dict[str, str]:
    """The address of the table narrowed to each tile's rows, other filters kept."""
    links = {}
    for key in dashboard.TILE_FILTERS:
        params = request.GET.copy()
        params["vis"] = key
        links[key] = "?" + params.urlencode() + "#oversigt"
    return links


def _headers(request, columns, sort: str) -> list[dict]:
    """The table's column headers; sortable ones link to the table sorted by them (again:
    the other way round), and say how the table is sorted (aria-sort)."""
    headers = []
    for column in columns:
        header = {"text": column.header, "class": column.header_class, "url": "", "aria": ""}
        if column.sort:
            params = request.GET.copy()
            ascending = sort == column.sort
            params["sort"] = f"-{column.sort}" if ascending else column.sort
            header["url"] = "?" + params.urlencode() + "#oversigt"
            if sort.removeprefix("-") == column.sort:
                header["aria"] = "descending" if sort.startswith("-") else "ascending"
        headers.append(header)
    return headers


# --- the dashboard's columns ---------------------------------------------------------
#
# Each column is described once: its header and cell on the page, and the values it
# exports to XLSX and CSV. The table has a row per specialty and a cell per acute hospital:
# 40 × 20 cells at regional scale, which cost the template engine more time than all the
# queries behind them. So the cells are written here, as the template wrote them: every
# value escaped (``_e`` is conditional_escape), interface text translated once per request
# (and escaped too). Plain f-strings rather than format_html: the table makes about a
# thousand substitutions, and a first version with format_html took twice as long.


@dataclass(frozen=True)
class Export:
    """One column of the XLSX and CSV files: its header and a row's value."""

    header: str
    value: Callable[[Row], object]
    number_format: str | None = None


@dataclass(frozen=True)
class Column:
    """One column of the dashboard: its header and a row's cell (``<td>`` or ``<th>``,
    escaped HTML) on the page, and what it exports."""

    header: str
    cell: Callable[[Row], str]
    exports: tuple[Export, ...]
    header_class: str = ""
    sort: str = ""  # the ?sort= key that orders the table by this column


def _e(value) -> str:
    """django.utils.html.conditional_escape, without its lazy-text wrapper."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _blocktranslate(text: str, **values) -> str:
    """What {% blocktranslate %} makes of a translated (and escaped) text: the values
    escaped and put in."""
    return text % {key: _e(value) for key, value in values.items()}


_MARKER = "9081726354"  # passes both the slug and the int path converters
_PLAIN = re.compile(r"[-a-zA-Z0-9_]+")  # values reverse() puts into a path unchanged


def _url_maker(name: str, *args) -> Callable[[object], str]:
    """``reverse(name, args=[*args, value])`` for many values at the cost of one reverse().

    The rows make five addresses each, 200 at regional scale; one reverse() costs about
    twenty times the splice (144 µs against 7 µs, measured on the shared 2-core machine)."""
    prefix, _marker, suffix = reverse(name, args=[*args, _MARKER]).partition(_MARKER)

    def url(value) -> str:
        value = str(value)
        if _PLAIN.fullmatch(value):
            return f"{prefix}{value}{suffix}"
        return reverse(name, args=[*args, value])

    return url


def _texts() -> dict[str, str]:
    """The interface text of the cells, translated and escaped."""
    texts = {
        "position": _("Strength position"),
        "position_at": _("strength position at"),
        "none": _("none"),
        "covered": _("all covered"),
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
        "funds": _("%(s)s of %(g)s used"),
    }
    return {key: html.escape(text) for key, text in texts.items()}


class _Cells:
    """What a request's cells share: interface text, address makers, formatted means."""

    def __init__(self):
        self.t = _texts()
        self.specialty_url = _url_maker("specialty_detail")
        self.roles_url = _url_maker("object_roles", "specialties", "specialty")
        self.sustainability_url = _url_maker("specialty_sustainability")
        self.improvement_url = _url_maker("improvement_specialty_projects")
        self.plans_url = _url_maker("plans_specialty")
        self.feed_url = _e(reverse("change_feed"))
        self.wall_url = reverse("programme:measure_wall")
        self.means: dict = {}  # axis means as the page writes them: few distinct values
        self._row: Row | None = None
        self._url = ""

    def url(self, r: Row) -> str:
        """The specialty's address, which most cells of its row link to (kept for the row)."""
        if r is not self._row:
            self._row, self._url = r, _e(self.specialty_url(r.specialty.slug))
        return self._url

    def specialty(self, r: Row) -> str:
        return f'<th scope="row"><a href="{self.url(r)}">{_e(r.specialty.name)}</a></th>'

    def holders(self, r: Row) -> str:
        t = self.t
        owner = _e(r.owner) if r.owner else t["no_owner"]
        lead = _e(r.lead) if r.lead else t["no_lead"]
        return f'<td><a href="{_e(self.roles_url(r.specialty.pk))}">{owner}<br>{lead}</a></td>'

    def hospitals(self, hospitals: list[Hospital]) -> Callable[[Row], str]:
        """The hospitals that hold a strength position, by short name, linked to the
        specialty's strength positions (one narrow column, whatever the region's size)."""
        t = self.t
        names = {h.pk: f'<abbr title="{_e(h.name)}">{_e(h.short_name)}</abbr>' for h in hospitals}
        order = [h.pk for h in hospitals]

        def cell(r: Row) -> str:
            held = [names[pk] for pk in order if pk in r.hospitals]
            if not held:
                return f'<td><span class="status status-warn">⚠ {t["none"]}</span></td>'
            return f'<td><a href="{self.url(r)}#styrkepositioner">{", ".join(held)}</a></td>'

        return cell

    def coverage(self, r: Row) -> str:
        t = self.t
        coverage = r.coverage
        if coverage.is_complete:
            text = f'<span class="status status-ok">✓ {t["covered"]}</span>'
        else:
            text = (
                f'<span class="status status-warn">⚠ {len(coverage.uncovered)} '
                f"{t['municipalities']}, "
                f"{_e(formatting.number(coverage.uncovered_citizens))} {t['citizens']}</span>"
            )
        return f'<td><a href="{self.url(r)}#population">{text}</a></td>'

    def ambitions(self, r: Row) -> str:
        t = self.t
        url = self.url(r)
        parts = []
        for kind, a in r.ambitions.items():
            label = t["strategic"] if kind == "strategic" else t["professional"]
            state = dashboard.ambition_cell(a)
            days = ""
            if a.days_since_change is not None and state.css != "status-ok":
                d = a.days_since_change
                text = html.escape(ngettext("%(d)s day", "%(d)s days", d))
                days = f" ({_blocktranslate(text, d=d)})"
            parts.append(
                f'<a href="{url}#ambitioner" class="status {state.css}">'
                f'<span aria-hidden="true">{state.icon}</span> {label}: {_e(state.text)}'
                f"{days}</a><br>"
            )
        return f"<td>{''.join(parts)}</td>"

    def sustainability(self, r: Row) -> str:
        t = self.t
        url = _e(self.sustainability_url(r.specialty.slug))
        blind = ""
        if r.blind_spots:
            count = len(r.blind_spots)
            text = ngettext("%(n)d blind spot", "%(n)d blind spots", count) % {"n": count}
            blind = f'<br><strong class="warn">◇ {_e(text)}</strong>'
        if not r.profile:
            return f'<td><a href="{url}">{t["no_assessment"]}{blind}</a></td>'
        parts = []
        for row in r.profile.rows():
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
                self.means[mean] = _e(formatting.number(mean, 1))
            parts.append(
                f'<abbr title="{_e(row["label"])}">{short}</abbr> {self.means[mean]}'
                f"{trend}{attention}<br>"
            )
        return f'<td><a href="{url}">{"".join(parts)}{blind}</a></td>'

    def improvement(self, r: Row) -> str:
        t = self.t
        activity = r.activity
        text = _blocktranslate(t["cycles"], a=activity.active_cycles, o=activity.overdue_cycles)
        projects = _e(self.improvement_url(r.specialty.slug))
        if activity.signals:
            # The signals open the measure wall with the specialty's measures.
            signals = _blocktranslate(t["signals"], b=activity.better, w=activity.worse)
            css = "status-warn" if activity.worse else "status-ok"
            wall = _e(f"{self.wall_url}?{urlencode({'specialty': r.specialty.name})}")
            return (
                f'<td><a href="{projects}">{text}</a><br>'
                f'<a href="{wall}" class="status {css}">◆ {signals}</a></td>'
            )
        if activity.overdue_cycles:
            text = f'<span class="status status-warn">⚠ {text}</span>'
        return f'<td><a href="{projects}">{text}</a></td>'

    def plan(self, r: Row) -> str:
        t = self.t
        progress = r.progress
        phase = _e(progress.phase.phase) if progress.phase else t["no_phase"]
        if progress.milestones_total:
            milestones = _blocktranslate(
                t["milestones"], d=progress.milestones_done, t=progress.milestones_total
            )
            if progress.late:
                milestones += (
                    f', <span class="status status-warn">⚠ {progress.late} {t["late"]}</span>'
                )
        else:
            milestones = t["no_milestones"]
        funds = ""
        if progress.granted:
            funds = _blocktranslate(
                t["funds"],
                s=formatting.money(progress.spent),
                g=formatting.money(progress.granted),
            )
        url = _e(self.plans_url(r.specialty.slug))
        return f'<td><a href="{url}">{phase}<br>{milestones}<br>{funds}</a></td>'

    def last_change(self, r: Row) -> str:
        if not r.last_change:
            return "<td>–</td>"
        when = _e(formatting.date(r.last_change))
        slug = _e(r.specialty.slug)
        return f'<td><a href="{self.feed_url}?speciale={slug}">{when}</a></td>'


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A moment as the naive local time a spreadsheet shows."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _axis_mean(index: int) -> Callable[[Row], float | None]:
    """An axis mean rounded to one decimal, as the page shows it."""

    def value(r: Row) -> float | None:
        mean = r.profile.means()[index] if r.profile else None
        return round(mean, 1) if mean is not None else None

    return value


def _ambition_text(kind: str) -> Callable[[Row], str]:
    return lambda r: str(dashboard.ambition_cell(r.ambitions[kind]).text)


def dashboard_columns(hospitals: list[Hospital]) -> list[Column]:
    """The dashboard's columns, for the page and both exports."""
    c = _Cells()
    yes_no = spreadsheets.yes_no
    return [
        Column(
            _("Specialty"),
            c.specialty,
            (Export(_("Specialty"), lambda r: r.specialty.name),),
            sort="navn",
        ),
        Column(
            _("Owner and lead"),
            c.holders,
            (
                Export(_("Specialty owner"), lambda r: r.owner or ""),
                Export(_("Implementation lead"), lambda r: r.lead or ""),
            ),
        ),
        Column(
            _("Strength positions"),
            c.hospitals(hospitals),
            tuple(
                Export(h.short_name, lambda r, pk=h.pk: yes_no(pk in r.hospitals))
                for h in hospitals
            ),
        ),
        Column(
            _("Not covered"),
            c.coverage,
            (
                Export(_("Municipalities not covered"), lambda r: len(r.coverage.uncovered)),
                Export(_("Citizens not covered"), lambda r: r.coverage.uncovered_citizens),
            ),
            sort="daekning",
        ),
        Column(
            _("Ambitions"),
            c.ambitions,
            (
                Export(_("Strategic ambition"), _ambition_text("strategic")),
                Export(_("Professional ambition"), _ambition_text("professional")),
            ),
            sort="ambition",
        ),
        Column(
            _("Sustainability"),
            c.sustainability,
            (
                Export(_("Professional sustainability"), _axis_mean(0), spreadsheets.SCORE),
                Export(_("Staff sustainability"), _axis_mean(1), spreadsheets.SCORE),
                Export(_("Organisational sustainability"), _axis_mean(2), spreadsheets.SCORE),
                Export(_("Weak axis"), lambda r: yes_no(r.weak_axis)),
            ),
            sort="baeredygtighed",
        ),
        Column(
            _("Improvement"),
            c.improvement,
            (
                Export(_("Active PDSA cycles"), lambda r: r.activity.active_cycles),
                Export(_("Overdue PDSA cycles"), lambda r: r.activity.overdue_cycles),
                Export(_("Measures with a signal"), lambda r: len(r.activity.signals)),
                Export(_("Signals: better"), lambda r: r.activity.better),
                Export(_("Signals: worse"), lambda r: r.activity.worse),
            ),
            sort="forbedring",
        ),
        Column(
            _("Phase and plan"),
            c.plan,
            (
                Export(
                    _("Phase"), lambda r: str(r.progress.phase.phase) if r.progress.phase else ""
                ),
                Export(
                    _("Milestones done (share)"),
                    lambda r: r.progress.share_done,
                    spreadsheets.PERCENT,
                ),
                Export(_("Late milestones"), lambda r: r.progress.late),
                Export(
                    _("Transition funds granted (DKK)"),
                    lambda r: r.progress.granted,
                    spreadsheets.MONEY,
                ),
                Export(
                    _("Transition funds used (DKK)"),
                    lambda r: r.progress.spent,
                    spreadsheets.MONEY,
                ),
                Export(
                    _("Transition funds used (share)"),
                    lambda r: r.progress.share_spent,
                    spreadsheets.PERCENT,
                ),
            ),
            sort="plan",
        ),
        Column(
            _("Last activity"),
            c.last_change,
            (Export(_("Last activity"), lambda r: _local(r.last_change)),),
            sort="aktivitet",
        ),
    ]


def _table_row(columns: list[Column], r: Row) -> SafeString:
    # data-label: the column's header, which a phone shows before each value of the card.
    cells = "\n    ".join(
        column.cell(r).replace("<td", f'<td data-label="{_e(column.header)}"', 1)
        for column in columns
    )
    return mark_safe(f"\n  <tr>\n    {cells}\n  </tr>")  # noqa: S308 (every cell is escaped)


def _export_sheet(title: str, columns: list[Column], rows: list[Row]) -> spreadsheets.Sheet:
    exports = [e for column in columns for e in column.exports]
    return spreadsheets.Sheet(
        title,
        [e.header for e in exports],
        ([e.value(r) for e in exports] for r in rows),
        {i: e.number_format for i, e in enumerate(exports) if e.number_format},
    )


def _waiting_sheet(rows: list[Row]) -> spreadsheets.Sheet:
    wait = dashboard.waiting_for_steering_group(rows)
    lines = [[_("Submitted ambition"), a.specialty.name] for a in wait["submitted"]]
    for label, key in [
        (_("No specialty owner"), "no_owner"),
        (_("No implementation lead"), "no_lead"),
        (_("No finalised assessment"), "no_assessment"),
    ]:
        lines += [[label, specialty.name] for specialty in wait[key]]
    return spreadsheets.Sheet(_("Waiting"), [_("What"), _("Specialty")], lines)


def _changes_sheet(user) -> spreadsheets.Sheet:
    entries = dashboard.change_feed(user, limit=500)
    labels = dashboard.record_labels(entries)
    kinds = {model: str(model._meta.verbose_name) for _record, model in entries}
    return spreadsheets.Sheet(
        _("Changes"),
        [_("When"), _("Who"), _("What"), _("Object"), _("Why")],
        (
            [
                _local(record.history_date),
                record.history_user_name,
                kinds[model],
                label,
                record.history_change_reason or "",
            ]
            for (record, model), label in zip(entries, labels, strict=True)
        ),
    )


@login_required
def dashboard_export(request, fmt: str):
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    _require_programme_view(request)
    _filters, rows, all_hospitals, _visible = _rows(request)
    columns = dashboard_columns([h for h in all_hospitals if h.is_acute])
    overview = _export_sheet(_("Overview"), columns, rows)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        response = HttpResponse(
            spreadsheets.csv_text(overview.header, overview.rows),
            content_type=spreadsheets.CSV_CONTENT_TYPE,
        )
    else:
        response = HttpResponse(
            spreadsheets.xlsx([overview, _waiting_sheet(rows), _changes_sheet(request.user)]),
            content_type=spreadsheets.XLSX_CONTENT_TYPE,
        )
    response["Content-Disposition"] = f'attachment; filename="bass-oversigt-{stamp}.{fmt}"'
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
    # The specialties of the filter, read once: the chosen one is among them.
    specialties = list(restrict(Specialty.objects.order_by("name"), request.user))
    slug = request.GET.get("speciale") or None
    specialty = next((s for s in specialties if s.slug == slug), None)
    # The person field is a search field: a name (or part of one) as typed; a number is
    # the id of a user, as links from elsewhere write it.
    person_text = request.GET.get("person", "").strip()[:100]
    person = None
    if person_text.isdigit():
        person = get_user_model().objects.filter(pk=int(person_text)).first()
    since = _parse_date(request.GET.get("fra"))
    until = _parse_date(request.GET.get("til"))
    after = dashboard.Cursor.parse(request.GET.get("efter"))
    page = 1
    if after is not None:
        try:
            page = max(2, int(request.GET.get("side", 2)))
        except ValueError:
            page = 2
    entries = dashboard.change_feed(
        request.user,
        specialty=specialty,
        person=person,
        person_name="" if person_text.isdigit() else person_text,
        since=since,
        until=until,
        after=after,
        limit=FEED_PAGE + 1,
    )
    has_next = len(entries) > FEED_PAGE
    entries = entries[:FEED_PAGE]
    groups = dashboard.group_changes(entries, dashboard.record_labels(entries))
    actions = {"+": _("Created"), "-": _("Deleted"), "~": _("Changed")}
    for group in groups:
        for change in group.changes:
            change["object_url"] = _history_url(change["record"], change["model"])
            change["action"] = actions.get(change["record"].history_type, actions["~"])
    params = request.GET.copy()
    for key in ("side", "efter"):
        params.pop(key, None)
    older = params.copy()
    if has_next:
        older["efter"] = str(dashboard.cursor_of(entries))
        older["side"] = str(page + 1)
    return render(
        request,
        "programme/change_feed.html",
        {
            "groups": groups,
            "count": len(entries),
            "page": page,
            "has_next": has_next,
            "params": params.urlencode(),
            "older": older.urlencode(),
            "specialties": specialties,
            "people": dashboard.people_in(entries),
            "person_text": person_text,
            "filters": {"specialty": specialty, "person": person, "since": since, "until": until},
        },
    )


def _history_url(record, model) -> str:
    base = reverse("history", args=[model._meta.app_label, model._meta.model_name, record.id])
    # The history page compares this version with the one before it.
    return f"{base}?b={record.history_id}"
