"""The programme dashboard: the state of every specialty, read through the apps' public
query functions in a constant number of queries."""

import collections
import dataclasses
import datetime
import functools
import hashlib
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from bass.history import TrackedModel, newest_history_ids
from improvement.queries import activity_by_specialty
from plans.queries import progress_by_specialty
from roles.models import RoleAssignment
from roles.permissions import permission_condition, restrict, routes, target_model
from specialties.models import (
    Ambition,
    AmbitionKind,
    AmbitionStatus,
    Specialty,
    StrengthPosition,
)
from specialties.queries import ambition_status, coverage_by_specialty
from sustainability.queries import blind_spots_by_specialty, latest_profiles

ONE_HOLDER = ("specialty_owner", "implementation_lead")


@dataclass
class Row:
    specialty: Specialty
    owner: object
    lead: object
    hospitals: set
    coverage: object
    ambitions: dict
    profile: object
    activity: object
    progress: object
    last_change: datetime.datetime | None
    #: Rated work with an axis not considered or expected to worsen (the prism).
    blind_spots: list = dataclasses.field(default_factory=list)

    @property
    def behind_plan(self) -> bool:
        return bool(self.progress.late or self.progress.at_risk)

    @property
    def coverage_gap(self) -> bool:
        return not self.coverage.is_complete

    @property
    def weak_axis(self) -> bool:
        return bool(self.profile and self.profile.attention)

    @property
    def has_signal(self) -> bool:
        return bool(self.activity.signals)

    @property
    def waiting_approval(self) -> int:
        return sum(1 for a in self.ambitions.values() if a.status == AmbitionStatus.SUBMITTED)


# The tiles above the table: what each counts among the rows, and the ?vis= value that
# narrows the table to the rows it counts.
TILE_FILTERS = {
    "bagud": lambda r: r.behind_plan,
    "daekning": lambda r: r.coverage_gap,
    "baeredygtighed": lambda r: r.weak_axis,
    "signaler": lambda r: r.has_signal,
    "forsinket": lambda r: bool(r.progress.late),
    "midler": lambda r: bool(r.progress.granted),
    "godkendelse": lambda r: bool(r.waiting_approval),
    "blinde": lambda r: bool(r.blind_spots),
}


@dataclass
class Summary:
    behind_plan: int = 0
    coverage_gaps: int = 0
    uncovered_citizens: int = 0
    weak_axis: int = 0
    with_signals: int = 0
    better: int = 0
    worse: int = 0
    late_milestones: int = 0
    late_specialties: int = 0
    granted: object = 0
    spent: object = 0
    funded: int = 0
    waiting_approvals: int = 0
    with_blind_spots: int = 0


def summary(rows: list[Row]) -> Summary:
    """The counts of the tiles (no queries: the rows hold them)."""
    total = Summary()
    for r in rows:
        total.behind_plan += r.behind_plan
        if r.coverage_gap:
            total.coverage_gaps += 1
            total.uncovered_citizens += r.coverage.uncovered_citizens
        total.weak_axis += r.weak_axis
        if r.has_signal:
            total.with_signals += 1
            total.better += r.activity.better
            total.worse += r.activity.worse
        total.late_milestones += r.progress.late
        total.late_specialties += bool(r.progress.late)
        total.granted += r.progress.granted
        total.spent += r.progress.spent
        total.funded += bool(r.progress.granted)
        total.waiting_approvals += r.waiting_approval
        total.with_blind_spots += bool(r.blind_spots)
    return total


@dataclass(frozen=True)
class AmbitionCell:
    """An ambition's state as the table writes it: an icon and a text that says the same."""

    icon: str
    text: str
    css: str


def ambition_cell(state) -> AmbitionCell:
    """The cell of one ambition. An approved text stays in force while a new draft is being
    written or waits for the steering group: "Godkendt – ny kladde i gang"."""
    if state.status is None:
        return AmbitionCell("○", _("Not written yet"), "status-none")
    if state.has_approved_text and state.status != AmbitionStatus.APPROVED:
        if state.status == AmbitionStatus.SUBMITTED:
            return AmbitionCell("✓", _("Approved – new version submitted"), "status-ok")
        if state.status == AmbitionStatus.RETURNED:
            return AmbitionCell("✓", _("Approved – new version returned"), "status-ok")
        return AmbitionCell("✓", _("Approved – new draft in progress"), "status-ok")
    icons = {
        AmbitionStatus.APPROVED: ("✓", "status-ok"),
        AmbitionStatus.SUBMITTED: ("→", "status-wait"),
        AmbitionStatus.RETURNED: ("↩", "status-warn"),
        AmbitionStatus.DRAFT: ("✎", "status-draft"),
    }
    icon, css = icons.get(state.status, ("•", "status-draft"))
    return AmbitionCell(icon, state.status_label, css)


def _holders(ids) -> dict[tuple[int, str], str]:
    """The name of each specialty's current owner and lead, as str(person) writes it.

    Plain values rather than model instances: building 80 instances through two joins cost
    more than the query."""
    assignments = (
        RoleAssignment.objects.current()
        .filter(
            content_type=ContentType.objects.get_for_model(Specialty),
            object_id__in=ids,
            kind__in=ONE_HOLDER,
        )
        .values_list(
            "object_id",
            "kind",
            "person__user__first_name",
            "person__user__last_name",
            "person__user__username",
        )
    )
    return {
        (object_id, kind): f"{first} {last}".strip() or username
        for object_id, kind, first, last, username in assignments
    }


def _newest(history, **match):
    """The newest history_date of the matching history rows: a short walk down the
    history_date index, where a GROUP BY would read years of history rows."""
    return Subquery(history.filter(**match).order_by("-history_date").values("history_date")[:1])


# What "last activity" of a specialty reads: the specialty and everything in it that people
# work on (ambitions, improvement work and its data, plans, money, assessments).
ACTIVITY_MODELS = (
    "specialties.specialty",
    "specialties.strengthposition",
    "specialties.populationresponsibility",
    "specialties.ambition",
    "specialties.dilemma",
    "improvement.improvementproject",
    "improvement.measure",
    "improvement.datapoint",
    "improvement.pdsacycle",
    "plans.plan",
    "plans.milestone",
    "plans.grant",
    "plans.spending",
    "plans.phasechange",
    "sustainability.assessment",
)


def visible_specialties(user) -> list[Specialty]:
    """The specialties ``user`` may see, by name, each with ``last_change``: the newest
    change to the specialty or anything in it (ACTIVITY_MODELS, see last_changes)."""
    specialties = list(restrict(Specialty.objects.order_by("name"), user))
    changes = last_changes()
    for s in specialties:
        s.last_change = changes.get(s.pk)
    return specialties


def last_changes() -> dict[int, datetime.datetime]:
    """The newest change to each specialty or anything in it (ACTIVITY_MODELS), by
    specialty id, for the whole programme (callers pick what they may show).

    Reading it costs seven queries through years of history (about a third of the
    dashboard at regional scale), so it is kept until one of ACTIVITY_MODELS changes (one
    query of index look-ups tells: every save and delete writes a history row) and for at
    most a minute (bass.history.data_fingerprint says why)."""
    sources = [s for s in feed_sources() if s.model._meta.label_lower in ACTIVITY_MODELS]
    state = repr(newest_history_ids([s.model for s in sources])).encode()
    key = "dashboard-last-changes-" + hashlib.sha1(state).hexdigest()  # noqa: S324 - a cache key
    found = cache.get(key)
    if found is not None:
        return found
    direct = {
        f"changed_{i}": _newest(source.manager.all(), **{source.specialty_path: OuterRef("pk")})
        for i, source in enumerate(sources)
        if "__" not in source.specialty_path
    }
    moments: dict[int, list] = {}
    for pk, *changed in Specialty.objects.order_by().annotate(**direct).values_list("pk", *direct):
        moments[pk] = [moment for moment in changed if moment is not None]
    # Models a join away (data points, PDSA cycles, ...) are one grouped query each, which
    # at regional scale is ten times faster than the same walk through the joins (data
    # points: 27 ms against 404 ms on PostgreSQL).
    for source in sources:
        if "__" not in source.specialty_path or not moments:
            continue
        newest = (
            source.manager.filter(**{f"{source.specialty_path}__isnull": False})
            .values_list(source.specialty_path)
            .annotate(newest=Max("history_date"))
            .order_by()
        )
        for specialty_id, moment in newest:
            if specialty_id in moments:
                moments[specialty_id].append(moment)
    found = {pk: max(changed) for pk, changed in moments.items() if changed}
    cache.set(key, found, timeout=60)
    return found


def programme_rows(
    user, *, hospital=None, specialty_ids=None, status=None, visible=None
) -> list[Row]:
    """A row per specialty the user may see, narrowed by the filters. ``visible`` is what
    visible_specialties(user) returned, if the caller has read it already."""
    specialties = visible_specialties(user) if visible is None else visible
    held: dict[int, set] = {s.pk: set() for s in specialties}
    positions = StrengthPosition.objects.filter(specialty_id__in=list(held)).order_by()
    for specialty_id, hospital_id in positions.values_list("specialty_id", "hospital_id"):
        held[specialty_id].add(hospital_id)
    if hospital is not None:
        specialties = [s for s in specialties if hospital.pk in held[s.pk]]
    if specialty_ids:
        wanted = set(specialty_ids)
        specialties = [s for s in specialties if s.pk in wanted]
    ids = [s.pk for s in specialties]
    holders = _holders(ids)
    coverage = coverage_by_specialty(specialties)
    ambitions = ambition_status(ids)
    profiles = latest_profiles(ids)
    activity = activity_by_specialty(ids)
    progress = progress_by_specialty(ids)
    blind_spots = blind_spots_by_specialty(ids)
    rows = []
    for s in specialties:
        row = Row(
            specialty=s,
            owner=holders.get((s.pk, "specialty_owner")),
            lead=holders.get((s.pk, "implementation_lead")),
            hospitals=held[s.pk],
            coverage=coverage[s.pk],
            ambitions=ambitions[s.pk],
            profile=profiles.get(s.pk),
            activity=activity[s.pk],
            progress=progress[s.pk],
            last_change=s.last_change,
            blind_spots=blind_spots[s.pk],
        )
        if status and not any(a.status == status for a in row.ambitions.values()):
            continue
        rows.append(row)
    return rows


@dataclass
class SubmittedAmbition:
    """An ambition waiting for the steering group's decision, as the rows know it."""

    specialty: Specialty
    kind: str

    def get_kind_display(self) -> str:
        return AmbitionKind(self.kind).label

    def get_absolute_url(self) -> str:
        return Ambition(specialty=self.specialty, kind=self.kind).get_absolute_url()


def waiting_for_steering_group(rows: list[Row]) -> dict:
    """What waits for the steering group among the rows (no queries: the rows hold it)."""
    return {
        # By specialty, then kind: the order of Ambition's Meta.ordering.
        "submitted": [
            SubmittedAmbition(r.specialty, kind)
            for r in rows
            for kind in sorted(r.ambitions)
            if r.ambitions[kind].status == AmbitionStatus.SUBMITTED
        ],
        "no_owner": [r.specialty for r in rows if r.owner is None],
        "no_lead": [r.specialty for r in rows if r.lead is None],
        "no_assessment": [r.specialty for r in rows if r.profile is None],
    }


# --- the change feed ---------------------------------------------------------------------

FEED_EXCLUDED = {"bass.export"}
# Consecutive changes by one person, with one reason, at most this far apart: one save of
# a form or one import, shown as one entry of the feed.
GROUP_GAP = datetime.timedelta(seconds=10)
# Names that are no person: django-guardian's anonymous user and the empty name.
NOT_A_PERSON = {"", "AnonymousUser"}


def _feed_models():
    for model in apps.get_models():
        if (
            issubclass(model, TrackedModel)
            and model._meta.label_lower not in FEED_EXCLUDED
            and hasattr(model, "history")
        ):
            yield model


def _specialty_path(model) -> str | None:
    """The lookup of the specialty a row of ``model`` belongs to, if a specialty owns it."""
    if model is Specialty:
        return "id"
    for route in routes(model):
        if route.path and target_model(model, route.path) is Specialty:
            return f"{route.path}_id"
    return None


@dataclass(frozen=True)
class FeedSource:
    model: type
    manager: object  # the model's history manager, built once
    specialty_path: str | None


@functools.cache
def feed_sources() -> tuple[FeedSource, ...]:
    """The tracked models of the feed in a fixed order (the cursor of a page names one by
    its place), each with its history manager: ``Model.history`` builds a new manager
    class on every access (0.15 ms, 76 times a feed request)."""
    models = sorted(_feed_models(), key=lambda m: m._meta.label_lower)
    return tuple(FeedSource(m, m.history, _specialty_path(m)) for m in models)


@dataclass(frozen=True)
class Cursor:
    """Where a page of the feed ends: the last change shown (its time, the place of its
    model among the feed's sources and its history id). The next page starts after it."""

    moment: datetime.datetime
    source: int
    history_id: int

    def __str__(self) -> str:
        return f"{self.moment.isoformat()}_{self.source}_{self.history_id}"

    @classmethod
    def parse(cls, text: str | None) -> "Cursor | None":
        """The cursor written by ``str()``, or None for anything else."""
        try:
            moment, source, history_id = (text or "").rsplit("_", 2)
            parsed = cls(datetime.datetime.fromisoformat(moment), int(source), int(history_id))
        except ValueError:
            return None
        if parsed.moment.tzinfo is None or parsed.source < 0 or parsed.history_id < 0:
            return None
        return parsed


def _after(cursor: Cursor, index: int) -> tuple[str, list]:
    """The condition (SQL on a part's history_date and history_id, and its parameters)
    on the rows of source ``index`` that come after ``cursor`` in the feed's order
    (newest first; among equal times, later sources first, then higher ids)."""
    moment = connection.ops.adapt_datetimefield_value(cursor.moment)
    if index < cursor.source:
        return "history_date <= %s", [moment]
    if index == cursor.source:
        return (
            "(history_date < %s OR (history_date = %s AND history_id < %s))",
            [moment, moment, cursor.history_id],
        )
    return "history_date < %s", [moment]


# The SQL of each source's visible history (permission condition and filters), kept per
# process for the reader's permissions and filters: building the 43 permission-restricted
# querysets and compiling them cost more than the database's answer (63 permission
# conditions a feed request). Paging only moves the cursor, which is not part of it.
_PARTS: collections.OrderedDict = collections.OrderedDict()
_PARTS_KEPT = 256


def _reader(user) -> tuple:
    """What the permission conditions of ``user`` are made of: who, the model-wide
    permissions (from the groups of the roles held) and the day (roles end at midnight);
    grants on objects are subqueries of the SQL, read when it runs."""
    return (
        user.pk,
        user.is_active,
        user.is_superuser,
        frozenset(user.get_all_permissions()),
        timezone.localdate(),
    )


def _parts(user, *, specialty, person, person_name, since, until) -> list:
    """Per source the user may see changes of: (its place, the SQL and parameters of its
    history rows the user may see, filtered, as (history_date, history_id))."""
    key = (
        _reader(user),
        getattr(specialty, "pk", None),
        getattr(person, "pk", None),
        person_name,
        since,
        until,
    )
    found = _PARTS.get(key)
    if found is not None:
        _PARTS.move_to_end(key)
        return found
    parts = []
    for index, source in enumerate(feed_sources()):
        history = source.manager.all()
        condition = permission_condition(source.model, user)
        if condition is not None:
            history = history.filter(condition)
        if specialty is not None:
            if not source.specialty_path:
                continue
            history = history.filter(**{source.specialty_path: specialty.pk})
        if person is not None:
            history = history.filter(history_user=person)
        if person_name:
            history = history.filter(history_user_name__icontains=person_name)
        if since:
            history = history.filter(history_date__date__gte=since)
        if until:
            history = history.filter(history_date__date__lte=until)
        rows = history.order_by().values_list("history_date", "history_id")
        sql, params = rows.query.sql_with_params()
        parts.append((index, sql, tuple(params)))
    _PARTS[key] = parts
    while len(_PARTS) > _PARTS_KEPT:
        _PARTS.popitem(last=False)
    return parts


def _keys(user, *, specialty, person, person_name, since, until, after, limit):
    """The (source, history_id) of the newest ``limit`` changes the user may
    see: one UNION ALL query, each model contributing its newest keys, index walks only."""
    selects = []
    params: list = []
    for index, sql, part_params in _parts(
        user,
        specialty=specialty,
        person=person,
        person_name=person_name,
        since=since,
        until=until,
    ):
        where, where_params = ("", [])
        if after is not None:
            where, where_params = _after(after, index)
            where = f" WHERE {where}"
        # Each part keeps its own ORDER BY and LIMIT inside a derived table, which both
        # SQLite and PostgreSQL accept (Django's union() refuses them on SQLite); the
        # visible rows are a plain subquery the database folds into the index walk.
        selects.append(
            f"SELECT {index} AS feed_source, history_date, history_id"  # noqa: S608
            f" FROM (SELECT history_date, history_id FROM ({sql}) AS visible_{index}{where}"
            f" ORDER BY history_date DESC, history_id DESC LIMIT {int(limit)}) AS feed_{index}"
        )
        params += [*part_params, *where_params]
    if not selects:
        return []
    sql = " UNION ALL ".join(selects)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT feed_source, history_id FROM ({sql}) AS feed"  # noqa: S608
            " ORDER BY history_date DESC, feed_source DESC, history_id DESC"
            f" LIMIT {int(limit)}",
            params,
        )
        return cursor.fetchall()


def change_feed(
    user,
    *,
    specialty=None,
    person=None,
    person_name="",
    since=None,
    until=None,
    after: Cursor | None = None,
    limit=50,
):
    """The newest changes the user may see across the programme, newest first, as
    (historical record, model) pairs.

    A model's history is filtered with the model's own permission condition
    (roles/permissions.py), so a row shows exactly to those who may see the object: a
    cluster initiative's improvement project to its forum, a role assignment to those who
    see the object the role is held on. The newest keys of every model are found in one
    query; the full rows are then loaded for the winners only (a query per model among
    them). ``after`` continues after a page's last change, at the cost of the first page.
    """
    keys = _keys(
        user,
        specialty=specialty,
        person=person,
        person_name=person_name,
        since=since,
        until=until,
        after=after,
        limit=limit,
    )
    sources = feed_sources()
    wanted: dict[int, list[int]] = {}
    for index, history_id in keys:
        wanted.setdefault(index, []).append(history_id)
    loaded = {}
    for index, ids in wanted.items():
        for record in sources[index].manager.filter(history_id__in=ids):
            loaded[index, record.history_id] = record
    return [
        (loaded[index, history_id], sources[index].model)
        for index, history_id in keys
        if (index, history_id) in loaded
    ]


def cursor_of(entries) -> Cursor | None:
    """The cursor after the last of ``entries`` (from change_feed)."""
    if not entries:
        return None
    record, model = entries[-1]
    index = next(i for i, s in enumerate(feed_sources()) if s.model is model)
    return Cursor(record.history_date, index, record.history_id)


_LABEL_FIELDS = ("name", "title", "slug")


def _own_label(record) -> str | None:
    for name in _LABEL_FIELDS:
        value = getattr(record, name, None)
        if value:
            return str(value)
    return None


def _parent_field(model):
    """The foreign key whose target names a row of ``model`` that has no name of its own:
    the model's ``feed_parent``, else its first link to a model with a name or title."""
    declared = getattr(model, "feed_parent", None)
    if declared:
        return model._meta.get_field(declared)
    for field in model._meta.concrete_fields:
        if field.many_to_one and field.related_model is not None:
            names = {f.name for f in field.related_model._meta.concrete_fields}
            if names & set(_LABEL_FIELDS):
                return field
    return None


def record_labels(entries) -> list[str]:
    """A readable name for each (record, model) of ``entries``: what it is and its own name
    or title ("speciale Kardiologi"), or what it is and where ("datapunkt jan. 2025 i
    Genindlæggelser inden for 30 dage").

    The owners of rows without a name are read in one query per kind of owner."""
    wanted: dict[type, set] = {}
    parents = []
    parent_of: dict[type, object] = {}
    for record, model in entries:
        if model not in parent_of:
            parent_of[model] = _parent_field(model)
        field = None if _own_label(record) else parent_of[model]
        parents.append(field)
        if field is not None:
            value = getattr(record, field.attname, None)
            if value is not None:
                wanted.setdefault(field.related_model, set()).add(value)
    names: dict[tuple[type, object], str] = {}
    for target, ids in wanted.items():
        for obj in target._default_manager.filter(pk__in=ids):
            names[target, obj.pk] = _own_label(obj) or str(obj)
    labels = []
    kinds = {model: str(model._meta.verbose_name) for model in parent_of}
    for (record, model), field in zip(entries, parents, strict=True):
        what = kinds[model]
        own = _own_label(record)
        if own:
            labels.append(f"{what} {own}")
            continue
        detail = getattr(model, "feed_detail", None)
        if detail is not None:
            what = f"{what} {detail(record)}".strip()
        owner = None
        if field is not None:
            owner = names.get((field.related_model, getattr(record, field.attname, None)))
        if owner:
            labels.append(_("%(what)s in %(owner)s") % {"what": what, "owner": owner})
        else:
            labels.append(f"{what} #{record.id}")
    return labels


def record_label(record, model) -> str:
    """A readable name of one historical row (see record_labels)."""
    return record_labels([(record, model)])[0]


@dataclass
class FeedEntry:
    """One line of the feed: a change, or consecutive changes of one save or import."""

    changes: list  # dicts: record, model, label

    @property
    def first(self) -> dict:
        return self.changes[0]

    @property
    def others(self) -> list:
        return self.changes[1:]


def group_changes(entries, labels) -> list[FeedEntry]:
    """Consecutive changes by one person with one reason, each at most GROUP_GAP from the
    next: one entry (one save of a form writes several rows, an import many)."""
    grouped: list[FeedEntry] = []
    previous = None
    for (record, model), label in zip(entries, labels, strict=True):
        change = {"record": record, "model": model, "label": label}
        if (
            previous is not None
            and record.history_user_id == previous.history_user_id
            and record.history_user_name == previous.history_user_name
            and (record.history_change_reason or "") == (previous.history_change_reason or "")
            and previous.history_date - record.history_date <= GROUP_GAP
        ):
            grouped[-1].changes.append(change)
        else:
            grouped.append(FeedEntry([change]))
        previous = record
    return grouped


def people_in(entries) -> list[str]:
    """The names of the people who made ``entries``, for the person field's suggestions:
    only people the reader sees at work, never the anonymous user."""
    return sorted({r.history_user_name for r, _m in entries} - NOT_A_PERSON)
