"""What other apps may read of the roles: the person's own roles that start or end soon."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bass import formatting
from bass.waiting import Waiting, WaitingGroup, group
from roles.models import RoleAssignment

SOON_DAYS = 14


def waiting_for(user, on: datetime.date | None = None) -> list[WaitingGroup]:
    """The signed-in person's roles that begin or end within the next 14 days."""
    on = on or timezone.localdate()
    soon = on + datetime.timedelta(days=SOON_DAYS)
    assignments = (
        RoleAssignment.objects.filter(person__user=user)
        .filter(Q(valid_from__gt=on, valid_from__lte=soon) | Q(valid_to__gt=on, valid_to__lte=soon))
        .select_related("content_type")
        .prefetch_related("content_object")
        .order_by("valid_from", "pk")
    )

    def row(a):
        if on < a.valid_from <= soon:
            reason, when = _("Your role begins %(date)s"), a.valid_from
        else:
            reason, when = _("Your role ends %(date)s"), a.valid_to
        target = a.content_object
        url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
        return Waiting(
            f"{a.kind_label} – {target}",
            reason % {"date": formatting.date(when)},
            None,  # the date is in the reason: it lies ahead
            url,
        )

    return [group("role_soon", _("Your roles starting or ending soon"), assignments, row)]


def holders_by_object(objects, kinds=None, on: datetime.date | None = None) -> dict:
    """The names of the people who currently hold a role (of ``kinds``, default any) on each
    of ``objects``, keyed by ``(model label, pk)`` and ordered by role then name. One query
    whatever the number of objects."""
    from django.contrib.contenttypes.models import ContentType

    condition = Q(pk__in=[])
    for obj in objects:
        condition |= Q(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    assignments = RoleAssignment.objects.current(on).filter(condition)
    if kinds is not None:
        assignments = assignments.filter(kind__in=kinds)
    names: dict = {}
    for a in assignments.select_related("person__user", "content_type").order_by("kind", "pk"):
        user = a.person.user
        label = f"{a.content_type.app_label}.{a.content_type.model}"
        key = (label, a.object_id)
        name = user.get_full_name() or user.get_username()
        if name not in names.setdefault(key, []):
            names[key].append(name)
    return names


def role_holders(target, kinds=None, on=None):
    """The users who currently hold a role (of ``kinds``, default any) on ``target``: the
    usual recipients of an event about it."""
    assignments = RoleAssignment.objects.current(on).on_object(target)
    if kinds is not None:
        assignments = assignments.filter(kind__in=list(kinds))
    return get_user_model().objects.filter(
        pk__in=assignments.values("person__user_id"), is_active=True
    )
