"""Improvement work shared with the programme: finding it, and reusing it as a template.

A project's team may share the project, a change idea or a finished PDSA cycle
(``shared_with_programme``); everyone who takes part in the programme then reads it through
``restrict(..., "view_shared")`` (roles/permissions.py). "Brug som skabelon" copies a shared
change idea or a cycle's plan, never its data, into a project the person may contribute to,
and keeps a link to the origin.
"""

from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bass import formatting
from bass.history import acting_as
from bass.library import LibraryEntry, LibraryKey
from bass.search import text_search
from improvement.models import (
    ActDecision,
    DriverNode,
    ImprovementProject,
    Measure,
    NodeKind,
    PDSACycle,
)
from roles import queries as roles
from roles.permissions import VIEW_SHARED, restrict

KIND_LABELS = {
    "project": gettext_lazy("Improvement project"),
    "change_idea": gettext_lazy("Change idea"),
    "cycle": gettext_lazy("PDSA cycle"),
}
#: Sorting by result: a project by its progress score, a cycle by its decision, a change
#: idea by the best decision of its cycles.
DECISION_RANK = {ActDecision.ADOPT: 3.0, ActDecision.ADAPT: 2.0, ActDecision.ABANDON: 1.0}
OUTCOMES = [value for value, _label in ActDecision.choices]

#: The fields searched, per kind (PostgreSQL: Danish full-text search).
SEARCH_FIELDS = {
    "project": ["title", "aim_what", "aim_how_much", "progress_reason"],
    "change_idea": ["title", "parent__title", "project__title"],
    "cycle": [
        "title",
        "objective",
        "questions",
        "predictions",
        "plan_what",
        "do_observations",
        "study_results",
        "study_learning",
        "act_next_step",
    ],
}
#: The path from each kind to its project.
PROJECT_PATH = {"project": "", "change_idea": "project__", "cycle": "change_idea__project__"}


def shared(model, user):
    """The rows of ``model`` that are shared and that ``user`` may read as shared."""
    return restrict(model.objects.filter(shared_with_programme=True), user, VIEW_SHARED)


def _newest_change(model):
    history = model.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date")
    return Subquery(history.values("history_date")[:1])


def _filtered(kind, queryset, filters: dict):
    p = PROJECT_PATH[kind]
    if filters.get("specialty"):
        queryset = queryset.filter(**{f"{p}specialty__slug": filters["specialty"]})
    if filters.get("hospital"):
        queryset = queryset.filter(
            Q(**{f"{p}strength_position__hospital_id": filters["hospital"]})
            | Q(**{f"{p}specialty__strength_positions__hospital_id": filters["hospital"]})
        ).distinct()
    if filters.get("cluster"):
        queryset = queryset.filter(
            **{f"{p}initiative__proposed_by__cluster_id": filters["cluster"]}
        )
    if filters.get("driver"):
        driver = filters["driver"]
        if kind == "project":
            queryset = queryset.filter(driver_nodes__title__icontains=driver).distinct()
        elif kind == "change_idea":
            queryset = queryset.filter(
                Q(parent__title__icontains=driver) | Q(parent__parent__title__icontains=driver)
            )
        else:
            queryset = queryset.filter(
                Q(change_idea__parent__title__icontains=driver)
                | Q(change_idea__parent__parent__title__icontains=driver)
            )
    if filters.get("outcome"):
        outcome = filters["outcome"]
        if kind == "cycle":
            queryset = queryset.filter(act_decision=outcome)
        elif kind == "change_idea":
            queryset = queryset.filter(cycles__act_decision=outcome).distinct()
        else:
            queryset = queryset.filter(driver_nodes__cycles__act_decision=outcome).distinct()
    if filters.get("signal_projects") is not None:
        queryset = queryset.filter(**{f"{p}pk__in": filters["signal_projects"]})
    return queryset


def library_keys(user, text: str = "", filters: dict | None = None, kinds=None) -> list:
    """Keys of the shared improvement work that matches ``text`` and ``filters``: three
    queries whatever the amount of work."""
    filters = filters or {}
    kinds = kinds or list(KIND_LABELS)
    querysets = {
        "project": shared(ImprovementProject, user),
        "change_idea": shared(DriverNode, user).filter(kind=NodeKind.CHANGE_IDEA),
        "cycle": shared(PDSACycle, user),
    }
    keys = []
    for kind in kinds:
        queryset = _filtered(kind, querysets[kind], filters)
        queryset = text_search(queryset, SEARCH_FIELDS[kind], text)
        model = queryset.model
        queryset = queryset.annotate(changed_at=_newest_change(model))
        if kind == "project":
            rows = queryset.values_list("pk", "changed_at", "progress_score")
            keys += [LibraryKey(kind, pk, at, float(score or 0)) for pk, at, score in rows]
        elif kind == "cycle":
            rows = queryset.values_list("pk", "changed_at", "act_decision")
            keys += [LibraryKey(kind, pk, at, DECISION_RANK.get(d, 0.0)) for pk, at, d in rows]
        else:
            rows = queryset.annotate(
                adopted=Exists(
                    PDSACycle.objects.filter(change_idea=OuterRef("pk"), act_decision="adopt")
                ),
                adapted=Exists(
                    PDSACycle.objects.filter(change_idea=OuterRef("pk"), act_decision="adapt")
                ),
            ).values_list("pk", "changed_at", "adopted", "adapted")
            keys += [
                LibraryKey(kind, pk, at, 3.0 if adopted else 2.0 if adapted else 0.0)
                for pk, at, adopted, adapted in rows
            ]
    return keys


def _project_owner(project) -> str:
    return project.owner_name()


def library_entries(keys) -> dict:
    """The entries for ``keys`` (one page), keyed like the keys: a fixed number of queries."""
    wanted = {kind: [k.pk for k in keys if k.kind == kind] for kind in KIND_LABELS}
    changed = {(k.kind, k.pk): k.changed_at for k in keys}
    projects = ImprovementProject.objects.filter(pk__in=wanted["project"]).select_related(
        "specialty", "initiative__proposed_by__cluster"
    )
    ideas = (
        DriverNode.objects.filter(pk__in=wanted["change_idea"])
        .select_related("project__specialty", "project__initiative__proposed_by", "parent")
        .annotate(reused=Count("reuses", distinct=True))
    )
    cycles = (
        PDSACycle.objects.filter(pk__in=wanted["cycle"])
        .select_related(
            "change_idea__project__specialty", "change_idea__project__initiative__proposed_by"
        )
        .annotate(reused=Count("reuses", distinct=True))
    )
    projects, ideas, cycles = list(projects), list(ideas), list(cycles)
    all_projects = {p.pk: p for p in projects}
    all_projects |= {i.project_id: i.project for i in ideas}
    all_projects |= {c.change_idea.project_id: c.change_idea.project for c in cycles}
    measures: dict[int, list[str]] = {}
    for project_id, name in Measure.objects.filter(project_id__in=all_projects).values_list(
        "project_id", "name"
    ):
        measures.setdefault(project_id, []).append(name)
    team_objects = {p.pk: p.team_object for p in all_projects.values()}
    teams = roles.holders_by_object(team_objects.values())

    def team(project) -> list[str]:
        obj = team_objects[project.pk]
        return teams.get((obj._meta.label_lower, obj.pk), [])

    entries = {}
    for project in projects:
        entries[("project", project.pk)] = LibraryEntry(
            kind="project",
            kind_label=str(KIND_LABELS["project"]),
            title=project.title,
            url=reverse("improvement_shared_project", args=[project.pk]),
            owner=_project_owner(project),
            team=team(project),
            dates=_("Aim by %(date)s") % {"date": formatting.date(project.aim_by_when)},
            result=project.get_progress_score_display() if project.progress_score else "",
            summary=f"{project.aim_what} – {project.aim_how_much}",
            measures=measures.get(project.pk, []),
            changed_at=changed.get(("project", project.pk)),
        )
    for idea in ideas:
        entries[("change_idea", idea.pk)] = LibraryEntry(
            kind="change_idea",
            kind_label=str(KIND_LABELS["change_idea"]),
            title=idea.title,
            url=idea_url(idea),
            owner=_project_owner(idea.project),
            team=team(idea.project),
            summary=_("Under the driver “%(driver)s” in %(project)s")
            % {"driver": idea.parent.title if idea.parent else "", "project": idea.project},
            measures=measures.get(idea.project_id, []),
            reused=idea.reused,
            changed_at=changed.get(("change_idea", idea.pk)),
        )
    for cycle in cycles:
        project = cycle.change_idea.project
        entries[("cycle", cycle.pk)] = LibraryEntry(
            kind="cycle",
            kind_label=str(KIND_LABELS["cycle"]),
            title=cycle.title,
            url=cycle_url(cycle),
            owner=_project_owner(project),
            team=team(project),
            dates="–".join(
                formatting.date(day)
                for day in (
                    cycle.actual_start or cycle.planned_start,
                    cycle.actual_end or cycle.planned_end,
                )
            ),
            result=cycle.get_act_decision_display(),
            summary=cycle.study_learning or cycle.study_results or cycle.objective,
            measures=measures.get(project.pk, []),
            reused=cycle.reused,
            changed_at=changed.get(("cycle", cycle.pk)),
        )
    return entries


def idea_url(idea) -> str:
    return reverse("improvement_shared_idea", args=[idea.pk])


def cycle_url(cycle) -> str:
    return reverse("improvement_shared_cycle", args=[cycle.pk])


def progress_by_specialty(user) -> dict:
    """How many projects stand at each progress score, per specialty name, counting those
    the user may see and those shared with the programme: {specialty: {score: count}}. One
    query."""
    rows = (
        restrict(ImprovementProject.objects.filter(specialty__isnull=False), user, VIEW_SHARED)
        .exclude(progress_score="")
        .values_list("specialty__name", "progress_score")
        .annotate(count=Count("pk"))
        .order_by("specialty__name", "progress_score")
    )
    result: dict = {}
    for name, score, count in rows:
        result.setdefault(name, {})[score] = count
    return result


# --- reusing ------------------------------------------------------------------------------


def target_projects(user):
    """The projects the person may copy a template into (those they contribute to)."""
    return restrict(ImprovementProject.objects.all(), user, "contribute").order_by("title")


def reuses(origin, user) -> tuple[int, list]:
    """How often ``origin`` was used as a template, and the copies ``user`` may see."""
    copies = origin.reuses.all()
    visible = list(restrict(copies, user).select_related(*_project_of(origin)))
    return copies.count(), visible


def _project_of(origin) -> list[str]:
    return ["project"] if isinstance(origin, DriverNode) else ["change_idea__project"]


@transaction.atomic
def copy_change_idea(origin: DriverNode, parent: DriverNode, user) -> DriverNode:
    """A copy of the shared change idea ``origin`` under ``parent`` (a driver)."""
    with acting_as(user, _("Copied from the library: %(title)s") % {"title": origin.title}):
        copy = DriverNode(
            project=parent.project,
            parent=parent,
            kind=NodeKind.CHANGE_IDEA,
            title=origin.title,
            origin=origin,
            order=(parent.children.aggregate(last=Max("order"))["last"] or 0) + 1,
        )
        copy.full_clean()
        copy.save()
    return copy


PLAN_FIELDS = (
    "objective",
    "questions",
    "predictions",
    "plan_who",
    "plan_what",
    "plan_when",
    "plan_where",
    "data_plan",
)


@transaction.atomic
def copy_cycle_plan(origin: PDSACycle, change_idea: DriverNode, user, start, end) -> PDSACycle:
    """A new cycle under ``change_idea`` with the plan (not the data) of ``origin``."""
    with acting_as(user, _("Copied from the library: %(title)s") % {"title": origin.title}):
        copy = PDSACycle(
            change_idea=change_idea,
            title=origin.title,
            origin=origin,
            planned_start=start,
            planned_end=end,
            **{name: getattr(origin, name) for name in PLAN_FIELDS},
        )
        copy.full_clean()
        copy.save()
    return copy


def shareable(tree: list) -> dict:
    """The change ideas and finished cycles of a project's driver tree, for the project
    page's sharing section (no query: the tree holds them)."""
    ideas, cycles = [], []

    def walk(branches):
        for branch in branches:
            if branch["node"].kind == NodeKind.CHANGE_IDEA:
                ideas.append(branch["node"])
                cycles.extend(c for c in branch["cycles"] if c.act_decision)
            walk(branch["children"])

    walk(tree)
    return {"shareable_ideas": ideas, "shareable_cycles": cycles}
