"""The read API's endpoints: every list is the apps' own permission-restricted queryset
(their ``queries.py``), a page at a time, turned into plain JSON.

The description of each endpoint (``ENDPOINTS``) also writes the OpenAPI schema
(``api/schema.py``), so the schema names exactly the fields the code sends.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from api.auth import error, token_required
from clusters import queries as clusters
from improvement import queries as improvement
from plans import queries as plans
from specialties import queries as specialties
from sustainability import queries as sustainability

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


def _date(value):
    return value.isoformat() if value else None


def _money(value: Decimal | None) -> str | None:
    # As a string: BI tools read it as an exact decimal, never a rounded float.
    return None if value is None else f"{value:.2f}"


def _label(obj, field: str) -> str:
    return str(getattr(obj, f"get_{field}_display")())


def _specialty(specialty) -> dict | None:
    if specialty is None:
        return None
    return {"id": specialty.pk, "name": specialty.name, "slug": specialty.slug}


# --- rows ---------------------------------------------------------------------------------


def specialty_rows(user, items: list) -> list[dict]:
    coverage = specialties.coverage_by_specialty(items)
    rows = []
    for s in items:
        c = coverage[s.pk]
        rows.append(
            {
                "id": s.pk,
                "name": s.name,
                "slug": s.slug,
                "strength_positions": [
                    {
                        "id": p.pk,
                        "hospital": p.hospital.name,
                        "organisation_form": p.organisation_form,
                        "organisation_form_label": _label(p, "organisation_form"),
                        "is_example": p.is_example,
                    }
                    for p in s.strength_positions.all()
                ],
                "coverage": {
                    "complete": c.is_complete,
                    "covered_citizens": c.covered_citizens,
                    "total_citizens": c.total_citizens,
                    "uncovered_municipalities": [m.name for m in c.uncovered],
                },
            }
        )
    return rows


def ambition_rows(user, items: list) -> list[dict]:
    readable = specialties.ambitions_changeable(user, [a.pk for a in items])
    return [
        {
            "id": a.pk,
            "specialty": _specialty(a.specialty),
            "kind": a.kind,
            "status": a.status,
            "status_label": _label(a, "status"),
            "approved_at": a.approved_at.isoformat() if a.approved_at else None,
            "approved_text": a.approved_text,
            "has_unapproved_changes": a.has_unapproved_changes,
            # The working draft only to those who may change it.
            "draft_text": a.draft_text if a.pk in readable else None,
        }
        for a in items
    ]


def _axes(scores) -> dict:
    return {
        axis: {"mean": s.mean, "scored": s.scored, "total": s.total} for axis, s in scores.items()
    }


def assessment_rows(user, items: list) -> list[dict]:
    axes = sustainability.axis_scores_of([a.pk for a in items])
    return [
        {
            "id": a.pk,
            "specialty": _specialty(a.specialty),
            "strength_position": a.strength_position_id,
            "hospital": a.strength_position.hospital.name if a.strength_position else None,
            "date": _date(a.date),
            "status": a.status,
            "is_example": a.is_example,
            "axes": _axes(axes.get(a.pk, {})),
        }
        for a in items
    ]


def measure_rows(user, items: list) -> list[dict]:
    signals = improvement.signals_by_measure()
    points = improvement.points_of([m.pk for m in items])
    rows = []
    for m in items:
        signal = signals.get(m.pk)
        rows.append(
            {
                "id": m.pk,
                "name": m.name,
                "kind": m.kind,
                "unit": m.unit,
                "direction": m.direction,
                "target": m.target,
                "chart_type": m.chart_type,
                "project": {"id": m.project_id, "title": m.project.title},
                "specialty": _specialty(m.project.specialty),
                "signal": None if signal is None else {"better": signal.better},
                "data_points": points.get(m.pk, []),
            }
        )
    return rows


def cycle_rows(user, items: list) -> list[dict]:
    return [
        {
            "id": c.pk,
            "title": c.title,
            "project": {"id": c.change_idea.project_id, "title": c.change_idea.project.title},
            "specialty": _specialty(c.change_idea.project.specialty),
            "change_idea": c.change_idea.title,
            "planned_start": _date(c.planned_start),
            "planned_end": _date(c.planned_end),
            "actual_start": _date(c.actual_start),
            "actual_end": _date(c.actual_end),
            "act_decision": c.act_decision or None,
        }
        for c in items
    ]


def milestone_rows(user, items: list) -> list[dict]:
    return [
        {
            "id": m.pk,
            "title": m.title,
            "specialty": _specialty(m.plan.specialty),
            "plan": {"id": m.plan_id, "title": m.plan.title},
            "start_date": _date(m.start_date),
            "due_date": _date(m.due_date),
            "status": m.status,
            "status_label": _label(m, "status"),
            "done_at": _date(m.done_at),
            "responsible": str(m.responsible) if m.responsible else None,
        }
        for m in items
    ]


def grant_rows(user, items: list) -> list[dict]:
    return [
        {
            "id": g.pk,
            "specialty": _specialty(g.specialty),
            "milestone": g.milestone_id,
            "year": g.year,
            "pool": g.pool,
            "amount": _money(g.amount),
            "spent": _money(g.spent or Decimal(0)),
        }
        for g in items
    ]


def decision_rows(user, items: list) -> list[dict]:
    return [
        {
            "id": i.pk,
            "cluster": i.meeting.forum.cluster.name,
            "forum": {"id": i.meeting.forum_id, "name": i.meeting.forum.name},
            "meeting": {"id": i.meeting_id, "starts_at": i.meeting.starts_at.isoformat()},
            "number": i.number,
            "title": i.title,
            "case_id": i.case_id,
            "decision": i.decision,
        }
        for i in items
    ]


# --- the endpoints ------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    path: str
    name: str
    summary: object  # a lazily translated text
    queryset: Callable
    rows: Callable
    fields: dict  # field name -> OpenAPI schema (for the schema document)


def _listing(endpoint: Endpoint):
    @require_GET
    @token_required
    def view(request):
        try:
            size = int(request.GET.get("page_size", PAGE_SIZE))
        except ValueError:
            size = 0
        if not 1 <= size <= MAX_PAGE_SIZE:
            message = _("page_size must be a whole number from 1 to %(max)s.")
            return error(400, message % {"max": MAX_PAGE_SIZE})
        paginator = Paginator(endpoint.queryset(request.user), size)
        try:
            page = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            return error(400, _("page must be a whole number."))
        except EmptyPage:
            return error(404, _("There is no such page."))
        query = request.GET.copy()

        def link(number):
            query["page"] = number
            return request.build_absolute_uri(request.path) + "?" + query.urlencode()

        return JsonResponse(
            {
                "count": paginator.count,
                "page": page.number,
                "pages": paginator.num_pages,
                "next": link(page.next_page_number()) if page.has_next() else None,
                "previous": link(page.previous_page_number()) if page.has_previous() else None,
                "results": endpoint.rows(request.user, list(page.object_list)),
            },
            json_dumps_params={"ensure_ascii": False},
        )

    view.__name__ = f"api_{endpoint.name}"
    return view


# Field shapes for the schema: "integer", "number", "string", "boolean", "date", "date-time",
# a trailing "?" for null allowed, a dict for an object, a one-element list for an array.
SPECIALTY_REF = {"id": "integer", "name": "string", "slug": "string"}

ENDPOINTS = [
    Endpoint(
        "specialties",
        "specialties",
        gettext_lazy(
            "Specialties with their strength positions and population-responsibility coverage"
        ),
        specialties.api_specialties,
        specialty_rows,
        {
            "id": "integer",
            "name": "string",
            "slug": "string",
            "strength_positions": [
                {
                    "id": "integer",
                    "hospital": "string",
                    "organisation_form": "string",
                    "organisation_form_label": "string",
                    "is_example": "boolean",
                }
            ],
            "coverage": {
                "complete": "boolean",
                "covered_citizens": "integer",
                "total_citizens": "integer",
                "uncovered_municipalities": ["string"],
            },
        },
    ),
    Endpoint(
        "ambitions",
        "ambitions",
        gettext_lazy(
            "Strategic and professional ambitions: status and approved text; the working "
            "draft only to those who may change the ambition"
        ),
        specialties.api_ambitions,
        ambition_rows,
        {
            "id": "integer",
            "specialty": SPECIALTY_REF,
            "kind": "string",
            "status": "string",
            "status_label": "string",
            "approved_at": "date-time?",
            "approved_text": "string",
            "has_unapproved_changes": "boolean",
            "draft_text": "string?",
        },
    ),
    Endpoint(
        "assessments",
        "assessments",
        gettext_lazy("Sustainability assessments with the mean score of each axis"),
        sustainability.api_assessments,
        assessment_rows,
        {
            "id": "integer",
            "specialty": SPECIALTY_REF,
            "strength_position": "integer?",
            "hospital": "string?",
            "date": "date",
            "status": "string",
            "is_example": "boolean",
            "axes": {
                axis: {"mean": "number?", "scored": "integer", "total": "integer"}
                for axis in ("professional", "staff", "organisational")
            },
        },
    ),
    Endpoint(
        "measures",
        "measures",
        gettext_lazy("Measures with their data points and whether the run chart signals now"),
        improvement.api_measures,
        measure_rows,
        {
            "id": "integer",
            "name": "string",
            "kind": "string",
            "unit": "string",
            "direction": "string",
            "target": "number?",
            "chart_type": "string",
            "project": {"id": "integer", "title": "string"},
            "specialty": {**SPECIALTY_REF, "nullable": True},
            "signal": {"better": "boolean?", "nullable": True},
            "data_points": [
                {
                    "period": "date",
                    "value": "number?",
                    "numerator": "number?",
                    "denominator": "number?",
                }
            ],
        },
    ),
    Endpoint(
        "pdsa-cycles",
        "pdsa_cycles",
        gettext_lazy("PDSA cycles with their dates and Act decision"),
        improvement.api_cycles,
        cycle_rows,
        {
            "id": "integer",
            "title": "string",
            "project": {"id": "integer", "title": "string"},
            "specialty": {**SPECIALTY_REF, "nullable": True},
            "change_idea": "string",
            "planned_start": "date",
            "planned_end": "date",
            "actual_start": "date?",
            "actual_end": "date?",
            "act_decision": "string?",
        },
    ),
    Endpoint(
        "milestones",
        "milestones",
        gettext_lazy("Milestones of the implementation plans"),
        plans.api_milestones,
        milestone_rows,
        {
            "id": "integer",
            "title": "string",
            "specialty": SPECIALTY_REF,
            "plan": {"id": "integer", "title": "string"},
            "start_date": "date",
            "due_date": "date",
            "status": "string",
            "status_label": "string",
            "done_at": "date?",
            "responsible": "string?",
        },
    ),
    Endpoint(
        "funds",
        "funds",
        gettext_lazy(
            "Transition-fund grants with what has been spent (amounts in DKK as decimal strings)"
        ),
        plans.api_grants,
        grant_rows,
        {
            "id": "integer",
            "specialty": SPECIALTY_REF,
            "milestone": "integer?",
            "year": "integer",
            "pool": "string",
            "amount": "string",
            "spent": "string",
        },
    ),
    Endpoint(
        "decisions",
        "decisions",
        gettext_lazy("Decisions recorded in the minutes of the health clusters' forums"),
        clusters.api_decisions,
        decision_rows,
        {
            "id": "integer",
            "cluster": "string",
            "forum": {"id": "integer", "name": "string"},
            "meeting": {"id": "integer", "starts_at": "date-time"},
            "number": "integer",
            "title": "string",
            "case_id": "string",
            "decision": "string",
        },
    ),
]

VIEWS = {endpoint.name: _listing(endpoint) for endpoint in ENDPOINTS}
