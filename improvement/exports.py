"""The project report: one improvement project as a PDF for a meeting (aim, team, driver
diagram, every PDSA cycle with its predictions and results, the measures' charts)."""

import datetime
from collections import defaultdict

from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from bass.exports import ExportKind, register
from improvement.analysis import analyse, cycles_by_measure, prediction_results
from improvement.models import (
    CycleMeasure,
    DataPoint,
    DriverNode,
    ImprovementProject,
    Measure,
    MeasurePhase,
    PDSACycle,
)
from improvement.queries import driver_tree
from roles.models import RoleAssignment
from roles.permissions import can


def project_report_context(project: ImprovementProject, language: str) -> dict:
    # The charts' verdicts are written here, in the report's language.
    with translation.override(language):
        return _context(project)


def _context(project: ImprovementProject) -> dict:
    cycles = list(
        PDSACycle.objects.filter(change_idea__project=project)
        .select_related("change_idea")
        .order_by("planned_start", "pk")
    )
    points = defaultdict(list)
    for point in DataPoint.objects.filter(measure__project=project).order_by("period"):
        points[point.measure_id].append(point)
    links = list(
        CycleMeasure.objects.filter(measure__project=project)
        .select_related("measure")
        .order_by("measure__name", "pk")
    )
    all_points = [p for measure_points in points.values() for p in measure_points]
    for cycle in cycles:
        own = [link for link in links if link.cycle_id == cycle.pk]
        cycle.prediction_rows = prediction_results(cycle, own, all_points) if own else []
    linked = cycles_by_measure(cycles, [(link.measure_id, link.cycle_id) for link in links])
    measures = [
        {
            "measure": m,
            "analysis": analyse(m, points[m.pk], linked[m.pk], phases=list(m.phases.all())),
        }
        for m in project.measures.prefetch_related("phases")
    ]
    team = (
        RoleAssignment.objects.current()
        .on_object(project.team_object)
        .select_related("person__user")
        .order_by("kind", "person__user__first_name")
    )
    stamp = project_data_stamp(project)
    return {
        "project": project,
        "team": list(team),
        "tree": driver_tree(project, cycles),
        "cycles": cycles,
        "measures": measures,
        "generated_at": timezone.localtime(),
        "data_stamp": timezone.localtime(stamp) if stamp else None,
    }


def project_data_stamp(project: ImprovementProject) -> datetime.datetime | None:
    """The newest change to anything the report prints (history outlives deleted rows)."""
    nodes = DriverNode.history.filter(project_id=project.pk).values("id")
    measures = Measure.history.filter(project_id=project.pk).values("id")
    team = project.team_object
    querysets = [
        ImprovementProject.history.filter(id=project.pk),
        DriverNode.history.filter(project_id=project.pk),
        PDSACycle.history.filter(change_idea_id__in=nodes),
        CycleMeasure.history.filter(measure_id__in=measures),
        Measure.history.filter(project_id=project.pk),
        DataPoint.history.filter(measure_id__in=measures),
        MeasurePhase.history.filter(measure_id__in=measures),
        RoleAssignment.history.filter(
            content_type__app_label=team._meta.app_label,
            content_type__model=team._meta.model_name,
            object_id=team.pk,
        ),
    ]
    dates = [qs.aggregate(latest=Max("history_date"))["latest"] for qs in querysets]
    return max((d for d in dates if d is not None), default=None)


def _data_version(project: ImprovementProject) -> str:
    stamp = project_data_stamp(project)
    return stamp.astimezone(datetime.UTC).isoformat(timespec="microseconds") if stamp else ""


PROJECT_REPORT = ExportKind(
    key="improvement_project_report",
    label=_("Project report"),
    model="improvement.improvementproject",
    template="pdf/project_report.html",
    build_context=project_report_context,
    allowed=lambda user, project: can(user, "view", project),
    data_version=_data_version,
    filename=lambda project, language: f"projektrapport-{project.pk}-{language}",
    reuse_unchanged=True,
)

register(PROJECT_REPORT)
