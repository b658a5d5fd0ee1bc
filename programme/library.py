"""The programme library: what the specialties and the improvement teams share with the
whole programme, searchable and reusable (approved ambitions; shared projects, change ideas
and finished PDSA cycles).

The apps answer cheap keys for everything that matches (specialties.queries and
improvement.queries ``library_keys``); the page sorts and pages the keys and loads full
entries for one page only, so the number of queries stays the same as the library grows.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from bass.models import Hospital
from clusters.models import Cluster
from improvement import queries as improvement
from programme.forms import LibraryFilterForm
from specialties import queries as specialties
from specialties.models import Specialty

PAGE_SIZE = 20


def _sorted(keys, sort: str) -> list:
    def recency(key):
        return key.changed_at.timestamp() if key.changed_at else 0.0

    if sort == "result":
        return sorted(keys, key=lambda k: (k.rank, recency(k), k.pk), reverse=True)
    return sorted(keys, key=lambda k: (recency(k), k.pk), reverse=True)


def progress_context(user) -> dict:
    """The IHI progress scores of the improvement projects per specialty, as the library and
    the programme dashboard show them (templates/programme/_progress_table.html)."""
    scores = improvement.PROGRESS_SCORES
    return {
        "progress": [
            (name, [counts.get(value, 0) for value, _label in scores])
            for name, counts in improvement.progress_by_specialty(user).items()
        ],
        "scores": scores,
    }


@login_required
def library(request):
    form = LibraryFilterForm(
        request.GET or None,
        specialties=Specialty.objects.order_by("name"),
        hospitals=Hospital.objects.order_by("name"),
        clusters=Cluster.objects.order_by("name"),
        outcomes=improvement.OUTCOME_CHOICES,
    )
    filters = form.filters()
    text = filters.get("q") or ""
    kind = filters.get("kind") or ""
    if filters.get("signal"):
        filters["signal_projects"] = improvement.projects_with_signal(filters["signal"])
    keys = []
    if kind in ("", "ambition"):
        keys += specialties.library_keys(request.user, text, filters)
    if kind != "ambition":
        keys += improvement.library_keys(
            request.user, text, filters, kinds=[kind] if kind else None
        )
    page = Paginator(_sorted(keys, filters["sort"]), PAGE_SIZE).get_page(request.GET.get("side"))
    entries = specialties.library_entries(page.object_list) | improvement.library_entries(
        page.object_list
    )
    rows = [
        entries[(key.kind, key.pk)] for key in page.object_list if (key.kind, key.pk) in entries
    ]
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "programme/library.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "total": len(keys),
            "query": query.urlencode(),
            **progress_context(request.user),
        },
    )
