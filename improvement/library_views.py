"""Sharing improvement work with the programme, its progress score, the shared pages that
everyone who takes part in the programme may read, and "Brug som skabelon"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bass.conflicts import conflict_checked, render_form_or_conflict
from bass.history import acting_as
from improvement import library
from improvement.library_forms import ProgressForm, ReuseCycleForm, ReuseIdeaForm
from improvement.models import DriverNode, ImprovementProject, NodeKind, PDSACycle
from roles import queries as roles
from roles.permissions import VIEW_SHARED, can, get_for_user, restrict

#: The words in the addresses, and what each shares.
SHAREABLE = {
    "projekt": ImprovementProject,
    "forandringside": DriverNode,
    "pdsa": PDSACycle,
}


def _project_of(obj) -> ImprovementProject:
    if isinstance(obj, ImprovementProject):
        return obj
    if isinstance(obj, DriverNode):
        return obj.project
    return obj.change_idea.project


def _back(obj) -> str:
    return _project_of(obj).get_absolute_url() + "#deling"


@login_required
@require_POST
def share(request, kind: str, pk: int):
    """Share (or stop sharing) a project, a change idea or a finished cycle: the team's
    decision, so it takes the right to contribute to the project."""
    model = SHAREABLE.get(kind)
    if model is None:
        raise Http404
    obj = get_for_user(model.objects.all(), request.user, "contribute", pk=pk)
    shared = request.POST.get("shared") == "1"
    if obj.shared_with_programme != shared:
        obj.shared_with_programme = shared
        try:
            obj.full_clean()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_back(obj))
        reason = _("Shared with the programme") if shared else _("No longer shared")
        with acting_as(request.user, reason):
            obj.save()
    if shared:
        messages.success(
            request, _("Shared: everyone in the programme can find it in the library.")
        )
    else:
        messages.success(request, _("No longer shared with the programme."))
    return redirect(_back(obj))


@login_required
def progress(request, pk: int):
    project = get_for_user(ImprovementProject.objects.all(), request.user, "contribute", pk=pk)
    form = ProgressForm(request.POST if request.method == "POST" else None, instance=project)
    if request.method == "POST" and form.is_valid():
        with conflict_checked(form):
            project._change_reason = _("Progress: %(score)s") % {
                "score": form.cleaned_data["progress_score"] or "–"
            }
            form.save()
            messages.success(request, _("The progress score is saved."))
            return redirect(project)
    return render_form_or_conflict(
        request,
        "improvement/progress_form.html",
        form,
        {"project": project, "cancel_url": project.get_absolute_url()},
    )


def _shared(model, request, pk: int, *related):
    obj = (
        restrict(model.objects.select_related(*related), request.user, VIEW_SHARED)
        .filter(pk=pk)
        .first()
    )
    if obj is None or not (obj.shared_with_programme or can(request.user, "view", obj)):
        raise Http404
    return obj


def _context(request, project) -> dict:
    team_object = project.team_object
    names = roles.holders_by_object([team_object]).get(
        (team_object._meta.label_lower, team_object.pk), []
    )
    return {
        "project": project,
        "team": names,
        "measures": list(project.measures.all()),
        "sees_project": can(request.user, "view", project),
        "may_reuse": library.target_projects(request.user).exists(),
    }


@login_required
def shared_project(request, pk: int):
    project = _shared(ImprovementProject, request, pk, "specialty", "initiative__proposed_by")
    ideas = restrict(
        project.driver_nodes.filter(kind=NodeKind.CHANGE_IDEA, shared_with_programme=True),
        request.user,
        VIEW_SHARED,
    )
    cycles = restrict(
        PDSACycle.objects.filter(change_idea__project=project, shared_with_programme=True),
        request.user,
        VIEW_SHARED,
    )
    return render(
        request,
        "improvement/shared_project.html",
        {**_context(request, project), "ideas": ideas, "cycles": cycles},
    )


@login_required
def shared_idea(request, pk: int):
    idea = _shared(DriverNode, request, pk, "project__specialty", "parent")
    if idea.kind != NodeKind.CHANGE_IDEA:
        raise Http404
    count, copies = library.reuses(idea, request.user)
    cycles = restrict(idea.cycles.filter(shared_with_programme=True), request.user, VIEW_SHARED)
    return render(
        request,
        "improvement/shared_idea.html",
        {
            **_context(request, idea.project),
            "idea": idea,
            "cycles": cycles,
            "reuse_count": count,
            "copies": copies,
        },
    )


@login_required
def shared_cycle(request, pk: int):
    cycle = _shared(PDSACycle, request, pk, "change_idea__project__specialty")
    count, copies = library.reuses(cycle, request.user)
    return render(
        request,
        "improvement/shared_cycle.html",
        {
            **_context(request, cycle.change_idea.project),
            "cycle": cycle,
            "reuse_count": count,
            "copies": copies,
        },
    )


@login_required
def reuse_idea(request, pk: int):
    origin = _shared(DriverNode, request, pk, "project")
    if origin.kind != NodeKind.CHANGE_IDEA:
        raise Http404
    projects = library.target_projects(request.user)
    form = ReuseIdeaForm(request.POST if request.method == "POST" else None, projects=projects)
    if request.method == "POST" and form.is_valid():
        copy = library.copy_change_idea(origin, form.cleaned_data["parent"], request.user)
        messages.success(
            request, _("The change idea is copied into %(project)s.") % {"project": copy.project}
        )
        return redirect(copy)
    return render(
        request,
        "improvement/reuse_form.html",
        {"origin": origin, "form": form, "cancel_url": library.idea_url(origin)},
    )


@login_required
def reuse_cycle(request, pk: int):
    origin = _shared(PDSACycle, request, pk, "change_idea__project")
    projects = library.target_projects(request.user)
    form = ReuseCycleForm(request.POST if request.method == "POST" else None, projects=projects)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        copy = library.copy_cycle_plan(
            origin, data["change_idea"], request.user, data["planned_start"], data["planned_end"]
        )
        messages.success(request, _("The plan is copied into a new PDSA cycle."))
        return redirect(copy)
    return render(
        request,
        "improvement/reuse_form.html",
        {"origin": origin, "form": form, "cancel_url": library.cycle_url(origin)},
    )
