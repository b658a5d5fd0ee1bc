"""The programme dashboard: the state of every specialty, read through the apps' public
query functions in a constant number of queries."""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery

from bass.history import TrackedModel
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
from sustainability.queries import latest_profiles

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


def visible_specialties(user) -> list[Specialty]:
    """The specialties ``user`` may see, by name, each with ``last_change``: the newest
    change to the specialty or its strength positions (one query)."""
    specialties = list(
        restrict(Specialty.objects.order_by("name"), user).annotate(
            own_change=_newest(Specialty.history, id=OuterRef("pk")),
            positions_change=_newest(StrengthPosition.history, specialty_id=OuterRef("pk")),
        )
    )
    for s in specialties:
        changes = [d for d in (s.own_change, s.positions_change) if d is not None]
        s.last_change = max(changes, default=None)
    return specialties


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


def change_feed(user, *, specialty=None, person=None, since=None, until=None, limit=50):
    """The newest changes the user may see across the programme: one query per tracked
    model, merged by time. A model's history is filtered with the model's own permission
    condition (roles/permissions.py), so a row shows exactly to those who may see the
    object: a cluster initiative's improvement project to its forum, a role assignment to
    those who see the object the role is held on."""
    entries = []
    for model in _feed_models():
        path = _specialty_path(model)
        history = model.history.all()
        condition = permission_condition(model, user)
        if condition is not None:
            history = history.filter(condition)
        if specialty is not None:
            if not path:
                continue
            history = history.filter(**{path: specialty.pk})
        if person is not None:
            history = history.filter(history_user=person)
        if since:
            history = history.filter(history_date__date__gte=since)
        if until:
            history = history.filter(history_date__date__lte=until)
        for record in history.order_by("-history_date")[:limit]:
            entries.append((record, model))
    entries.sort(key=lambda pair: pair[0].history_date, reverse=True)
    return entries[:limit]


_LABEL_FIELDS = ("name", "title", "slug")


def record_label(record, model) -> str:
    """A short label for a historical row without touching related rows (no queries)."""
    for name in _LABEL_FIELDS:
        value = getattr(record, name, None)
        if value:
            return str(value)
    return f"{model._meta.verbose_name} #{record.id}"
