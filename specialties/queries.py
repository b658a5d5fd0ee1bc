"""What other apps may read of the specialties: population-responsibility coverage (which
citizens no strength position answers for) and the state of the ambitions.

Each function costs a constant number of queries whatever the data size.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from bass import formatting
from bass.library import LibraryEntry, LibraryKey
from bass.models import Municipality
from bass.search import text_search
from bass.text import html_to_text
from bass.waiting import Waiting, WaitingGroup, as_date, group
from discussion.queries import comments_on
from roles import queries as roles
from roles.permissions import VIEW_SHARED, get_for_user, restrict
from specialties.models import (
    AMBITION_CHANGE_PERMISSION,
    Ambition,
    AmbitionKind,
    AmbitionStatus,
    PopulationResponsibility,
    Specialty,
)


def get_specialty(user, slug: str, action: str = "view") -> Specialty:
    """The specialty at ``slug``: 404 if the user may not see it, 403 if they may see it
    but not ``action`` on it."""
    return get_for_user(Specialty.objects.all(), user, action, slug=slug)


@dataclass
class Coverage:
    specialty: Specialty
    uncovered: list[Municipality] = field(default_factory=list)
    covered_citizens: int = 0
    total_citizens: int = 0

    @property
    def uncovered_citizens(self) -> int:
        return sum(m.population for m in self.uncovered)

    @property
    def is_complete(self) -> bool:
        return not self.uncovered


def coverage_by_specialty(specialties=None, municipalities=None) -> dict[int, Coverage]:
    """Coverage per specialty in two queries, whatever the number of specialties.

    ``specialties`` defaults to all; pass a restricted queryset for a user's view.
    ``municipalities`` defaults to every municipality of the database (the whole region).
    """
    specialties = list(specialties if specialties is not None else Specialty.objects.all())
    municipalities = list(
        municipalities if municipalities is not None else Municipality.objects.order_by("name")
    )
    covered: dict[int, set[int]] = {s.pk: set() for s in specialties}
    # No ordering: the model's default ordering would join and sort every row for nothing.
    rows = (
        PopulationResponsibility.objects.filter(
            strength_position__specialty__in=[s.pk for s in specialties]
        )
        .order_by()
        .values_list("strength_position__specialty_id", "municipality_id")
    )
    for specialty_id, municipality_id in rows:
        covered[specialty_id].add(municipality_id)
    total = sum(m.population for m in municipalities)
    result = {}
    for specialty in specialties:
        ids = covered[specialty.pk]
        uncovered = [m for m in municipalities if m.pk not in ids]
        result[specialty.pk] = Coverage(
            specialty=specialty,
            uncovered=uncovered,
            covered_citizens=total - sum(m.population for m in uncovered),
            total_citizens=total,
        )
    return result


def _last_change():
    history = Ambition.history.model.objects.filter(id=OuterRef("pk")).order_by(
        "-history_date", "-history_id"
    )
    return {
        "last_changed_at": Subquery(history.values("history_date")[:1]),
        "last_changed_by": Subquery(history.values("history_user_name")[:1]),
    }


def ambitions_with_last_change(queryset=None):
    """Ambitions annotated with when and by whom they last changed (one query)."""
    queryset = Ambition.objects.all() if queryset is None else queryset
    return queryset.annotate(**_last_change())


@dataclass
class AmbitionState:
    kind: str
    status: str | None  # None: nothing written yet
    status_label: str
    has_approved_text: bool
    last_changed_at: datetime.datetime | None
    days_since_change: int | None


def ambition_status(specialties) -> dict[int, dict[str, AmbitionState]]:
    """Per specialty id, the state of its strategic and professional ambition.

    One query for any number of specialties (``specialties`` may be a queryset or a list).
    """
    ids = [s.pk if isinstance(s, Specialty) else s for s in specialties]
    now = timezone.now()
    # The texts can be long (up to 100,000 characters each); the dashboard needs only
    # whether an approved text exists.
    queryset = (
        Ambition.objects.filter(specialty_id__in=ids)
        .only("specialty_id", "kind", "status")
        .annotate(has_approved=ExpressionWrapper(~Q(approved_text=""), output_field=BooleanField()))
    )
    found = {(a.specialty_id, a.kind): a for a in ambitions_with_last_change(queryset)}
    result: dict[int, dict[str, AmbitionState]] = {}
    for specialty_id in ids:
        result[specialty_id] = {}
        for kind in AmbitionKind.values:
            ambition = found.get((specialty_id, kind))
            if ambition is None:
                result[specialty_id][kind] = AmbitionState(
                    kind, None, str(_("Not written yet")), False, None, None
                )
                continue
            changed = ambition.last_changed_at
            result[specialty_id][kind] = AmbitionState(
                kind=kind,
                status=ambition.status,
                status_label=str(ambition.get_status_display()),
                has_approved_text=ambition.has_approved,
                last_changed_at=changed,
                days_since_change=(now - changed).days if changed else None,
            )
    return result


def _changeable_ambitions(user) -> Q:
    """Ambitions whose text ``user`` may change: the owner the strategic, the lead the
    professional one (two subqueries)."""
    specialties = Specialty.objects.all()
    allowed = Q(pk__in=[])
    for kind, codename in AMBITION_CHANGE_PERMISSION.items():
        allowed |= Q(kind=kind, specialty__in=restrict(specialties, user, codename))
    return allowed


def waiting_for(user, on: datetime.date | None = None) -> list[WaitingGroup]:
    """Ambitions that wait for ``user``: submitted ones to decide (the steering group),
    returned ones and new comments to act on (the text's owner). Six queries."""
    writable = _changeable_ambitions(user)
    decide = ambitions_with_last_change(
        Ambition.objects.filter(
            status=AmbitionStatus.SUBMITTED,
            specialty__in=restrict(Specialty.objects.all(), user, "approve_ambition"),
        ).select_related("specialty")
    ).order_by("last_changed_at", "pk")
    returned = ambitions_with_last_change(
        Ambition.objects.filter(writable, status=AmbitionStatus.RETURNED).select_related(
            "specialty"
        )
    ).order_by("last_changed_at", "pk")
    # A comment waits until the text changes after it, or for 30 days.
    last_change = Ambition.history.model.objects.filter(id=OuterRef("object_id")).order_by(
        "-history_date", "-history_id"
    )
    on = on or timezone.localdate()
    comments = (
        comments_on(Ambition)
        .filter(
            object_id__in=Ambition.objects.filter(writable).values("pk"),
            created__date__gte=on - datetime.timedelta(days=30),
        )
        .exclude(author=user)
        .annotate(text_changed=Subquery(last_change.values("history_date")[:1]))
        .filter(Q(text_changed__isnull=True) | Q(created__gt=F("text_changed")))
        .prefetch_related(GenericPrefetch("target", [Ambition.objects.select_related("specialty")]))
        .order_by("-created", "-pk")
    )
    return [
        group(
            "ambition_submitted",
            _("Ambitions to decide on"),
            decide,
            lambda a: Waiting(
                str(a),
                _("Submitted to the steering group"),
                as_date(a.last_changed_at),
                a.get_absolute_url(),
            ),
        ),
        group(
            "ambition_returned",
            _("Ambitions returned to you"),
            returned,
            lambda a: Waiting(
                str(a),
                _("Returned by the steering group: %(comment)s")
                % {"comment": Truncator(a.decision_comment).chars(120)}
                if a.decision_comment
                else _("Returned by the steering group"),
                as_date(a.last_changed_at),
                a.get_absolute_url(),
            ),
        ),
        group(
            "ambition_commented",
            _("New comments on your ambitions"),
            comments,
            lambda c: Waiting(
                str(c.target),
                _("%(name)s commented: %(text)s")
                % {"name": c.author_name, "text": Truncator(html_to_text(c.body)).chars(120)},
                as_date(c.created),
                f"{c.target.get_absolute_url()}#kommentar-{c.pk}",
            ),
        ),
    ]


# --- the read API (api/) ----------------------------------------------------------------


def api_specialties(user):
    """Specialties ``user`` may see, by name, with their strength positions and hospitals."""
    return (
        restrict(Specialty.objects.all(), user)
        .order_by("name", "pk")
        .prefetch_related("strength_positions__hospital")
    )


def api_ambitions(user):
    """Ambitions ``user`` may see, by specialty and kind."""
    return (
        restrict(Ambition.objects.all(), user)
        .select_related("specialty")
        .order_by("specialty__name", "kind", "pk")
    )


def ambitions_changeable(user, ambition_ids) -> set[int]:
    """Of ``ambition_ids``, those ``user`` may change, and so may read the working draft of
    (one query)."""
    return set(
        restrict(Ambition.objects.filter(pk__in=list(ambition_ids)), user, "change").values_list(
            "pk", flat=True
        )
    )


# --- the programme library: approved ambitions, read across the programme ----------------


def shared_ambitions(user):
    """The approved ambitions ``user`` may read: of every specialty for whoever takes part
    in the programme (roles/permissions.py, ``permission_shared``)."""
    return restrict(Ambition.objects.filter(approved_at__isnull=False), user, VIEW_SHARED)


def get_shared_ambition(user, slug: str, kind: str) -> Ambition:
    """The approved ambition of ``kind`` of the specialty at ``slug``; 404 if there is none
    or the user may not read it."""
    ambition = (
        shared_ambitions(user)
        .select_related("specialty", "approved_by")
        .filter(specialty__slug=slug, kind=kind)
    ).first()
    if ambition is None:
        raise Http404
    return ambition


def library_keys(user, text: str = "", filters: dict | None = None) -> list:
    """Keys of the approved ambitions that match ``text`` and ``filters`` (one query)."""
    filters = filters or {}
    if filters.get("cluster") or filters.get("outcome") or filters.get("driver"):
        return []  # an ambition belongs to no cluster and has no PDSA outcome
    if filters.get("signal_projects") is not None:
        return []
    ambitions = shared_ambitions(user)
    if filters.get("specialty"):
        ambitions = ambitions.filter(specialty__slug=filters["specialty"])
    if filters.get("hospital"):
        ambitions = ambitions.filter(
            specialty__strength_positions__hospital_id=filters["hospital"]
        ).distinct()
    ambitions = text_search(ambitions, ["approved_text", "specialty__name"], text)
    return [
        LibraryKey("ambition", pk, approved_at)
        for pk, approved_at in ambitions.values_list("pk", "approved_at")
    ]


def library_entries(keys) -> dict:
    """The library entries of the ambitions among ``keys`` (two queries)."""
    ambitions = list(
        Ambition.objects.filter(pk__in=[k.pk for k in keys if k.kind == "ambition"]).select_related(
            "specialty"
        )
    )
    teams = roles.holders_by_object(
        [a.specialty for a in ambitions], kinds=["specialty_owner", "implementation_lead"]
    )
    return {
        ("ambition", a.pk): LibraryEntry(
            kind="ambition",
            kind_label=str(a.get_kind_display()) + " " + str(_("ambition")),
            title=str(a),
            url=a.get_shared_url(),
            owner=a.specialty.name,
            team=teams.get(("specialties.specialty", a.specialty_id), []),
            dates=str(_("Approved %(date)s")) % {"date": formatting.date(a.approved_at.date())},
            result=str(_("Approved by the steering group")),
            summary=Truncator(html_to_text(a.approved_text)).words(40),
            changed_at=a.approved_at,
        )
        for a in ambitions
    }
