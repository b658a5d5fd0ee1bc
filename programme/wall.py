"""The measure wall: every measure a person may see, side by side, in the manner of NHS
England's Making Data Count boards (a small chart, a variation icon and an assurance icon
per measure), with filters, sorting, pages and the same content as CSV and XLSX."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bass import spreadsheets
from improvement.queries import WallRow, measure_wall

WALL_PAGE = 50

VARIATIONS = {
    "common": gettext_lazy("Common cause"),
    "improving": gettext_lazy("Special cause: improving"),
    "concerning": gettext_lazy("Special cause: concerning"),
    "neither": gettext_lazy("Special cause: neither better nor worse"),
    "none": gettext_lazy("No verdict yet"),
}
ASSURANCES = {
    "met": gettext_lazy("Target consistently met"),
    "missed": gettext_lazy("Target consistently missed"),
    "hit_and_miss": gettext_lazy("Target hit and miss"),
    "none": gettext_lazy("No assurance (no target or no verdict)"),
}
#: Sort keys: name, owner, variation (concerning first), assurance (missed first), latest.
_VARIATION_ORDER = {"concerning": 0, "neither": 1, "improving": 2, "common": 3, None: 4}
_ASSURANCE_ORDER = {"missed": 0, "hit_and_miss": 1, "met": 2, None: 3}
SORTS = {
    "name": lambda r: (r.name.lower(), r.pk),
    "owner": lambda r: (r.owner.lower(), r.name.lower()),
    "variation": lambda r: (_VARIATION_ORDER[r.variation], r.name.lower()),
    "assurance": lambda r: (_ASSURANCE_ORDER[r.assurance], r.name.lower()),
    "latest": lambda r: (r.latest is None, r.latest or 0, r.name.lower()),
}


def _filtered(request) -> tuple[list[WallRow], dict, dict]:
    """The rows the filters select (unknown filter values select nothing, never an error),
    the filters as given, and the choices for each filter (from the visible rows only, so a
    choice never names something the person may not see)."""
    rows = measure_wall(request.user)
    get = request.GET
    filters = {
        key: get.get(key, "").strip()[:200]
        for key in ("specialty", "hospital", "cluster", "type", "variation", "assurance")
    }
    sort = get.get("sort", "name")
    if sort.lstrip("-") not in SORTS:
        sort = "name"
    filters["sort"] = sort
    choices = {
        "specialty": sorted({r.specialty for r in rows if r.specialty}),
        "hospital": sorted({r.hospital for r in rows if r.hospital}),
        "cluster": sorted({r.cluster for r in rows if r.cluster}),
        "type": sorted({(r.kind, r.kind_label) for r in rows}),
        "variation": list(VARIATIONS.items()),
        "assurance": list(ASSURANCES.items()),
    }
    selected = [
        r
        for r in rows
        if (not filters["specialty"] or r.specialty == filters["specialty"])
        and (not filters["hospital"] or r.hospital == filters["hospital"])
        and (not filters["cluster"] or r.cluster == filters["cluster"])
        and (not filters["type"] or r.kind == filters["type"])
        and (not filters["variation"] or (r.variation or "none") == filters["variation"])
        and (not filters["assurance"] or (r.assurance or "none") == filters["assurance"])
    ]
    selected.sort(key=SORTS[sort.lstrip("-")], reverse=sort.startswith("-"))
    return selected, filters, choices


@login_required
def measure_wall_page(request):
    rows, filters, choices = _filtered(request)
    page = Paginator(rows, WALL_PAGE).get_page(request.GET.get("side"))
    query = urlencode({k: v for k, v in filters.items() if v})
    sort_links = {}
    for key in SORTS:
        params = {k: v for k, v in filters.items() if v and k != "sort"}
        params["sort"] = f"-{key}" if filters["sort"] == key else key
        sort_links[key] = urlencode(params)
    return render(
        request,
        "programme/measure_wall.html",
        {
            "page": page,
            "rows": page.object_list,
            "total": len(rows),
            "filters": filters,
            "choices": choices,
            "query": query,
            "sort_links": sort_links,
        },
    )


def _sheet_rows(rows: list[WallRow]):
    for r in rows:
        yield [
            r.name,
            r.kind_label,
            r.owner,
            r.specialty,
            r.hospital,
            r.cluster,
            str(VARIATIONS[r.variation or "none"]),
            str(ASSURANCES[r.assurance or "none"]),
            r.latest_label,
            r.latest,
            r.unit,
            r.target,
            r.centre,
            r.lcl,
            r.ucl,
            r.n,
            r.signals,
            r.rule_set,
            r.headline,
            r.url,
        ]


def _header() -> list[str]:
    return [
        _("Measure"),
        _("Kind of measure"),
        _("Owner"),
        _("Specialty"),
        _("Hospital"),
        _("Health cluster"),
        _("Variation"),
        _("Assurance"),
        _("Latest period"),
        _("Latest value"),
        _("Unit"),
        _("Target"),
        _("Centre line"),
        _("Lower limit"),
        _("Upper limit"),
        _("Data points"),
        _("Points in a signal"),
        _("Rules"),
        _("Verdict"),
        _("Link"),
    ]


@login_required
def measure_wall_export(request, fmt: str):
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    rows, _filters, _choices = _filtered(request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        response = HttpResponse(
            spreadsheets.csv_text(_header(), _sheet_rows(rows)),
            content_type=spreadsheets.CSV_CONTENT_TYPE,
        )
    else:
        sheet = spreadsheets.Sheet(_("Measure wall"), _header(), list(_sheet_rows(rows)))
        response = HttpResponse(
            spreadsheets.xlsx([sheet]), content_type=spreadsheets.XLSX_CONTENT_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="bass-maalevaeg-{stamp}.{fmt}"'
    return response
