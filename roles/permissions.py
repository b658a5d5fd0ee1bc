"""Object permissions derived from role assignments, and the one way to ask for them.

``RoleAssignment`` is the source of truth. ``sync_user`` makes a user's guardian object
permissions, groups and staff flag exactly what their current assignments grant, and
reports the difference; ``rebuild_all`` does it for everyone. Views never grant
permissions themselves, and no module outside ``roles`` calls guardian.

Views ask through ``restrict(queryset, user, action)`` (lists), ``can`` and
``get_for_user`` (single objects) and ``sees_programme`` (the programme-wide pages).
``restrict`` and ``can`` read the same declarations, so they agree for every model (a test
checks every tracked model and persona). Models declare data only:

- ``permission_path``: the path to the object whose permissions govern a row
  ("strength_position__specialty"); none means the row governs itself. A path that ends at
  a model with its own ``permission_path`` continues along that model's routes (a data
  point follows its measure's project to the project's owner).
- ``permission_map``: action -> "app_label.codename"; an unmapped "view", "add", "change"
  or "delete" is the row model's own ``<action>_<model>``, any other action a codename of
  the governing model's app ("decide_forum").
- ``permission_map_field`` and ``permission_maps``: a field whose value selects further
  entries of the map. An ambition's ``kind`` selects the strategic or professional change
  permission; ``restrict`` builds one condition per value.
- ``permission_alternatives``: further owners ``((path, map), ...)`` tried in order when
  ``permission_path`` leads to nothing (an improvement project of a cluster initiative).
- ``permission_scope``: a field of the governing object. "view" is then granted to everyone
  who may view *any* governing object with the same value: ``"cluster"`` on a meeting means
  the people of every forum of the meeting's cluster see it.
- ``permission_private``: a boolean lookup on the row; where it is true the scope does not
  apply (a closed agenda item is seen by its own forum only).
- ``permission_object``: ``(content type field, object id field)`` of a generic owner. Rows
  are seen by those who may view the owner (a role assignment, an export); every other
  action needs the model-wide permission. ``permission_object_models()`` names the owner
  models; ``permission_object_public = False`` means that an owner every user may read (the
  programme) counts only for those who hold its view permission.
- ``permission_self``: a lookup naming a user who may always see the row (a person, their
  role assignments).
- ``permission_via``: a reverse relation: a row is seen by those who see any related row (a
  person by those who see one of their role assignments).
- ``permission_read_only``: on a governing model, a nullable field that, when set, makes
  the object and every row it governs a read-only archive (an archived forum): every action
  but reading (``READ_ACTIONS``) is refused for everyone, administrators included. Its
  ``read_only_reason()`` is the message of the refusal. ``permission_archives`` (a reverse
  relation to the archives an object succeeded) with ``permission_archive_grants`` (reading
  codenames): a role on the successor also grants those on its archives, so whoever joins
  the health council's forum later reads the cluster forum's archive too.
- ``readable_by_all_users``: reference data every signed-in user may read.
- ``permission_shared``: lookups (a dict) naming the rows that are shared with the whole
  programme (an approved ambition; a project, change idea or finished cycle its team has
  shared). The action ``"view_shared"`` is "view" plus those rows for everyone who takes part
  in the programme (holds a current role, or sees the programme); the pages that show a
  shared row show only what is shared (an ambition's approved text, never its draft).

Model-wide permissions (the groups of programme-level roles) answer before any object.
``restrict`` costs a constant number of queries whatever the number of rows: model-wide
permissions are cached on the user and every object grant is a subquery.
"""

import datetime
import logging
from dataclasses import dataclass, field, replace

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from guardian.exceptions import MixedContentTypeError, WrongAppError
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from roles.kinds import GROUP_PERMISSIONS, KINDS, PROJECT_APPS

security_log = logging.getLogger("bass.security")


# --- routes: reading the models' declarations -------------------------------------------


BASIC_ACTIONS = {"view", "add", "change", "delete"}

#: The actions an archive (``permission_read_only``) still allows.
READ_ACTIONS = {"view", "view_closed", "view_shared"}

#: The model-wide permission that the programme-level roles (steering group,
#: administrators, concept owners) hold and nobody else: they see the whole programme.
PROGRAMME_VIEW = "specialties.view_specialty"


@dataclass(frozen=True)
class Route:
    """One way an owner governs rows of a model: the path to the owner and the rules."""

    path: str | None
    mapping: dict = field(default_factory=dict)
    scope: str | None = None
    private: str | None = None
    variant_field: str | None = None
    variant_maps: dict = field(default_factory=dict)
    #: A lookup from the row to the owner's ``permission_read_only`` field.
    read_only: str | None = None

    def _perm(self, model, target, mapping: dict, action: str) -> str:
        if action in mapping:
            return mapping[action]
        if action in BASIC_ACTIONS:
            return f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        return f"{target._meta.app_label}.{action}"

    def permission(self, model, target, action: str, obj=None) -> str:
        """The permission governing ``action`` on ``obj`` (or on any row without a variant)."""
        mapping = self.mapping
        if obj is not None and self.variant_field:
            mapping = mapping | self.variant_maps.get(_follow(obj, self.variant_field), {})
        return self._perm(model, target, mapping, action)

    def variants(self, model, target, action: str) -> list[tuple[models.Q | None, str]]:
        """(row filter, permission) pairs covering every row; one pair without variants."""
        base = self._perm(model, target, self.mapping, action)
        if not self.variant_field:
            return [(None, base)]
        perms = {
            value: self._perm(model, target, self.mapping | extra, action)
            for value, extra in self.variant_maps.items()
        }
        if all(perm == base for perm in perms.values()):
            return [(None, base)]
        pairs = [(models.Q(**{self.variant_field: value}), perm) for value, perm in perms.items()]
        return [*pairs, (~models.Q(**{f"{self.variant_field}__in": list(perms)}), base)]

    def prefixed(self, prefix: str) -> "Route":
        def join(lookup):
            return f"{prefix}__{lookup}" if lookup else None

        return replace(
            self,
            path=join(self.path) or prefix,
            private=join(self.private),
            variant_field=join(self.variant_field),
            read_only=join(self.read_only),
        )

    def is_read_only(self, obj) -> bool:
        return bool(self.read_only) and _follow(obj, self.read_only) is not None


def target_model(model, path: str | None):
    """The model at the end of ``path`` ("strength_position__specialty") from ``model``."""
    target = model
    for part in path.split("__") if path else []:
        target = target._meta.get_field(part).related_model
    return target


def routes(model) -> list[Route]:
    """Every route by which an owner may govern rows of ``model``, the primary owner first."""
    path = getattr(model, "permission_path", None)
    if path:
        target = target_model(model, path)
        if getattr(target, "permission_path", None):
            return [route.prefixed(path) for route in routes(target)]
    own = Route(
        path,
        dict(getattr(model, "permission_map", None) or {}),
        scope=getattr(model, "permission_scope", None),
        private=getattr(model, "permission_private", None),
        variant_field=getattr(model, "permission_map_field", None),
        variant_maps=dict(getattr(model, "permission_maps", None) or {}),
        read_only=_read_only_lookup(model, path),
    )
    alternatives = getattr(model, "permission_alternatives", ())
    return [
        own,
        *(
            Route(alt_path, dict(mapping), read_only=_read_only_lookup(model, alt_path))
            for alt_path, mapping in alternatives
        ),
    ]


def _read_only_lookup(model, path: str | None) -> str | None:
    field_name = getattr(target_model(model, path), "permission_read_only", None)
    if not field_name:
        return None
    return f"{path}__{field_name}" if path else field_name


def read_only_reason(obj) -> str:
    """Why ``obj`` cannot be changed when an archive governs it; "" otherwise."""
    route = governing_route(obj)
    if not route.is_read_only(obj):
        return ""
    owner = _follow(obj, route.path)
    explain = getattr(owner, "read_only_reason", None)
    return explain() if explain else ""


def _follow(obj, path: str | None):
    """``obj`` followed along ``path`` ("project__specialty"); None where a link is empty."""
    for part in path.split("__") if path else []:
        obj = getattr(obj, part)
        if obj is None:
            return None
    return obj


def governing_route(obj) -> Route:
    """The route whose owner is set on ``obj`` (the first route if none is)."""
    candidates = routes(type(obj))
    if len(candidates) > 1:
        for route in candidates:
            if _follow(obj, route.path) is not None:
                return route
    return candidates[0]


def permission_target(obj):
    """The object whose permissions govern ``obj`` (a strength position's specialty); the
    owner of a generic owner (a role assignment's specialty); ``obj`` if it governs itself."""
    if getattr(type(obj), "permission_object", None):
        return _generic_owner(obj)
    return _follow(obj, governing_route(obj).path)


def _generic_owner(obj):
    ct_field, id_field = type(obj).permission_object
    content_type = getattr(obj, ct_field)
    owner_model = content_type.model_class() if content_type else None
    if owner_model is None or owner_model not in _owner_models(type(obj)):
        return None
    return owner_model._default_manager.filter(pk=getattr(obj, id_field)).first()


def _owner_models(model) -> list:
    return [apps.get_model(label) for label in model.permission_object_models()]


def _holder_models() -> set[str]:
    return {kind.applies_to for kind in KINDS.values()}


def _holds_object_permissions(model) -> bool:
    """Only the models roles are held on carry object permissions; asking guardian about
    any other model would cost a subquery that always comes back empty."""
    return model._meta.label_lower in _holder_models()


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


# --- asking -----------------------------------------------------------------------------


def is_administrator(user) -> bool:
    """A superuser, or a current holder of the administrator role (the secretariat)."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    from roles.models import RoleAssignment

    return RoleAssignment.objects.current().filter(person__user=user, kind="administrator").exists()


#: The action that reads what the programme shares (``permission_shared``).
VIEW_SHARED = "view_shared"


def takes_part(user) -> bool:
    """Whether ``user`` takes part in the programme: holds a current role anywhere, or sees
    the whole programme. Asked once per request (cached on the user)."""
    if not _active(user):
        return False
    cached = getattr(user, "_bass_takes_part", None)
    if cached is None:
        from roles.models import RoleAssignment

        cached = sees_programme(user) or (
            RoleAssignment.objects.current().filter(person__user=user).exists()
        )
        user._bass_takes_part = cached
    return cached


def _shared_condition(model, user, action: str):
    """The condition of "view_shared": what the user may view, plus the shared rows."""
    own = permission_condition(model, user, "view")
    shared = getattr(model, "permission_shared", None)
    if own is None or not shared or not takes_part(user):
        return own
    return own | models.Q(**shared)


def sees_programme(user) -> bool:
    """Whether ``user`` sees the whole programme: every specialty, the dashboard, the
    programme miniguide (the steering group, administrators and concept owners)."""
    return _active(user) and user.has_perm(PROGRAMME_VIEW)


def restrict(queryset: models.QuerySet, user, action: str = "view") -> models.QuerySet:
    """The rows of ``queryset`` on which ``user`` may ``action``.

    A constant number of queries whatever the number of objects and assignments: the
    user's model-wide permissions (cached on the user) and subqueries for object grants.
    """
    if not _active(user):
        return queryset.none()
    if action == VIEW_SHARED:
        condition = _shared_condition(queryset.model, user, action)
    else:
        condition = permission_condition(queryset.model, user, action)
    return queryset if condition is None else queryset.filter(condition)


def _nothing() -> models.Q:
    return models.Q(pk__in=[])


def permission_condition(model, user, action: str = "view", *, public: bool = True):
    """The filter restrict() applies to rows of ``model`` for an active user; None when
    every row is allowed. A model's history keeps its fields and foreign keys, so the
    condition also filters its historical rows (the change feed)."""
    if action == "view" and public and getattr(model, "readable_by_all_users", False):
        return None
    if getattr(model, "permission_object", None):
        allowed = _generic_condition(model, user, action)
    else:
        allowed = _route_condition(model, user, action)
    if allowed is None:
        return None
    if action == "view":
        self_lookup = getattr(model, "permission_self", None)
        if self_lookup:
            allowed |= models.Q(**{self_lookup: user.pk})
        via = getattr(model, "permission_via", None)
        if via:
            relation = model._meta.get_field(via)
            related = restrict(relation.related_model._default_manager.all(), user)
            allowed |= models.Q(
                **{f"{model._meta.pk.name}__in": related.values(relation.field.attname)}
            )
    return allowed


def _route_condition(model, user, action: str):
    candidates = routes(model)
    allowed = _nothing()
    for route in candidates:
        target = target_model(model, route.path)
        writable = (
            models.Q(**{f"{route.read_only}__isnull": True})
            if route.read_only and action not in READ_ACTIONS
            else None
        )
        for variant, perm in route.variants(model, target, action):
            if user.has_perm(perm):
                if len(candidates) == 1 and variant is None and writable is None:
                    return None
                condition = (
                    models.Q(**{f"{route.path}__isnull": False})
                    if route.path
                    else models.Q(**{f"{model._meta.pk.name}__isnull": False})
                )
            else:
                condition = _object_condition(model, user, perm, route, target, action)
            if writable is not None:
                condition &= writable
            allowed |= condition if variant is None else variant & condition
    return allowed


def _object_condition(model, user, perm: str, route: Route, target, action: str) -> models.Q:
    granted = _granted(user, perm, target)
    if granted is None:
        return _nothing()
    lookup = route.path or model._meta.pk.name
    condition = models.Q(**{f"{lookup}__in": granted.values("pk")})
    if route.scope and action == "view":
        scope_lookup = f"{route.path}__{route.scope}" if route.path else route.scope
        scoped = models.Q(**{f"{scope_lookup}__in": granted.values(route.scope)})
        if route.private:
            scoped &= models.Q(**{route.private: False})
        condition |= scoped
    return condition


def _granted(user, perm: str, target):
    """The ``target`` objects on which ``user`` holds ``perm`` (a lazy queryset); None when
    no object of ``target`` can carry ``perm`` (roles are held on a few models only, and a
    permission of another model is never granted on it)."""
    if not _holds_object_permissions(target):
        return None
    # Building guardian's queryset costs about a quarter of a millisecond of Python; a page
    # asks for the same few grants many times (the home page ~10), so they are kept on the
    # user for the request, like Django's own permission cache. The queryset stays lazy:
    # each caller filters a copy of it.
    cache = user.__dict__.setdefault("_bass_granted", {})
    key = (perm, target._meta.label_lower)
    if key not in cache:
        try:
            cache[key] = get_objects_for_user(user, perm, klass=target, accept_global_perms=False)
        except (MixedContentTypeError, WrongAppError):
            cache[key] = None
    return cache[key]


def _generic_perm(model, action: str) -> str:
    mapping = getattr(model, "permission_map", None) or {}
    return Route(None, dict(mapping))._perm(model, model, mapping, action)


def _generic_condition(model, user, action: str):
    if user.has_perm(_generic_perm(model, action)):
        return None
    if action != "view":
        return _nothing()
    ct_field, id_field = model.permission_object
    public = getattr(model, "permission_object_public", True)
    allowed = _nothing()
    for owner in _owner_models(model):
        condition = permission_condition(owner, user, "view", public=public)
        owners = owner._default_manager.all()
        if condition is not None:
            owners = owners.filter(condition)
        allowed |= models.Q(
            **{
                ct_field: ContentType.objects.get_for_model(owner).pk,
                f"{id_field}__in": owners.values("pk"),
            }
        )
    return allowed


def may(user, action: str, model) -> bool:
    """Whether ``user`` may ``action`` on every row of ``model`` (a model-wide permission:
    approve any ambition, add a criterion to the catalogue, assign roles)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.has_perm(_generic_perm(model, action))


def can(user, action: str, obj, *, public: bool = True) -> bool:
    """Whether ``user`` may ``action`` on ``obj``: the same rule as ``restrict``."""
    if not _active(user):
        return False
    model = type(obj)
    if action == VIEW_SHARED:
        if can(user, "view", obj, public=public):
            return True
        shared = getattr(model, "permission_shared", None)
        return bool(
            shared
            and obj.pk is not None
            and takes_part(user)
            and model._default_manager.filter(pk=obj.pk, **shared).exists()
        )
    if action == "view":
        if public and getattr(model, "readable_by_all_users", False):
            return True
        self_lookup = getattr(model, "permission_self", None)
        if self_lookup and _follow(obj, self_lookup) == user.pk:
            return True
    if getattr(model, "permission_object", None):
        allowed = _can_generic(user, action, obj)
    else:
        allowed = _can_route(user, action, obj)
    if allowed:
        return True
    via = getattr(model, "permission_via", None)
    if action == "view" and via and obj.pk is not None:
        return restrict(getattr(obj, via).all(), user).exists()
    return False


def _can_route(user, action: str, obj) -> bool:
    model = type(obj)
    route = governing_route(obj)
    if action not in READ_ACTIONS and route.is_read_only(obj):
        return False  # an archive: read, never changed, whoever asks
    target_class = target_model(model, route.path)
    perm = route.permission(model, target_class, action, obj)
    if user.has_perm(perm):
        return True
    target = _follow(obj, route.path)
    if target is None or not _holds_object_permissions(type(target)):
        return False
    if perm.split(".")[0] != target._meta.app_label:
        return False  # guardian refuses a permission of another app on this object
    if user.has_perm(perm, target):
        return True
    if action != "view" or not route.scope:
        return False
    if route.private and _follow(obj, route.private):
        return False
    scope_value = getattr(target, target._meta.get_field(route.scope).attname)
    granted = _granted(user, perm, type(target))
    return granted is not None and granted.filter(**{route.scope: scope_value}).exists()


def _can_generic(user, action: str, obj) -> bool:
    model = type(obj)
    if user.has_perm(_generic_perm(model, action)):
        return True
    if action != "view":
        return False
    owner = _generic_owner(obj)
    public = getattr(model, "permission_object_public", True)
    return owner is not None and can(user, "view", owner, public=public)


def get_for_user(queryset: models.QuerySet, user, action: str = "view", **lookup):
    """One object for a view: 404 if the user may not see it, 403 if they may see it but
    not perform ``action`` on it."""
    try:
        obj = restrict(queryset, user, "view").get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
    if action != "view" and not can(user, action, obj):
        _refuse(user, action, obj)
    return obj


def require(user, action: str, obj) -> None:
    if not can(user, action, obj):
        _refuse(user, action, obj)


def _refuse(user, action: str, obj):
    security_log.warning(
        "refused %s on %s %s for user %s", action, obj._meta.label, obj.pk, user.pk
    )
    reason = "" if getattr(type(obj), "permission_object", None) else read_only_reason(obj)
    # The 403 page shows the reason: an archive says why it cannot be changed.
    raise PermissionDenied(reason)


def require_programme(user) -> None:
    """403 unless ``user`` sees the whole programme."""
    if not sees_programme(user):
        security_log.warning("refused a programme-wide page for user %s", user.pk)
        raise PermissionDenied


# --- deriving ---------------------------------------------------------------------------


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def extend(self, other: "Changes") -> None:
        self.added += other.added
        self.removed += other.removed


def _object_models() -> dict[str, type[models.Model]]:
    return {kind.applies_to: apps.get_model(kind.applies_to) for kind in KINDS.values()}


def _current_object_grants(user) -> set[tuple[str, str, int]]:
    """(model label, codename, object id) the user holds through guardian now."""
    grants = set()
    for label, model in _object_models().items():
        for obj_id, codename in _guardian_rows(user, model):
            grants.add((label, codename, obj_id))
    return grants


def _guardian_rows(user, model):
    from guardian.utils import get_user_obj_perms_model

    perm_model = get_user_obj_perms_model(model)
    rows = perm_model.objects.filter(user=user, permission__content_type=_ct(model))
    if perm_model.objects.is_generic():
        return [
            (int(oid), code) for oid, code in rows.values_list("object_pk", "permission__codename")
        ]
    return list(rows.values_list("content_object_id", "permission__codename"))


def _ct(model) -> ContentType:
    return ContentType.objects.get_for_model(model)


def expected_grants(user, on: datetime.date | None = None):
    """What the user's current assignments grant: object grants, groups and staff flag."""
    from roles.models import RoleAssignment

    grants: set[tuple[str, str, int]] = set()
    groups: set[str] = set()
    staff = False
    assignments = (
        RoleAssignment.objects.current(on).filter(person__user=user).select_related("content_type")
    )
    for assignment in assignments:
        kind = KINDS.get(assignment.kind)
        if kind is None:
            continue
        label = f"{assignment.content_type.app_label}.{assignment.content_type.model}"
        if label != kind.applies_to:
            continue
        for codename in kind.object_permissions:
            grants.add((label, codename, assignment.object_id))
        for archive_id in _archives_of(label, assignment.object_id):
            # A role on a successor reads its archives (an archive refuses every change).
            for codename in kind.object_permissions:
                if codename in _archive_readable(label):
                    grants.add((label, codename, archive_id))
        if kind.group:
            groups.add(kind.group)
        staff = staff or kind.staff
    return grants, groups, staff


def _archive_readable(label: str) -> tuple:
    return getattr(apps.get_model(label), "permission_archive_grants", ())


def _archives_of(label: str, object_id: int) -> list[int]:
    """The archives of an object (``permission_archives``: the reverse relation to the
    objects it succeeded), through every generation; [] for models without archives."""
    model = apps.get_model(label)
    relation = getattr(model, "permission_archives", None)
    if not relation:
        return []
    field_name = model._meta.get_field(relation).field.name
    found: list[int] = []
    frontier = [object_id]
    while frontier:
        frontier = [
            pk
            for pk in model._default_manager.filter(**{f"{field_name}__in": frontier}).values_list(
                "pk", flat=True
            )
            if pk not in found
        ]
        found += frontier
    return found


@transaction.atomic
def sync_user(user, on: datetime.date | None = None) -> Changes:
    """Make ``user``'s permissions exactly what their current assignments grant."""
    changes = Changes()
    if not user.is_active:
        wanted, wanted_groups, staff = set(), set(), False
    else:
        wanted, wanted_groups, staff = expected_grants(user, on)
    current = _current_object_grants(user)
    models_by_label = _object_models()
    for label, codename, obj_id in sorted(wanted - current):
        obj = models_by_label[label].objects.filter(pk=obj_id).first()
        if obj is None:
            continue
        assign_perm(codename, user, obj)
        changes.added.append(f"{user.get_username()}: {codename} på {obj}")
    for label, codename, obj_id in sorted(current - wanted):
        obj = models_by_label[label].objects.filter(pk=obj_id).first()
        if obj is None:
            continue
        remove_perm(codename, user, obj)
        changes.removed.append(f"{user.get_username()}: {codename} på {obj}")

    role_groups = _role_groups()
    held = set(user.groups.filter(name__in=role_groups).values_list("name", flat=True))
    for name in sorted(wanted_groups - held):
        user.groups.add(role_groups[name])
        changes.added.append(f"{user.get_username()}: gruppe {name}")
    for name in sorted(held - wanted_groups):
        user.groups.remove(role_groups[name])
        changes.removed.append(f"{user.get_username()}: gruppe {name}")

    if not user.is_superuser and user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
        (changes.added if staff else changes.removed).append(
            f"{user.get_username()}: adgang til administration"
        )
    # Django and guardian cache permissions on the user object.
    for cache in (
        "_perm_cache",
        "_user_perm_cache",
        "_group_perm_cache",
        "_bass_takes_part",
        "_bass_granted",
    ):
        user.__dict__.pop(cache, None)
    return changes


def _role_groups() -> dict[str, Group]:
    """The role groups as they are (one query); made first if one is missing."""
    groups = {group.name: group for group in Group.objects.filter(name__in=GROUP_PERMISSIONS)}
    if len(groups) < len(GROUP_PERMISSIONS):
        groups = {group.name: group for group in ensure_groups()}
    return groups


def ensure_groups() -> list[Group]:
    """Create the role groups and give them their model-wide permissions (idempotent).

    Runs after every migration (a release may add permissions) and in ``rebuild_all``,
    never on an assignment's save or a login."""
    project_perms = Permission.objects.filter(content_type__app_label__in=PROJECT_APPS)
    groups = []
    for name, spec in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        if spec.get("all"):
            wanted = set(project_perms)
        elif spec.get("view_all"):
            wanted = set(project_perms.filter(codename__startswith="view_"))
        else:
            wanted = set()
        for dotted in spec.get("permissions", []):
            app_label, codename = dotted.split(".")
            wanted |= set(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        if set(group.permissions.all()) != wanted:
            group.permissions.set(wanted)
        groups.append(group)
    return groups


def rebuild_all(on: datetime.date | None = None) -> Changes:
    """Recompute every user's permissions from the assignments. Idempotent."""
    from roles.models import RoleAssignment

    changes = Changes()
    on = on or timezone.localdate()
    ensure_groups()
    holders = set(RoleAssignment.objects.values_list("person__user_id", flat=True))
    with_perms: set[int] = set()
    for model in _object_models().values():
        from guardian.utils import get_user_obj_perms_model

        with_perms |= set(get_user_obj_perms_model(model).objects.values_list("user_id", flat=True))
    in_groups = set(
        get_user_model()
        .objects.filter(groups__name__in=GROUP_PERMISSIONS)
        .values_list("pk", flat=True)
    )
    staff = set(
        get_user_model()
        .objects.filter(is_staff=True, is_superuser=False)
        .values_list("pk", flat=True)
    )
    user_ids = holders | with_perms | in_groups | staff
    for user in get_user_model().objects.filter(pk__in=user_ids).order_by("pk"):
        changes.extend(sync_user(user, on))
    return changes
