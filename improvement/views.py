import datetime
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bass import spreadsheets
from bass.conflicts import conflict_checked, render_form_or_conflict
from bass.forms import new_once_token, save_once
from clusters.queries import get_initiative
from improvement import library, transfer
from improvement.analysis import analyse, cycle_period, cycles_by_measure, prediction_results
from improvement.forms import (
    DriverNodeCreateForm,
    DriverNodeEditForm,
    ImportForm,
    MeasureForm,
    MeasurePhaseForm,
    PDSACycleForm,
    ProjectForm,
    data_point_formset,
)
from improvement.models import (
    CycleMeasure,
    DataPoint,
    DriverNode,
    ImprovementProject,
    Measure,
    MeasurePhase,
    NodeKind,
    PDSACycle,
)
from improvement.queries import driver_diagram_svg, driver_tree, overdue_cycles
from roles.models import RoleAssignment
from roles.permissions import can, get_for_user, restrict
from specialties.models import Specialty
from specialties.queries import get_specialty
from sustainability.queries import rating_of, ratings_of

# --- fetching with permission checks ------------------------------------------------------


#: Everything a project's permission check and header need, in the same query.
PROJECT_RELATED = ("specialty", "initiative__proposed_by__cluster")


def _project(request, pk: int, action: str = "view") -> ImprovementProject:
    return get_for_user(
        ImprovementProject.objects.select_related(*PROJECT_RELATED, "strength_position__hospital"),
        request.user,
        action,
        pk=pk,
    )


def _node(request, project: ImprovementProject, node_pk: int) -> DriverNode:
    return get_object_or_404(
        DriverNode.objects.select_related("parent", "project"), project=project, pk=node_pk
    )


def _cycle(request, pk: int, action: str = "view") -> PDSACycle:
    return get_for_user(
        PDSACycle.objects.select_related(
            *(f"change_idea__project__{path}" for path in PROJECT_RELATED),
            "change_idea__parent",
            "previous",
        ),
        request.user,
        action,
        pk=pk,
    )


def _measure(request, pk: int, action: str = "view") -> Measure:
    return get_for_user(
        Measure.objects.select_related(*(f"project__{path}" for path in PROJECT_RELATED)),
        request.user,
        action,
        pk=pk,
    )


def _walk(tree: list):
    for item in tree:
        yield item
        yield from _walk(item["children"])


def _diagram(project: ImprovementProject, cycles: list | None = None) -> dict:
    """The driver diagram of a page: the tree (each box with its prism rating), the
    drawing and the project's own prism rating. Three queries: the boxes, their measures,
    and the ratings of the boxes and the project."""
    tree = driver_tree(project, cycles)
    items = list(_walk(tree))
    ratings = ratings_of([project, *(item["node"] for item in items)])
    node_type = ContentType.objects.get_for_model(DriverNode)
    for item in items:
        item["rating"] = ratings.get((node_type.pk, item["node"].pk))
    project_type = ContentType.objects.get_for_model(ImprovementProject)
    return {
        "tree": tree,
        "diagram_svg": driver_diagram_svg(project, tree),
        "prism_rating": ratings.get((project_type.pk, project.pk)),
    }


def _rights(user, project: ImprovementProject) -> dict:
    return {
        "can_manage": can(user, "change", project),
        "can_contribute": can(user, "contribute", project),
    }


# --- projects ----------------------------------------------------------------------------


@login_required
def project_index(request):
    projects = restrict(
        ImprovementProject.objects.select_related("specialty", "initiative").order_by(
            F("specialty__name").asc(nulls_last=True), "initiative__title", "title"
        ),
        request.user,
    )
    page = Paginator(projects, 50).get_page(request.GET.get("side"))
    specialties = restrict(Specialty.objects.order_by("name"), request.user)
    return render(
        request,
        "improvement/project_index.html",
        {
            "page": page,
            "specialties": specialties,
            "overdue": list(overdue_cycles(request.user)[:50]),
        },
    )


@login_required
def specialty_projects(request, slug: str):
    specialty = get_specialty(request.user, slug)
    projects = specialty.improvement_projects.select_related("strength_position__hospital")
    page = Paginator(projects.order_by("title"), 50).get_page(request.GET.get("side"))
    return render(
        request,
        "improvement/specialty_projects.html",
        {
            "specialty": specialty,
            "page": page,
            "can_add": can(request.user, "manage_improvement", specialty),
        },
    )


@login_required
def project_create(request, slug: str):
    specialty = get_specialty(request.user, slug, "manage_improvement")
    return _create_project(request, specialty)


@login_required
def initiative_project_create(request, pk: int):
    """A project owned by a health-cluster initiative, kept by the forum that proposed it."""
    initiative = get_initiative(request.user, pk, "manage_improvement")
    return _create_project(request, initiative)


def _create_project(request, owner):
    form = ProjectForm(request.POST if request.method == "POST" else None, owner=owner)
    if request.method == "POST" and form.is_valid():
        project = save_once(request, form.save)
        messages.success(request, _("Improvement project created."))
        return redirect(project)
    if isinstance(owner, Specialty):
        cancel_url = reverse("improvement_specialty_projects", args=[owner.slug])
    else:
        cancel_url = owner.get_absolute_url()
    return render(
        request,
        "improvement/project_form.html",
        {"form": form, "owner": owner, "cancel_url": cancel_url},
    )


def _project_cycles(project: ImprovementProject) -> list[PDSACycle]:
    return list(
        PDSACycle.objects.filter(change_idea__project=project)
        .select_related("change_idea")
        .order_by("planned_start", "pk")
    )


def _cycle_links(project: ImprovementProject):
    """(measure id, cycle id) of every link between the project's cycles and measures."""
    return CycleMeasure.objects.filter(measure__project=project).values_list(
        "measure_id", "cycle_id"
    )


def _predictions(cycle: PDSACycle) -> list:
    """The cycle's measures, each prediction beside the result of the cycle's period; two
    queries however many measures and points."""
    links = list(cycle.measure_links.select_related("measure").order_by("measure__name"))
    if not links:
        return []
    start, end = cycle_period(cycle)
    points = DataPoint.objects.filter(
        measure__in=[link.measure_id for link in links],
        period__gte=start - datetime.timedelta(days=31),
        period__lte=end,
    ).order_by("measure_id", "period")
    return prediction_results(cycle, links, points)


@login_required
def project_detail(request, pk: int):
    project = _project(request, pk)
    cycles = _project_cycles(project)
    diagram = _diagram(project, cycles)
    measures = list(project.measures.prefetch_related("phases"))
    points = defaultdict(list)
    for point in DataPoint.objects.filter(measure__project=project).order_by("period"):
        points[point.measure_id].append(point)
    linked = cycles_by_measure(cycles, _cycle_links(project))
    charts = [
        (m, analyse(m, points[m.pk], linked[m.pk], phases=list(m.phases.all()))) for m in measures
    ]
    team = (
        RoleAssignment.objects.current()
        .on_object(project.team_object)
        .select_related("person__user")
        .order_by("kind", "person__user__first_name")
    )
    rights = _rights(request.user, project)
    overdue = [c for c in cycles if c.is_overdue()] if rights["can_manage"] else []
    return render(
        request,
        "improvement/project_detail.html",
        {
            "project": project,
            **diagram,
            "can_rate": rights["can_manage"],
            "charts": charts,
            "team": team,
            "overdue": overdue,
            "cycle_count": len(cycles),
            **library.shareable(diagram["tree"]),
            **rights,
        },
    )


@login_required
def project_update(request, pk: int):
    project = _project(request, pk, "change")
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        instance=project,
        owner=project.owner,
    )
    if request.method == "POST" and form.is_valid():
        with conflict_checked(form):
            form.save()
            messages.success(request, _("Improvement project saved."))
            return redirect(project)
    return render_form_or_conflict(
        request,
        "improvement/project_form.html",
        form,
        {"owner": project.owner, "project": project, "cancel_url": project.get_absolute_url()},
    )


@login_required
def project_delete(request, pk: int):
    project = _project(request, pk, "delete")
    if request.method == "POST":
        back = project.owner_projects_url()
        project.delete()
        messages.success(request, _("Improvement project deleted."))
        return redirect(back)
    return render(request, "improvement/project_confirm_delete.html", {"project": project})


# --- driver diagram editor ------------------------------------------------------------------


@login_required
def driver_diagram(request, pk: int):
    project = _project(request, pk, "change")
    form = DriverNodeCreateForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        node = save_once(request, form.save)
        messages.success(request, _("“%(title)s” added.") % {"title": node.title})
        return redirect("improvement_driver_diagram", pk=project.pk)
    return render(
        request,
        "improvement/driver_diagram.html",
        {
            "project": project,
            **_diagram(project, _project_cycles(project)),
            "form": form,
            "editing": True,
            "can_rate": True,  # the editor is for those who may change the project
        },
    )


@login_required
def node_update(request, pk: int, node_pk: int):
    project = _project(request, pk, "change")
    node = _node(request, project, node_pk)
    form = DriverNodeEditForm(request.POST if request.method == "POST" else None, instance=node)
    if request.method == "POST" and form.is_valid():
        moved = "parent" in form.changed_data
        node = form.save(commit=False)
        if moved:
            node.order = (
                max((n.order for n in DriverNode.objects.filter(parent=node.parent)), default=0) + 1
            )
        with conflict_checked(form):
            node.save()
            form.save_measures(node)
            messages.success(request, _("“%(title)s” saved.") % {"title": node.title})
            return redirect("improvement_driver_diagram", pk=project.pk)
    return render_form_or_conflict(
        request, "improvement/node_form.html", form, {"project": project, "node": node}
    )


@login_required
@require_POST
def node_move(request, pk: int, node_pk: int):
    """Swap a box with its neighbour above or below."""
    project = _project(request, pk, "change")
    node = _node(request, project, node_pk)
    siblings = list(DriverNode.objects.filter(project=project, parent=node.parent_id))
    index = next(i for i, s in enumerate(siblings) if s.pk == node.pk)
    other = index - 1 if request.POST.get("direction") == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
        with transaction.atomic():
            for order, sibling in enumerate(siblings, start=1):
                if sibling.order != order:
                    sibling.order = order
                    sibling.save()
    return redirect(reverse("improvement_driver_diagram", args=[project.pk]) + f"#node-{node.pk}")


@login_required
def node_delete(request, pk: int, node_pk: int):
    project = _project(request, pk, "change")
    node = _node(request, project, node_pk)
    below = [n for n in project.driver_nodes.all() if _is_below(n, node)]
    cycles = PDSACycle.objects.filter(change_idea__in=[node, *below])
    if request.method == "POST":
        node.delete()
        messages.success(request, _("“%(title)s” deleted.") % {"title": node.title})
        return redirect("improvement_driver_diagram", pk=project.pk)
    return render(
        request,
        "improvement/node_confirm_delete.html",
        {"project": project, "node": node, "below": below, "cycle_count": cycles.count()},
    )


def _is_below(candidate: DriverNode, ancestor: DriverNode) -> bool:
    # Nodes are at most three deep: parent or grandparent.
    if candidate.parent_id == ancestor.pk:
        return True
    return candidate.parent is not None and candidate.parent.parent_id == ancestor.pk


# --- PDSA cycles ---------------------------------------------------------------------------


_COPIED_TO_NEXT_CYCLE = [
    "title",
    "questions",
    "predictions",
    "plan_who",
    "plan_what",
    "plan_when",
    "plan_where",
    "data_plan",
]


@login_required
def pdsa_create(request, pk: int, node_pk: int):
    project = _project(request, pk, "contribute")
    idea = get_object_or_404(project.driver_nodes, pk=node_pk, kind=NodeKind.CHANGE_IDEA)
    return _pdsa_form(request, project, idea)


@login_required
def pdsa_next(request, pk: int):
    """A new cycle of the ramp: Plan copied from the previous cycle, the rest left empty.

    The previous cycle's next step becomes the new objective.
    """
    previous = _cycle(request, pk, "contribute")
    initial = {name: getattr(previous, name) for name in _COPIED_TO_NEXT_CYCLE}
    initial["objective"] = previous.act_next_step or previous.objective
    initial["previous"] = previous.pk
    idea = previous.change_idea
    predictions = {link.measure_id: link.predicted_value for link in previous.measure_links.all()}
    return _pdsa_form(
        request, idea.project, idea, initial=initial, previous=previous, predictions=predictions
    )


def _pdsa_form(request, project, idea, initial=None, previous=None, predictions=None):
    form = PDSACycleForm(
        request.POST if request.method == "POST" else None,
        change_idea=idea,
        initial=initial,
        predictions=predictions,
    )
    if request.method == "POST" and form.is_valid():
        cycle = save_once(request, form.save)
        messages.success(request, _("PDSA cycle created."))
        return redirect(cycle)
    return render(
        request,
        "improvement/pdsa_form.html",
        {"form": form, "project": project, "idea": idea, "previous": previous},
    )


@login_required
def pdsa_detail(request, pk: int):
    cycle = _cycle(request, pk)
    project = cycle.change_idea.project
    return render(
        request,
        "improvement/pdsa_detail.html",
        {
            "cycle": cycle,
            "project": project,
            "idea": cycle.change_idea,
            "next_cycles": list(cycle.next_cycles.all()),
            "predictions": _predictions(cycle),
            "prism_rating": rating_of(cycle),
            **_rights(request.user, project),
        },
    )


@login_required
def pdsa_update(request, pk: int):
    cycle = _cycle(request, pk, "contribute")
    form = PDSACycleForm(
        request.POST if request.method == "POST" else None,
        instance=cycle,
        change_idea=cycle.change_idea,
    )
    if request.method == "POST" and form.is_valid():
        with conflict_checked(form):
            form.save()
            messages.success(request, _("PDSA cycle saved."))
            return redirect(cycle)
    return render_form_or_conflict(
        request,
        "improvement/pdsa_form.html",
        form,
        {
            "cycle": cycle,
            "project": cycle.change_idea.project,
            "idea": cycle.change_idea,
            "predictions": _predictions(cycle),
        },
    )


@login_required
def pdsa_delete(request, pk: int):
    cycle = _cycle(request, pk, "delete")
    project = cycle.change_idea.project
    if request.method == "POST":
        cycle.delete()
        messages.success(request, _("PDSA cycle deleted."))
        return redirect(project)
    return render(
        request, "improvement/pdsa_confirm_delete.html", {"cycle": cycle, "project": project}
    )


# --- measures ------------------------------------------------------------------------------


@login_required
def measure_create(request, pk: int):
    project = _project(request, pk, "change")
    form = MeasureForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        measure = save_once(request, form.save)
        messages.success(request, _("Measure created."))
        return redirect(measure)
    return render(request, "improvement/measure_form.html", {"form": form, "project": project})


@login_required
def measure_detail(request, pk: int):
    measure = _measure(request, pk)
    points = list(measure.data_points.order_by("period"))
    cycles = PDSACycle.objects.filter(measure_links__measure=measure)
    phases = list(measure.phases.all())
    rights = _rights(request.user, measure.project)
    return render(
        request,
        "improvement/measure_detail.html",
        {
            "measure": measure,
            "project": measure.project,
            "analysis": analyse(measure, points, list(cycles), phases=phases),
            "phases": phases,
            "phase_form": MeasurePhaseForm(measure=measure) if rights["can_manage"] else None,
            **rights,
        },
    )


@login_required
def measure_update(request, pk: int):
    measure = _measure(request, pk, "change")
    form = MeasureForm(
        request.POST if request.method == "POST" else None,
        instance=measure,
        project=measure.project,
    )
    if request.method == "POST" and form.is_valid():
        with conflict_checked(form):
            form.save()
            messages.success(request, _("Measure saved."))
            return redirect(measure)
    return render_form_or_conflict(
        request,
        "improvement/measure_form.html",
        form,
        {"project": measure.project, "measure": measure},
    )


@login_required
def measure_delete(request, pk: int):
    measure = _measure(request, pk, "delete")
    project = measure.project
    if request.method == "POST":
        measure.delete()
        messages.success(request, _("Measure deleted."))
        return redirect(project)
    return render(
        request,
        "improvement/measure_confirm_delete.html",
        {"measure": measure, "project": project, "count": measure.data_points.count()},
    )


@login_required
def measure_data(request, pk: int):
    """The data grid: every existing row plus empty rows; all rows save or none."""
    measure = _measure(request, pk, "contribute")
    formset = data_point_formset(measure, request.POST if request.method == "POST" else None)
    if request.method == "POST" and formset.is_valid():

        def save_rows() -> Measure:
            for form in formset.deleted_forms:
                if form.instance.pk:
                    form.instance.delete()
            # Save changed rows that free a period before rows that take one.
            for form in formset.forms:
                if form in formset.deleted_forms or not form.has_changed():
                    continue
                if form.instance.pk is None and not form.cleaned_data:
                    continue
                point = form.save(commit=False)
                point.measure = measure
                point.save()
            return measure

        try:
            with transaction.atomic():
                save_once(request, save_rows)
        except IntegrityError:
            formset._non_form_errors = formset.error_class(
                [_("Two rows have the same period. Nothing was saved.")]
            )
        else:
            messages.success(request, _("Data saved."))
            return redirect(measure)
    return render(
        request,
        "improvement/measure_data.html",
        {
            "measure": measure,
            "project": measure.project,
            "formset": formset,
            "once_token": request.POST.get("once_token") or new_once_token(),
        },
    )


@login_required
def measure_import(request, pk: int):
    measure = _measure(request, pk, "contribute")
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    result = None
    if request.method == "POST" and form.is_valid():
        result = transfer.import_file(measure, form.cleaned_data["file"])
        if result.ok:
            messages.success(
                request,
                _("Imported %(created)d new and replaced %(replaced)d data points.")
                % {"created": result.created, "replaced": result.replaced},
            )
            return redirect(measure)
    return render(
        request,
        "improvement/measure_import.html",
        {
            "measure": measure,
            "project": measure.project,
            "form": form,
            "result": result,
            "expected_header": transfer.expected_header(measure),
        },
        status=200,
    )


@login_required
def measure_export(request, pk: int, fmt: str):
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    measure = _measure(request, pk)
    name = slugify(measure.name) or "maaling"
    if fmt == "xlsx":
        response = HttpResponse(
            transfer.export_xlsx(measure),
            content_type=spreadsheets.XLSX_CONTENT_TYPE,
        )
    else:
        response = HttpResponse(
            transfer.export_csv(measure), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def measure_phase_create(request, pk: int):
    """A new phase of the measure's chart: its own centre line and limits from a date on."""
    measure = _measure(request, pk, "change")
    form = MeasurePhaseForm(request.POST if request.method == "POST" else None, measure=measure)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                phase = save_once(request, form.save)
        except IntegrityError:  # the same date saved by someone else a moment ago
            form.add_error("starts_on", _("The measure already has a phase from this date."))
        else:
            messages.success(request, _("Phase “%(title)s” added.") % {"title": phase.title})
            return redirect(reverse("improvement_measure_detail", args=[measure.pk]) + "#phases")
    return render(
        request,
        "improvement/measure_phase_form.html",
        {"form": form, "measure": measure, "project": measure.project},
    )


@login_required
def measure_phase_delete(request, pk: int):
    phase = get_for_user(
        MeasurePhase.objects.select_related(
            *(f"measure__project__{path}" for path in PROJECT_RELATED)
        ),
        request.user,
        "change",
        pk=pk,
    )
    measure = phase.measure
    if request.method == "POST":
        phase.delete()
        messages.success(request, _("Phase “%(title)s” deleted.") % {"title": phase.title})
        return redirect(reverse("improvement_measure_detail", args=[measure.pk]) + "#phases")
    return render(
        request,
        "improvement/measure_phase_confirm_delete.html",
        {"phase": phase, "measure": measure, "project": measure.project},
    )
