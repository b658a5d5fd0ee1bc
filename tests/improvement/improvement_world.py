"""Improvement objects for specialty A or B of the shared ``world`` (tests and the matrix)."""

import datetime
from types import SimpleNamespace

from django.urls import reverse

TODAY = datetime.date.today()


def build(owner, *, title="Færre genindlæggelser", chart_type="run"):
    """A project with a driver diagram, an overdue cycle, a measure and a point, owned by a
    specialty or a cluster initiative (``owner``)."""
    from clusters.models import Initiative
    from improvement.models import DataPoint, DriverNode, ImprovementProject, Measure, PDSACycle

    owned_by = "initiative" if isinstance(owner, Initiative) else "specialty"
    project = ImprovementProject.objects.create(
        **{owned_by: owner},
        title=title,
        aim_what="Genindlæggelser inden for 30 dage",
        aim_how_much="fra 18 % til 12 %",
        aim_by_when=datetime.date(2026, 12, 31),
        status="active",
    )
    primary = DriverNode.objects.create(project=project, kind="primary", title="Udskrivelse")
    secondary = DriverNode.objects.create(
        project=project, parent=primary, kind="secondary", title="Opfølgning"
    )
    idea = DriverNode.objects.create(
        project=project, parent=secondary, kind="change_idea", title="Telefonopkald dag 2"
    )
    cycle = PDSACycle.objects.create(
        change_idea=idea,
        title="Opkald til fem patienter",
        objective="Kan vi nå fem patienter på en uge?",
        planned_start=TODAY - datetime.timedelta(days=20),
        planned_end=TODAY - datetime.timedelta(days=6),
    )
    measure = Measure.objects.create(
        project=project,
        name="Genindlæggelser",
        kind="outcome",
        operational_definition="Andel genindlagt inden for 30 dage",
        unit="antal",
        direction="lower",
        frequency="month",
        chart_type=chart_type,
    )
    ratio = chart_type in {"p", "u"}
    point = DataPoint.objects.create(
        measure=measure,
        period=datetime.date(2025, 1, 1),
        value=None if ratio else 4,
        numerator=3 if ratio else None,
        denominator=20 if ratio else None,
    )
    return SimpleNamespace(
        project=project,
        primary=primary,
        secondary=secondary,
        idea=idea,
        cycle=cycle,
        measure=measure,
        point=point,
    )


def improvement_for(world, x: str):
    key = f"_improvement_{x}"
    if not hasattr(world, key):
        specialty = world.specialty_a if x == "A" else world.specialty_b
        setattr(world, key, build(specialty))
    return getattr(world, key)


def cluster_improvement_for(world, x: str):
    """A project of an initiative proposed by forum A or B of the cluster world: forum A's
    chair (owner_a) manages it, its member (lead_a) contributes."""
    from clusters.models import Initiative
    from tests.clusters.cluster_world import side

    key = f"_cluster_improvement_{x}"
    if not hasattr(world, key):
        forum = side(world, x).forum
        initiative = Initiative.objects.create(
            cluster=forum.cluster, proposed_by=forum, title="Sammenhængende forløb"
        )
        setattr(world, key, build(initiative, title="Færre akutte indlæggelser"))
    return getattr(world, key)


def _cluster_url(name, attr):
    return lambda w, x: reverse(name, args=[getattr(cluster_improvement_for(w, x), attr).pk])


def _url(name, attr):
    return lambda w, x: reverse(name, args=[getattr(improvement_for(w, x), attr).pk])


def _node_url(name, attr):
    return lambda w, x: reverse(
        name, args=[improvement_for(w, x).project.pk, getattr(improvement_for(w, x), attr).pk]
    )


#: URL builders for tests/permission_matrix.py.
URLS = {
    "improvement_specialty_projects": lambda w, x: reverse(
        "improvement_specialty_projects", args=[(w.specialty_a if x == "A" else w.specialty_b).slug]
    ),
    "improvement_project_create": lambda w, x: reverse(
        "improvement_project_create", args=[(w.specialty_a if x == "A" else w.specialty_b).slug]
    ),
    "improvement_project_detail": _url("improvement_project_detail", "project"),
    "improvement_project_update": _url("improvement_project_update", "project"),
    "improvement_project_delete": _url("improvement_project_delete", "project"),
    "improvement_driver_diagram": _url("improvement_driver_diagram", "project"),
    "improvement_node_update": _node_url("improvement_node_update", "secondary"),
    "improvement_node_move": _node_url("improvement_node_move", "primary"),
    "improvement_node_delete": _node_url("improvement_node_delete", "idea"),
    "improvement_pdsa_create": _node_url("improvement_pdsa_create", "idea"),
    "improvement_pdsa_detail": _url("improvement_pdsa_detail", "cycle"),
    "improvement_pdsa_update": _url("improvement_pdsa_update", "cycle"),
    "improvement_pdsa_next": _url("improvement_pdsa_next", "cycle"),
    "improvement_pdsa_delete": _url("improvement_pdsa_delete", "cycle"),
    "improvement_measure_create": _url("improvement_measure_create", "project"),
    "improvement_measure_detail": _url("improvement_measure_detail", "measure"),
    "improvement_measure_update": _url("improvement_measure_update", "measure"),
    "improvement_measure_delete": _url("improvement_measure_delete", "measure"),
    "improvement_measure_data": _url("improvement_measure_data", "measure"),
    "improvement_measure_import": _url("improvement_measure_import", "measure"),
    "improvement_measure_export": lambda w, x: reverse(
        "improvement_measure_export", args=[improvement_for(w, x).measure.pk, "csv"]
    ),
    # A cluster initiative's project (governed by the forum that proposed the initiative).
    "initiative_project_create": lambda w, x: reverse(
        "improvement_initiative_project_create",
        args=[cluster_improvement_for(w, x).project.initiative.pk],
    ),
    "initiative_project_detail": _cluster_url("improvement_project_detail", "project"),
    "initiative_project_update": _cluster_url("improvement_project_update", "project"),
    "initiative_pdsa_create": lambda w, x: reverse(
        "improvement_pdsa_create",
        args=[cluster_improvement_for(w, x).project.pk, cluster_improvement_for(w, x).idea.pk],
    ),
    "initiative_pdsa_update": _cluster_url("improvement_pdsa_update", "cycle"),
    "initiative_measure_detail": _cluster_url("improvement_measure_detail", "measure"),
    "initiative_measure_data": _cluster_url("improvement_measure_data", "measure"),
    "initiative_measure_export": lambda w, x: reverse(
        "improvement_measure_export", args=[cluster_improvement_for(w, x).measure.pk, "csv"]
    ),
}
