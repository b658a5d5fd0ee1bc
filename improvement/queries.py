"""What other apps may read of the improvement work: activity and run-chart signals per
specialty (the programme dashboard), overdue PDSA cycles (reminders, the home page) and a
project's driver diagram as a tree (pages and the miniguide).
Each function costs a constant number of queries whatever the data size.
"""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bass import formatting
from bass.diagrams import Box, driver_diagram
from bass.history import newest_history_ids
from bass.waiting import Waiting, WaitingGroup, group
from improvement import spc
from improvement.library import library_entries as library_entries
from improvement.library import library_keys as library_keys
from improvement.library import progress_by_specialty as progress_by_specialty
from improvement.models import (
    RATIO_CHARTS,
    ActDecision,
    DataPoint,
    Direction,
    ImprovementProject,
    Measure,
    MeasureKind,
    MeasurePhase,
    NodeKind,
    NodeMeasure,
    PDSACycle,
    ProgressScore,
)
from roles.permissions import restrict


@dataclass
class MeasureSignal:
    measure_id: int
    name: str
    better: bool | None  # True: the shift is in the direction of improvement


@dataclass
class Activity:
    active_cycles: int = 0
    overdue_cycles: int = 0
    signals: list[MeasureSignal] = field(default_factory=list)

    @property
    def better(self) -> int:
        return sum(1 for s in self.signals if s.better)

    @property
    def worse(self) -> int:
        return sum(1 for s in self.signals if s.better is False)


def activity_by_specialty(
    specialties: Iterable, on: datetime.date | None = None
) -> dict[int, Activity]:
    """Active and overdue PDSA cycles and measures whose run chart signals, per specialty.

    Four queries whatever the number of cycles, measures and data points, plus three more
    to read the data when it changed since the last call (see ``_signals``).
    """
    on = on or timezone.localdate()
    ids = [getattr(s, "pk", s) for s in specialties]
    result = {pk: Activity() for pk in ids}
    # Active: no Act decision yet. Overdue: active, planned end passed, no Study.
    counts = (
        PDSACycle.objects.filter(change_idea__project__specialty_id__in=ids, act_decision="")
        .values_list("change_idea__project__specialty_id")
        .annotate(
            active=Count("pk"),
            overdue=Count("pk", filter=Q(planned_end__lt=on, study_results="", study_learning="")),
        )
        .order_by()
    )
    for specialty_id, active, overdue in counts:
        result[specialty_id].active_cycles = active
        result[specialty_id].overdue_cycles = overdue
    signals = _signals()
    for specialty_id in ids:
        result[specialty_id].signals = signals.get(specialty_id, [])
    return result


def _fingerprint() -> tuple:
    """Changes whenever a project, measure, data point or phase is added, changed or
    deleted (one query of index look-ups, however many data points there are)."""
    return newest_history_ids((ImprovementProject, Measure, DataPoint, MeasurePhase))


def _signals() -> dict[int, list[MeasureSignal]]:
    """Measures whose run chart signals in its current phase, per specialty id, for the
    whole programme.

    The chart is split at the measure's phases and its median frozen after the measure's
    baseline, as on the measure page; the last phase decides. Reading every data point
    costs tens of milliseconds at regional scale, so the result is cached until the data
    change (one query of index look-ups tells). Callers pick the specialties they may show.
    """
    fingerprint = repr(_fingerprint()).encode()
    key = "improvement-signals-" + hashlib.sha1(fingerprint).hexdigest()  # noqa: S324
    cached = cache.get(key)
    if cached is not None:
        return cached
    measures = {m.pk: m for m in Measure.objects.select_related("project")}
    series: dict[int, list[float]] = defaultdict(list)
    periods: dict[int, list[datetime.date]] = defaultdict(list)
    points = DataPoint.objects.order_by("measure_id", "period").values_list(
        "measure_id", "period", "value", "numerator", "denominator"
    )
    for measure_id, period, value, numerator, denominator in points:
        if measures[measure_id].chart_type in RATIO_CHARTS:
            if numerator is not None and denominator:
                series[measure_id].append(numerator / denominator)
                periods[measure_id].append(period)
        elif value is not None:
            series[measure_id].append(value)
            periods[measure_id].append(period)
    changes: dict[int, list[datetime.date]] = defaultdict(list)
    for measure_id, starts_on in MeasurePhase.objects.values_list("measure_id", "starts_on"):
        changes[measure_id].append(starts_on)
    signals: dict[int, list[MeasureSignal]] = defaultdict(list)
    for measure_id, values in series.items():
        measure = measures[measure_id]
        chart = spc.chart_phases(
            "run",
            values,
            starts=spc.phase_starts(periods[measure_id], changes.get(measure_id, ())),
            baseline=measure.baseline_points,
        )
        analysis = chart.last.run_chart
        if not analysis.signal:
            continue
        better = None
        if analysis.direction is not None:
            better = (analysis.direction == "up") == (measure.direction == Direction.HIGHER)
        signals[measure.project.specialty_id].append(
            MeasureSignal(measure_id, measure.name, better)
        )
    signals = dict(signals)
    # A save that commits after a later-numbered one could leave the newest id unchanged;
    # the short lifetime bounds how long such a rare race can show an old answer.
    cache.set(key, signals, timeout=60)
    return signals


def overdue_cycles(
    user, on: datetime.date | None = None, action: str = "change"
) -> QuerySet[PDSACycle]:
    """Overdue PDSA cycles (planned end passed, no Study) in projects where ``user`` may
    ``action`` ("change": manages the project; "contribute": works on its cycles too).

    Two queries' worth of permission checking whatever the number of cycles; the rows come
    with their change idea, project and owner.
    """
    cycles = (
        PDSACycle.objects.overdue(on)
        .select_related(
            "change_idea__project__specialty", "change_idea__project__initiative__proposed_by"
        )
        .order_by("planned_end", "pk")
    )
    return restrict(cycles, user, action)


def waiting_for(user, on: datetime.date | None = None) -> list[WaitingGroup]:
    """PDSA cycles past their planned end without a Study, in projects ``user`` works on."""
    on = on or timezone.localdate()
    return [
        group(
            "cycle_overdue",
            _("PDSA cycles waiting for their Study"),
            overdue_cycles(user, on, "contribute"),
            lambda c: Waiting(
                f"{c.title} ({c.change_idea.project.owner_name()})",
                _("The planned end has passed without a Study"),
                c.planned_end,
                c.get_absolute_url(),
            ),
        )
    ]


def driver_tree(project: ImprovementProject, cycles: list[PDSACycle] | None = None) -> list:
    """The project's driver diagram as a tree: primary drivers with their secondary drivers
    and change ideas, secondary drivers with their change ideas; for the diagram page, the
    project page and the miniguide.

    Each entry is {"node", "children", "cycles", "measures"}; ``cycles`` (the project's PDSA
    cycles) are attached to their change ideas. Two queries (boxes with their owners, and
    their measures) whatever the size of the diagram.
    """
    nodes = list(
        project.driver_nodes.select_related("owner__user").prefetch_related(
            Prefetch("measure_links", queryset=NodeMeasure.objects.select_related("measure"))
        )
    )
    by_parent = defaultdict(list)
    for node in nodes:
        by_parent[node.parent_id].append(node)
    cycles_by_idea = defaultdict(list)
    for cycle in cycles or []:
        cycles_by_idea[cycle.change_idea_id].append(cycle)

    def branch(node):
        return {
            "node": node,
            "children": [branch(child) for child in by_parent.get(node.pk, [])],
            "cycles": cycles_by_idea.get(node.pk, []),
            "measures": [link.measure for link in node.measure_links.all()],
        }

    return [branch(node) for node in by_parent.get(None, [])]


# --- the read API (api/) ----------------------------------------------------------------


def api_measures(user) -> QuerySet:
    """Measures ``user`` may see, with their project; their points come from ``points_of``."""
    return (
        restrict(Measure.objects.all(), user)
        .select_related("project__specialty")
        .order_by("project_id", "pk")
    )


def points_of(measure_ids: list[int]) -> dict[int, list[dict]]:
    """The data points of the measures, oldest first, as plain dicts (period, value,
    numerator, denominator): one query, and no model instance for each of the thousands of
    points a page of the API carries."""
    points: dict[int, list[dict]] = defaultdict(list)
    rows = (
        DataPoint.objects.filter(measure_id__in=measure_ids)
        .order_by("measure_id", "period")
        .values_list("measure_id", "period", "value", "numerator", "denominator")
    )
    for measure_id, period, value, numerator, denominator in rows:
        points[measure_id].append(
            {
                "period": period.isoformat(),
                "value": value,
                "numerator": numerator,
                "denominator": denominator,
            }
        )
    return points


def signals_by_measure() -> dict[int, MeasureSignal]:
    """The run-chart signal of every measure that signals in its current phase (cached as
    for the dashboard); callers show only the measures the user may see."""
    return {s.measure_id: s for signals in _signals().values() for s in signals}


def api_cycles(user) -> QuerySet:
    """PDSA cycles ``user`` may see, with their project."""
    return (
        restrict(PDSACycle.objects.all(), user)
        .select_related("change_idea__project__specialty")
        .order_by("change_idea__project_id", "planned_start", "pk")
    )


# --- the programme library (improvement/library.py) ---------------------------------------

OUTCOME_CHOICES = ActDecision.choices
PROGRESS_SCORES = ProgressScore.choices


def projects_with_signal(signal: str) -> list[int]:
    """The ids of the projects with a measure whose run chart signals improvement
    (``signal`` "better") or deterioration ("worse"), whole programme (callers restrict)."""
    wanted = signal == "better"
    measure_ids = [
        s.measure_id for signals in _signals().values() for s in signals if s.better is wanted
    ]
    return list(Measure.objects.filter(pk__in=measure_ids).values_list("project_id", flat=True))


@dataclass
class WallRow:
    """One measure on the measure wall: what the row shows and the export holds."""

    pk: int
    name: str
    kind: str
    kind_label: str
    owner: str
    specialty: str
    hospital: str
    cluster: str
    sparkline: str
    variation: str | None
    assurance: str | None
    headline: str
    latest: float | None
    latest_label: str
    target: float | None
    unit: str
    centre: float | None
    lcl: float | None
    ucl: float | None
    n: int
    signals: int
    rule_set: str

    @property
    def url(self) -> str:
        # Made when shown: a page shows 50 of the 300 rows.
        return reverse("improvement_measure_detail", args=[self.pk])


#: How long the wall's analyses are trusted without a change in the fingerprint: a save
#: that commits after a later-numbered one could leave the newest history id unchanged.
WALL_CACHE_SECONDS = 60


def _wall_summary(measure: Measure, points: list[DataPoint], phases: list) -> dict:
    """The parts of a measure's analysis the wall shows (and its export holds)."""
    from bass.charts import sparkline
    from improvement.analysis import analyse

    analysis = analyse(measure, points, (), phases=phases)
    values = [r.value for r in analysis.rows][-24:]
    flagged = [i for i, r in enumerate(analysis.rows[-24:]) if r.flagged]
    return {
        "sparkline": sparkline(
            values,
            title=measure.name,
            desc=analysis.headline,
            centre=analysis.centre,
            lcl=analysis.lcl_now if analysis.has_limits else None,
            ucl=analysis.ucl_now if analysis.has_limits else None,
            highlight=flagged,
        ),
        "variation": analysis.variation,
        "assurance": analysis.assurance,
        "headline": analysis.headline,
        "latest": analysis.latest,
        "latest_label": analysis.latest_label,
        "unit": analysis.unit,
        "centre": analysis.centre,
        "lcl": analysis.lcl_now,
        "ucl": analysis.ucl_now,
        "n": analysis.n,
        "signals": sum(1 for r in analysis.rows if r.flagged),
        "rule_set": analysis.rule_set,
    }


#: The measure's fields that its analysis reads (the chart settings and the sparkline's
#: title): a change to one of them gives the measure a new content hash.
_WALL_MEASURE_FIELDS = (
    "pk",
    "name",
    "chart_type",
    "rule_set",
    "direction",
    "target",
    "unit",
    "frequency",
    "baseline_points",
)


def _wall_summaries() -> dict[int, dict]:
    """Every measure's wall summary (measure id -> summary), whole programme; callers show
    the measures the person may see.

    Kept in the cache under the newest history id of measures, data points and phases
    (one query of index look-ups), so an unchanged programme costs no analysis and no
    reading of data points, and a changed point, phase, baseline or measure shows at once.
    When that changes, every measure's content (its chart settings, points and phases) is
    read as plain values and hashed, and only the measures whose hash differs from the
    previous answer are analysed again. At full scale (300 measures x 60 points) this
    brings the wall from 788 ms to about 45 ms while nothing changes and 150-170 ms on the
    first request after a change (tests/bench/run.py). One cache entry per language and
    fingerprint, so a small local-memory cache does not evict measures one by one."""
    from django.utils.translation import get_language

    language = get_language()
    fingerprint = repr(newest_history_ids((Measure, DataPoint, MeasurePhase)))
    key = (
        "improvement-wall-"
        + hashlib.sha1(  # noqa: S324 - a cache key
            f"{language}|{fingerprint}".encode()
        ).hexdigest()
    )
    cached = cache.get(key)
    if cached is not None:
        return cached
    previous_key = f"improvement-wall-last-{language}"
    previous: dict[int, tuple[str, dict]] = cache.get(previous_key) or {}

    measures = {m.pk: m for m in Measure.objects.order_by()}
    rows: dict[int, list[tuple]] = defaultdict(list)
    for row in (
        DataPoint.objects.order_by("measure_id", "period")
        .values_list("measure_id", "pk", "period", "value", "numerator", "denominator", "note")
        .iterator(chunk_size=5000)
    ):
        rows[row[0]].append(row[1:])
    phases: dict[int, list[tuple]] = defaultdict(list)
    for measure_id, pk, starts_on, title in MeasurePhase.objects.order_by(
        "measure_id", "starts_on"
    ).values_list("measure_id", "pk", "starts_on", "title"):
        phases[measure_id].append((pk, starts_on, title))

    current: dict[int, tuple[str, dict]] = {}
    for measure_id, measure in measures.items():
        content = repr(
            (
                [getattr(measure, name) for name in _WALL_MEASURE_FIELDS],
                rows.get(measure_id, []),
                phases.get(measure_id, []),
            )
        ).encode()
        digest = hashlib.sha256(content).hexdigest()
        known = previous.get(measure_id)
        if known is not None and known[0] == digest:
            current[measure_id] = known
            continue
        points = [
            DataPoint(
                pk=pk,
                measure=measure,
                period=period,
                value=value,
                numerator=numerator,
                denominator=denominator,
                note=note,
            )
            for pk, period, value, numerator, denominator, note in rows.get(measure_id, [])
        ]
        measure_phases = [
            MeasurePhase(pk=pk, measure=measure, starts_on=starts_on, title=title)
            for pk, starts_on, title in phases.get(measure_id, [])
        ]
        current[measure_id] = (digest, _wall_summary(measure, points, measure_phases))
    cache.set(previous_key, current, timeout=24 * 3600)
    summaries = {measure_id: summary for measure_id, (_d, summary) in current.items()}
    cache.set(key, summaries, timeout=WALL_CACHE_SECONDS)
    return summaries


def measure_wall(user) -> list[WallRow]:
    """Every measure ``user`` may see, with its sparkline, variation and assurance icons,
    latest value and target: the measure wall of the whole programme.

    The measures with their owners as plain values and the permission check, plus one
    query of index look-ups for the cached analyses (``_wall_summaries``), whatever the
    number of measures and points. 300 rows are read as values, not model instances, and
    each label is translated once (the rows cost a third of the page otherwise)."""
    measures = (
        restrict(Measure.objects.all(), user, "view")
        .order_by("name", "pk")
        .values_list(
            "pk",
            "name",
            "kind",
            "target",
            "project__specialty__name",
            "project__initiative__title",
            "project__initiative__cluster__name",
            "project__strength_position__hospital__name",
        )
    )
    measures = list(measures)
    summaries = _wall_summaries()
    kinds = {value: str(label) for value, label in MeasureKind.choices}
    rows = []
    for pk, name, kind, target, specialty, initiative, cluster, hospital in measures:
        summary = summaries.get(pk)
        if summary is None:  # created after the summaries were read: analysed alone
            measure = Measure.objects.get(pk=pk)
            summary = _wall_summary(
                measure, list(measure.data_points.order_by("period")), list(measure.phases.all())
            )
        if specialty is not None:
            owner = specialty
        else:
            owner = _("%(initiative)s (cluster initiative)") % {"initiative": initiative}
        rows.append(
            WallRow(
                pk=pk,
                name=name,
                kind=kind,
                kind_label=kinds.get(kind, kind),
                owner=owner,
                specialty=specialty or "",
                hospital=hospital or "",
                cluster=cluster or "",
                target=target,
                **summary,
            )
        )
    return rows


def driver_diagram_svg(project: ImprovementProject, tree: list, *, fit: bool = False) -> str:
    """The driver diagram drawn left to right (aim, primary drivers, secondary drivers,
    change ideas) as one SVG for pages and PDFs; ``fit`` scales it to the width of the page
    (PDFs) instead of its natural width (pages, in a box that scrolls sideways)."""

    def box(item) -> Box:
        node = item["node"]
        details = []
        if node.owner_id:
            details.append(
                _("Owner: %(name)s") % {"name": node.owner.user.get_full_name() or str(node.owner)}
            )
        if item["measures"]:
            details.append(_("Measures: %(count)s") % {"count": len(item["measures"])})
        if item["cycles"]:
            details.append(_("PDSA cycles: %(count)s") % {"count": len(item["cycles"])})
        return Box(
            kind=node.kind,
            kind_label=str(node.get_kind_display()),
            title=node.title,
            description=node.description,
            details=details,
            children=[box(child) for child in item["children"]],
        )

    aim = Box(
        kind="aim",
        kind_label=str(_("Aim")),
        title=project.aim_what,
        description=f"{project.aim_how_much} "
        + _("by %(date)s") % {"date": formatting.date(project.aim_by_when)},
        details=[],
        children=[box(item) for item in tree],
    )
    return driver_diagram(
        aim,
        columns=[str(_("Aim")), *(str(label) for _value, label in NodeKind.choices)],
        title=_("Driver diagram: %(title)s") % {"title": project.title},
        desc=_(
            "The aim on the left, then primary drivers, secondary drivers and change ideas, "
            "joined by lines. The same content follows as a list."
        ),
        fit=fit,
    )
