"""The PDF miniguides: per specialty and for the whole programme, in the shape of the BASS
miniguide (cover, "kort fortalt" on one page, contents, then the chapters).

The guides read the apps through their public query functions, like the dashboard does,
for every specialty at once: the programme guide costs the same number of queries for 12
specialties as for 40.

"Data pr." is the newest change (history row) of anything a guide prints; it is also the
guide's data version, so an export of unchanged data is served from the file already made
(bass.exports.request_export).
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bass.exports import ExportKind, register
from bass.models import Hospital, Municipality, Programme, ProgrammeChapter
from bass.text import html_to_text
from improvement.analysis import analyse, cycles_by_measure, prediction_results
from improvement.models import (
    CycleStatus,
    DataPoint,
    DriverNode,
    ImprovementProject,
    Measure,
    MeasurePhase,
    PDSACycle,
)
from improvement.queries import activity_by_specialty, driver_diagram_svg, driver_tree
from plans.models import Grant, Milestone, Phase, PhaseChange, Plan, Spending
from plans.queries import plan_overview, progress_by_specialty
from roles.kinds import KINDS
from roles.models import Person, RoleAssignment
from roles.permissions import can, sees_programme
from specialties.models import (
    Ambition,
    AmbitionKind,
    Dilemma,
    PopulationResponsibility,
    Specialty,
    StrengthPosition,
)
from specialties.queries import coverage_by_specialty
from sustainability.models import Assessment, PrismRating, Score
from sustainability.queries import latest_profiles, profile_chart, sustainability_chapter

# --- the programme's introduction, in the guide's language -------------------------------


@dataclass
class Intro:
    vision: str
    core_goals: str
    chapters: list[tuple[str, str]]
    #: True when some text exists only in Danish and is printed as it is (English guide).
    untranslated: bool = False

    @property
    def left(self) -> int:
        """How many chapters go in the left half (after the vision and core goals), so that
        the halves hold about as much text."""
        sizes = [len(title) + len(html_to_text(body)) for title, body in self.chapters]
        total = len(html_to_text(self.vision)) + len(html_to_text(self.core_goals)) + sum(sizes)
        filled = total - sum(sizes)
        for index, size in enumerate(sizes):
            if filled + size / 2 > total / 2:
                return index
            filled += size
        return len(sizes)


def programme_intro(programme: Programme | None, language: str) -> Intro:
    """The programme's vision, core goals and chapters in ``language``: the English texts
    where the guide is English and they are written, else the Danish ones."""
    if programme is None:
        return Intro("", "", [])
    english = language == "en"
    missing = False

    def pick(danish: str, translated: str) -> str:
        nonlocal missing
        if not english:
            return danish
        if translated:
            return translated
        missing = missing or bool(danish)
        return danish

    chapters = [
        (pick(c.title, c.title_en), pick(c.body, c.body_en)) for c in programme.chapters.all()
    ]
    return Intro(
        vision=pick(programme.vision, programme.vision_en),
        core_goals=pick(programme.core_goals, programme.core_goals_en),
        chapters=chapters,
        untranslated=missing,
    )


# --- one specialty ------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9“\"])")


def first_sentences(html: str, count: int = 2, limit: int = 420) -> str:
    """The first ``count`` sentences of rich text as plain text (at most ``limit``
    characters, cut at a word with an ellipsis)."""
    text = " ".join(html_to_text(html).split())
    if not text:
        return ""
    sentences = _SENTENCE_END.split(text)
    result = " ".join(sentences[:count])
    if len(result) > limit:
        result = result[: limit - 1].rsplit(" ", 1)[0] + " …"
    return result


@dataclass
class Summary:
    """ "<speciale> – kort fortalt": the one page a reader takes away."""

    ambition: str = ""
    ambition_is_draft: bool = False
    #: The professional ambition's first sentences (the programme guide prints both).
    professional: str = ""
    professional_is_draft: bool = False
    positions: list = field(default_factory=list)
    coverage: object = None
    coverage_share: float | None = None
    profile: object = None
    weakest: dict | None = None
    progress: object = None
    activity: object = None

    @property
    def signals_better(self) -> list:
        return [s for s in self.activity.signals if s.better] if self.activity else []

    @property
    def signals_worse(self) -> list:
        return [s for s in self.activity.signals if s.better is False] if self.activity else []

    @property
    def signals_unclear(self) -> list:
        return [s for s in self.activity.signals if s.better is None] if self.activity else []


def _weakest(profile) -> dict | None:
    if profile is None:
        return None
    rows = [r for r in profile.rows() if r["score"].mean is not None]
    if not rows:
        return None
    return min(rows, key=lambda r: r["score"].mean)


@dataclass
class Batch:
    """The data of the guide's specialties read together, a constant number of queries."""

    coverage: dict
    profiles: dict
    progress: dict
    activity: dict
    ambitions: dict
    dilemmas: dict
    roles: dict
    positions: dict


def read_batch(specialties: list[Specialty]) -> Batch:
    ids = [s.pk for s in specialties]
    ambitions: dict = defaultdict(dict)
    for ambition in Ambition.objects.filter(specialty_id__in=ids):
        ambitions[ambition.specialty_id][ambition.kind] = ambition
    dilemmas: dict = defaultdict(list)
    for dilemma in Dilemma.objects.filter(specialty_id__in=ids).order_by("pk"):
        dilemmas[dilemma.specialty_id].append(dilemma)
    roles: dict = defaultdict(list)
    assignments = (
        RoleAssignment.objects.current()
        .filter(content_type=ContentType.objects.get_for_model(Specialty), object_id__in=ids)
        .select_related("person__user", "person__employer")
        .order_by("kind", "person__user__last_name", "pk")
    )
    for a in assignments:
        roles[a.object_id].append(
            {"assignment": a, "key_tasks": KINDS[a.kind].key_tasks if a.kind in KINDS else ()}
        )
    positions: dict = defaultdict(list)
    rows = (
        StrengthPosition.objects.filter(specialty_id__in=ids)
        .select_related("hospital")
        .prefetch_related("municipalities")
        .order_by("hospital__name")
    )
    for p in rows:
        p.citizens = sum(m.population for m in p.municipalities.all())
        positions[p.specialty_id].append(p)
    return Batch(
        coverage=coverage_by_specialty(specialties),
        profiles=latest_profiles(ids),
        progress=progress_by_specialty(ids),
        activity=activity_by_specialty(ids),
        ambitions=ambitions,
        dilemmas=dilemmas,
        roles=roles,
        positions=positions,
    )


def has_content(batch: Batch, specialty: Specialty) -> bool:
    """A specialty has a guide's worth of content once an ambition has been written."""
    return any(
        a.approved_text or a.draft_text for a in batch.ambitions.get(specialty.pk, {}).values()
    )


def _ambitions(batch: Batch, specialty: Specialty) -> list[dict]:
    found = batch.ambitions.get(specialty.pk, {})
    dilemmas = batch.dilemmas.get(specialty.pk, [])
    result = []
    for kind, label in AmbitionKind.choices:
        ambition = found.get(kind)
        result.append(
            {
                "kind": kind,
                "label": label,
                "ambition": ambition,
                # The approved text is what the guide prints; a newer working draft is
                # marked, never printed in its place.
                "newer_draft": bool(
                    ambition and ambition.approved_text and ambition.has_unapproved_changes
                ),
                "dilemmas": [d for d in dilemmas if d.kind == kind],
            }
        )
    return result


def _in_brief(ambition) -> tuple[str, bool]:
    """The first sentences of the approved text, else of the draft (marked as a draft)."""
    if ambition is not None:
        if ambition.approved_text:
            return first_sentences(ambition.approved_text), False
        if ambition.draft_text:
            return first_sentences(ambition.draft_text), True
    return "", False


def _summary(batch: Batch, specialty: Specialty, ambitions: list[dict]) -> Summary:
    by_kind = {a["kind"]: a["ambition"] for a in ambitions}
    text, draft = _in_brief(by_kind.get(AmbitionKind.STRATEGIC))
    professional, professional_draft = _in_brief(by_kind.get(AmbitionKind.PROFESSIONAL))
    coverage = batch.coverage[specialty.pk]
    profile = batch.profiles.get(specialty.pk)
    return Summary(
        ambition=text,
        ambition_is_draft=draft,
        professional=professional,
        professional_is_draft=professional_draft,
        positions=batch.positions.get(specialty.pk, []),
        coverage=coverage,
        coverage_share=(
            coverage.covered_citizens / coverage.total_citizens if coverage.total_citizens else None
        ),
        profile=profile,
        weakest=_weakest(profile),
        progress=batch.progress[specialty.pk],
        activity=batch.activity[specialty.pk],
    )


def _improvement(specialty) -> list[dict]:
    projects = ImprovementProject.objects.filter(specialty=specialty).prefetch_related(
        "driver_nodes__cycles__measure_links__measure",
        "measures__data_points",
        "measures__phases",
        "measures__cycle_links",
    )
    labels = dict(CycleStatus.choices)
    result = []
    for project in projects:
        cycles = [c for n in project.driver_nodes.all() for c in n.cycles.all()]
        points = [p for m in project.measures.all() for p in m.data_points.all()]
        for cycle in cycles:
            own = list(cycle.measure_links.all())
            cycle.prediction_rows = prediction_results(cycle, own, points) if own else []
        linked = cycles_by_measure(
            cycles,
            [
                (link.measure_id, link.cycle_id)
                for m in project.measures.all()
                for link in m.cycle_links.all()
            ],
        )
        counts = {label: 0 for _value, label in CycleStatus.choices}
        for cycle in cycles:
            counts[labels[cycle.status]] += 1
        result.append(
            {
                "project": project,
                "tree": (tree := driver_tree(project, cycles)),
                "diagram": driver_diagram_svg(project, tree, fit=True),
                "cycle_counts": counts,
                "cycle_total": len(cycles),
                "recent_cycles": sorted(cycles, key=lambda c: (c.planned_start, c.pk))[-6:],
                "measures": [
                    {
                        "measure": m,
                        "analysis": analyse(
                            m, list(m.data_points.all()), linked[m.pk], phases=list(m.phases.all())
                        ),
                    }
                    for m in project.measures.all()
                ],
            }
        )
    return result


def specialty_section(batch: Batch, specialty: Specialty, *, full: bool) -> dict:
    ambitions = _ambitions(batch, specialty)
    section = {
        "specialty": specialty,
        "summary": _summary(batch, specialty, ambitions),
        "positions": batch.positions.get(specialty.pk, []),
        "coverage": batch.coverage[specialty.pk],
        "roles": batch.roles.get(specialty.pk, []),
        "ambitions": ambitions,
        # A chapter with nothing written yet flows on after the one before (.chapter.thin)
        # instead of taking a page for "not written yet".
        "has_ambition": has_content(batch, specialty),
        "full": full,
    }
    if full:
        profile = batch.profiles.get(specialty.pk)
        section["sustainability"] = (
            {
                "profile": profile,
                "chart": profile_chart(profile),
                # The trend of the three axes, the prism of rated work and its blind spots.
                **sustainability_chapter(specialty),
            }
            if profile
            else None
        )
        section["plan"] = plan_overview(specialty)
        section["improvement"] = _improvement(specialty)
    return section


def _stamps(data_stamp: datetime.datetime | None) -> dict:
    return {
        "generated_at": timezone.localtime(),
        "data_stamp": timezone.localtime(data_stamp) if data_stamp else None,
    }


def specialty_context(specialty: Specialty, language: str) -> dict:
    # Verdicts, chart titles and status words are made here, in the guide's language.
    with translation.override(language):
        return _specialty_context(specialty, language)


def _specialty_context(specialty: Specialty, language: str) -> dict:
    programme = Programme.current()
    batch = read_batch([specialty])
    return {
        "programme": programme,
        "intro": programme_intro(programme, language),
        "section": specialty_section(batch, specialty, full=True),
        **_stamps(specialty_data_stamp(specialty)),
    }


def _late_milestones(ids: list[int], on: datetime.date) -> list:
    return list(
        Milestone.objects.filter(plan__specialty_id__in=ids, due_date__lt=on)
        .exclude(status="done")
        .select_related("plan__specialty")
        .order_by("due_date", "pk")[:40]
    )


def programme_status(specialties: list[Specialty], batch: Batch) -> dict:
    """The dashboard's picture in print: who is behind, gaps, weak axes, signals, late
    milestones and money."""
    on = timezone.localdate()
    rows = []
    for s in specialties:
        coverage = batch.coverage[s.pk]
        profile = batch.profiles.get(s.pk)
        progress = batch.progress[s.pk]
        activity = batch.activity[s.pk]
        ambitions = batch.ambitions.get(s.pk, {})
        approved = sum(1 for a in ambitions.values() if a.approved_text)
        behind = []
        if approved < len(AmbitionKind.values):
            behind.append(_("ambition not approved"))
        if progress.late:
            behind.append(_("late milestones"))
        if not coverage.is_complete:
            behind.append(_("gaps in coverage"))
        if profile is None:
            behind.append(_("no assessment"))
        rows.append(
            {
                "specialty": s,
                "coverage": coverage,
                "profile": profile,
                "weakest": _weakest(profile),
                "progress": progress,
                "activity": activity,
                "approved": approved,
                "behind": behind,
            }
        )
    by_reason: dict = {}
    for r in rows:
        for reason in r["behind"]:
            by_reason.setdefault(reason, []).append(r["specialty"])
    total_granted = sum(r["progress"].granted for r in rows)
    total_spent = sum(r["progress"].spent for r in rows)
    return {
        "rows": rows,
        "behind": [r for r in rows if r["behind"]],
        # One line per reason with the specialties it holds back: the print's picture of
        # who is behind on what, a few lines however many specialties there are.
        "behind_by_reason": list(by_reason.items()),
        "gaps": [r for r in rows if not r["coverage"].is_complete],
        "weak": [r for r in rows if r["profile"] is not None and r["profile"].attention],
        "signals": [r for r in rows if r["activity"].signals],
        "late_milestones": _late_milestones([s.pk for s in specialties], on),
        "money": [r for r in rows if r["progress"].granted or r["progress"].spent],
        "granted": total_granted,
        "spent": total_spent,
        "share_spent": float(total_spent / total_granted) if total_granted else None,
        "milestones_total": sum(r["progress"].milestones_total for r in rows),
        "milestones_done": sum(r["progress"].milestones_done for r in rows),
        "milestones_late": sum(r["progress"].late for r in rows),
    }


def programme_context(programme: Programme, language: str) -> dict:
    with translation.override(language):
        return _programme_context(programme, language)


def _programme_context(programme: Programme, language: str) -> dict:
    specialties = list(Specialty.objects.order_by("name"))
    batch = read_batch(specialties)
    hospitals = list(Hospital.objects.filter(is_acute=True).order_by("name"))
    held = {(p.specialty_id, p.hospital_id) for ps in batch.positions.values() for p in ps}
    # One row per hospital with its specialties' strength positions: 12 rows, where a
    # specialty-by-hospital grid of 40 x 12 cells cost more to lay out than 10 pages of text.
    by_hospital = [
        {"hospital": h, "specialties": [s for s in specialties if (s.pk, h.pk) in held]}
        for h in hospitals
    ]
    with_content = [s for s in specialties if has_content(batch, s)]
    return {
        "programme": programme,
        "intro": programme_intro(programme, language),
        "status": programme_status(specialties, batch),
        # One spread per specialty with content; the rest in one table.
        "sections": [specialty_section(batch, s, full=False) for s in with_content],
        "without_content": [
            {
                "specialty": s,
                "positions": batch.positions.get(s.pk, []),
                "roles": [
                    r
                    for r in batch.roles.get(s.pk, [])
                    if r["assignment"].kind in ("specialty_owner", "implementation_lead")
                ],
                "progress": batch.progress[s.pk],
            }
            for s in specialties
            if s not in with_content
        ],
        "hospitals": hospitals,
        "by_hospital": by_hospital,
        **_stamps(programme_data_stamp(programme)),
    }


# --- "Data pr.": the newest change of anything the guide prints --------------------------


def _newest(*querysets) -> datetime.datetime | None:
    dates = [qs.aggregate(latest=Max("history_date"))["latest"] for qs in querysets]
    return max((d for d in dates if d is not None), default=None)


def specialty_data_stamp(specialty) -> datetime.datetime | None:
    """The time of the newest change to anything the specialty's guide prints.

    History rows outlive their objects, so a deleted milestone, measure or cycle moves the
    stamp too; children are found through the history of their parents for that reason.
    """
    sid = specialty.pk
    positions = StrengthPosition.history.filter(specialty_id=sid).values("id")
    assessments = Assessment.history.filter(specialty_id=sid).values("id")
    plans = Plan.history.filter(specialty_id=sid).values("id")
    grants = Grant.history.filter(specialty_id=sid).values("id")
    projects = ImprovementProject.history.filter(specialty_id=sid).values("id")
    nodes = DriverNode.history.filter(project_id__in=projects).values("id")
    measures = Measure.history.filter(project_id__in=projects).values("id")
    roles = RoleAssignment.history.filter(
        content_type=ContentType.objects.get_for_model(Specialty), object_id=sid
    )
    people = Person.history.filter(id__in=roles.values("person_id"))
    return _newest(
        Programme.history.all(),
        ProgrammeChapter.history.all(),
        Municipality.history.all(),
        Hospital.history.all(),
        Specialty.history.filter(id=sid),
        StrengthPosition.history.filter(specialty_id=sid),
        PopulationResponsibility.history.filter(strength_position_id__in=positions),
        roles,
        people,
        Ambition.history.filter(specialty_id=sid),
        Dilemma.history.filter(specialty_id=sid),
        Assessment.history.filter(specialty_id=sid),
        Score.history.filter(assessment_id__in=assessments),
        PrismRating.history.filter(specialty_id=sid),
        Phase.history.all(),  # the phases' names (an English name written in the admin)
        PhaseChange.history.filter(specialty_id=sid),
        Plan.history.filter(specialty_id=sid),
        Milestone.history.filter(plan_id__in=plans),
        Grant.history.filter(specialty_id=sid),
        Spending.history.filter(grant_id__in=grants),
        ImprovementProject.history.filter(specialty_id=sid),
        DriverNode.history.filter(project_id__in=projects),
        PDSACycle.history.filter(change_idea_id__in=nodes),
        Measure.history.filter(project_id__in=projects),
        DataPoint.history.filter(measure_id__in=measures),
        MeasurePhase.history.filter(measure_id__in=measures),
    )


PROGRAMME_MODELS = (
    Programme,
    ProgrammeChapter,
    Municipality,
    Hospital,
    Specialty,
    StrengthPosition,
    PopulationResponsibility,
    RoleAssignment,
    Person,
    Ambition,
    Dilemma,
    Assessment,
    Score,
    Phase,
    PhaseChange,
    Milestone,
    Grant,
    Spending,
    ImprovementProject,
    Measure,
    DataPoint,
    MeasurePhase,
    PDSACycle,
)


def programme_data_stamp(programme) -> datetime.datetime | None:
    """The newest change to anything the programme guide prints (one index look-up per
    model: MAX over the indexed history_date)."""
    return _newest(*(model.history.all() for model in PROGRAMME_MODELS))


def _version(stamp: datetime.datetime | None) -> str:
    return stamp.astimezone(datetime.UTC).isoformat(timespec="microseconds") if stamp else ""


def specialty_data_version(specialty) -> str:
    return _version(specialty_data_stamp(specialty))


def programme_data_version(programme) -> str:
    return _version(programme_data_stamp(programme))


def _sees_every_specialty(user, programme) -> bool:
    return sees_programme(user)


SPECIALTY_GUIDE = ExportKind(
    key="specialty_miniguide",
    label=gettext_lazy("Specialty miniguide"),
    model="specialties.specialty",
    template="pdf/specialty_miniguide.html",
    build_context=specialty_context,
    allowed=lambda user, specialty: can(user, "view", specialty),
    data_version=specialty_data_version,
    filename=lambda specialty, language: f"miniguide-{specialty.slug}-{language}",
    reuse_unchanged=True,
)

PROGRAMME_GUIDE = ExportKind(
    key="programme_miniguide",
    label=gettext_lazy("Programme miniguide"),
    model="bass.programme",
    template="pdf/programme_miniguide.html",
    build_context=programme_context,
    allowed=_sees_every_specialty,
    data_version=programme_data_version,
    filename=lambda programme, language: f"miniguide-{programme.short_name}-{language}",
    reuse_unchanged=True,
    # Rendered in the background whenever its data change (bass.exports.prerender_exports):
    # at full scale it takes seconds, and everyone with the programme in view asks for it.
    prerender=lambda: [p for p in [Programme.current()] if p is not None],
)

register(SPECIALTY_GUIDE)
register(PROGRAMME_GUIDE)
