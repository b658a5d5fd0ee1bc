"""Object permissions derived from role assignments, and the one way to ask for them.

``RoleAssignment`` is the source of truth. ``sync_user`` makes a user's guardian object
permissions, groups and staff flag exactly what their current assignments grant, and
reports the difference; ``rebuild_all`` does it for everyone. Views never grant
permissions themselves.

Views ask through ``restrict(queryset, user, action)`` (lists) and ``get_for_user`` /
``can`` (single objects). A model says which permission governs an action with
``permission_for(model, action)``: its own ``<action>_<model>`` unless the model names a
``permission_map`` (e.g. a strength position is governed by its specialty).
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from roles.kinds import GROUP_PERMISSIONS, KINDS, PROJECT_APPS

security_log = logging.getLogger("bass.security")


# --- asking -----------------------------------------------------------------------------


BASIC_ACTIONS = {"view", "add", "change", "delete"}


def permission_for(model, action: str, mapping: dict | None = None) -> str:
    """The "app_label.codename" that governs ``action`` on ``model`` (class or instance).

    ``action`` is "view", "add", "change" or "delete" (mapped through the model's
    ``permission_map`` or to ``<action>_<model>``), or a codename of the model's own app
    such as "change_strategic_ambition". ``mapping`` replaces the model's own map (for a
    model with ``permission_alternatives``).
    """
    if mapping is None:
        mapping = getattr(model, "permission_map", None) or {}
    if action in mapping:
        return mapping[action]
    meta = model._meta
    if action not in BASIC_ACTIONS:
        return f"{meta.app_label}.{action}"
    return f"{meta.app_label}.{action}_{meta.model_name}"


def target_model(model, path: str | None):
    """The model at the end of ``path`` ("strength_position__specialty") from ``model``."""
    target = model
    for part in path.split("__") if path else []:
        target = target._meta.get_field(part).related_model
    return target


def _routes(model) -> list[tuple[str | None, dict | None]]:
    """Every (path, permission_map) by which an owner may govern rows of ``model``."""
    if hasattr(model, "permission_routes"):
        return model.permission_routes()
    return [(None, getattr(model, "permission_map", None))]


def restrict(queryset: models.QuerySet, user, action: str = "view") -> models.QuerySet:
    """The rows of ``queryset`` on which ``user`` may ``action``.

    Costs at most two queries per owner route whatever the number of objects and
    assignments: one for the user's model-wide permissions (cached on the user) and one
    subquery for object permissions through guardian.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    condition = permission_condition(queryset.model, user, action)
    return queryset if condition is None else queryset.filter(condition)


def permission_condition(model, user, action: str = "view") -> models.Q | None:
    """The filter restrict() applies to rows of ``model`` for an active user; None when
    every row is allowed. A model's history keeps its foreign keys, so the condition of a
    model with a ``permission_path`` also filters its historical rows (the change feed)."""
    if action == "view" and getattr(model, "readable_by_all_users", False):
        return None
    routes = _routes(model)
    allowed = models.Q(pk__in=[])
    for path, mapping in routes:
        perm = permission_for(model, action, mapping)
        if user.has_perm(perm):
            if len(routes) == 1:
                return None
            allowed |= models.Q(**{f"{path}__isnull": False})
            continue
        targets = get_objects_for_user(
            user, perm, klass=target_model(model, path), accept_global_perms=False
        ).values("pk")
        allowed |= models.Q(**{f"{path}__in" if path else "pk__in": targets})
    return allowed


def can(user, action: str, obj) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if action == "view" and getattr(obj, "readable_by_all_users", False):
        return True
    route = obj.permission_route() if hasattr(obj, "permission_route") else (None, None)
    perm = permission_for(obj, action, route[1])
    if user.has_perm(perm):
        return True
    target = obj.permission_target() if hasattr(obj, "permission_target") else obj
    return target is not None and user.has_perm(perm, target)


def get_for_user(queryset: models.QuerySet, user, action: str = "view", **lookup):
    """One object for a view: 404 if the user may not see it, 403 if they may see it but
    not perform ``action`` on it."""
    try:
        obj = restrict(queryset, user, "view").get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
    if action != "view" and not can(user, action, obj):
        security_log.warning(
            "refused %s on %s %s for user %s", action, obj._meta.label, obj.pk, user.pk
        )
        raise PermissionDenied
    return obj


def require(user, action: str, obj) -> None:
    if not can(user, action, obj):
        security_log.warning(
            "refused %s on %s %s for user %s", action, obj._meta.label, obj.pk, user.pk
        )
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
        if kind.group:
            groups.add(kind.group)
        staff = staff or kind.staff
    return grants, groups, staff


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

    role_groups = {g.name: g for g in ensure_groups()}
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
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
    return changes


def ensure_groups() -> list[Group]:
    """Create the role groups and give them their model-wide permissions (idempotent)."""
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
