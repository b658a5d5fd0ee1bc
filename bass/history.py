"""History of every change: one abstract base for tracked models and the acting user.

Requests get their user from simple_history's middleware. Management commands and Celery
tasks have no request, so they wrap their writes in ``acting_as(user, reason)``; the user
and reason are then recorded on every historical row written inside the block.
"""

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

from django.db import models, router, transaction
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from bass.signals import text_overwritten


class HistoryUserSnapshot(models.Model):
    """Extra columns on every historical table.

    The user's name is copied at the time of the change, so deleting or renaming a user
    never erases who did what.
    """

    history_user_name = models.CharField(_("changed by (name)"), max_length=300, blank=True)

    class Meta:
        abstract = True


class StaleVersion(Exception):
    """A save based on a version that is no longer the saved one: someone saved first."""

    def __init__(self, instance, expected: int):
        super().__init__(
            f"{instance._meta.label} {instance.pk}: version {expected} is no longer current"
        )
        self.instance = instance
        self.expected = expected


class HistoryBypassError(Exception):
    """A bulk write on a tracked model: it would change data without a line in history."""


class TrackedQuerySet(models.QuerySet):
    """Querysets of tracked models refuse the writes that skip ``save()`` and so history.

    ``update()``, ``bulk_create()`` and ``bulk_update()`` raise ``HistoryBypassError``.
    A data migration or a repair script that means to write without history says so with
    ``Model.objects.bypassing_history().update(...)``. Deletes are allowed: Django sends
    the delete signals for every row, cascades included, and history records each one.
    """

    _bypass_history = False

    def bypassing_history(self) -> "TrackedQuerySet":
        clone = self._chain()
        clone._bypass_history = True
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._bypass_history = self._bypass_history
        return clone

    def _refuse(self, method: str) -> None:
        if not self._bypass_history:
            raise HistoryBypassError(
                f"{self.model._meta.label}.objects.{method}() writes no history; save each "
                f"object, or say .bypassing_history().{method}() where that is meant."
            )

    def update(self, **kwargs):
        self._refuse("update")
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        self._refuse("bulk_create")
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        self._refuse("bulk_update")
        return super().bulk_update(objs, fields, *args, **kwargs)


TrackedManager = models.Manager.from_queryset(TrackedQuerySet, "TrackedManager")


def tracked_history() -> HistoricalRecords:
    return HistoricalRecords(inherit=True, bases=[HistoryUserSnapshot])


class TrackedModel(models.Model):
    """Base of every domain model: history plus a version number for edit conflicts."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = TrackedManager()
    history = tracked_history()

    # Reference data (hospitals, municipalities, ...) may be read by every signed-in user.
    readable_by_all_users = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Save; a change of a saved row is a compare-and-swap on its version.

        The version this object was read at (or the one an edit form started from) must
        still be the saved one: ``UPDATE ... SET version = n + 1 WHERE pk = ... AND
        version = n`` claims the row, and the row stays locked until the transaction
        ends. If another save came first, nothing is written and ``StaleVersion`` is
        raised, so two simultaneous saves can never both succeed, and every version of
        an object appears once in its history.
        """
        if self.pk is None or self._state.adding:
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        expected = self.version or 0
        rows = type(self)._base_manager.using(using)
        with transaction.atomic(using=using, savepoint=False):
            if rows.filter(pk=self.pk, version=expected).update(version=expected + 1):
                self.version = expected + 1
                super().save(*args, **kwargs)
                overwritten = self.__dict__.pop("_overwrites_version", None)
                if overwritten is not None:
                    text_overwritten.send(
                        type(self), instance=self, overwritten_version=overwritten
                    )
                return None
            if not rows.filter(pk=self.pk).exists():
                # Deleted meanwhile: save as Django would, which inserts it again.
                return super().save(*args, **kwargs)
        # Raised outside the block: nothing was written, so an enclosing transaction
        # that catches this can go on.
        raise StaleVersion(self, expected)

    # Declarations that roles/permissions.py reads (its docstring lists them all):
    # "specialty" or "strength_position__specialty": the path to the object whose
    # permissions govern this one. A path may end at a tracked model that names its own
    # owner (a data point's improvement project): the routes then continue from there.
    permission_path: str | None = None
    # Further owners, tried in order when ``permission_path`` leads to nothing (NULL):
    # ((path, permission_map), ...). An improvement project belongs to a specialty or to a
    # cluster initiative, and the initiative's forum governs the second kind.
    permission_alternatives: tuple[tuple[str, dict], ...] = ()

    def get_history_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "history",
            kwargs={
                "app_label": self._meta.app_label,
                "model_name": self._meta.model_name,
                "pk": self.pk,
            },
        )


def display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@receiver(pre_create_historical_record)
def _snapshot_user_name(sender, instance, history_instance, history_user=None, **kwargs):
    if hasattr(history_instance, "history_user_name"):
        history_instance.history_user_name = display_name(history_user)
    context_reason = getattr(getattr(HistoricalRecords.context, "request", None), "reason", None)
    if context_reason and not history_instance.history_change_reason:
        history_instance.history_change_reason = context_reason


@receiver(pre_delete)
def _clear_links_with_history(sender, instance, **kwargs):
    """A tracked row whose link is SET_NULL when its target is deleted gets that change in
    its history.

    Django clears such links with one UPDATE, which writes no history. Clearing them here
    first, by saving each row, records the change with the user; Django's UPDATE then
    finds nothing left to clear.
    """
    if not isinstance(instance, TrackedModel):
        return
    for relation in instance._meta.related_objects:
        if relation.on_delete is not models.SET_NULL:
            continue
        model = relation.related_model
        if not issubclass(model, TrackedModel):
            continue
        field = relation.field
        for row in model._base_manager.filter(**{field.name: instance.pk}):
            setattr(row, field.attname, None)
            row._change_reason = gettext("%(field)s was deleted") % {
                "field": capfirst(field.verbose_name)
            }
            row.save()


@contextmanager
def acting_as(user, reason: str = "") -> Iterator[None]:
    """Record ``user`` (and ``reason``) on history written inside the block.

    For management commands and Celery tasks, where no request carries the user.
    """
    previous = getattr(HistoricalRecords.context, "request", None)
    HistoricalRecords.context.request = SimpleNamespace(user=user, reason=reason)
    try:
        yield
    finally:
        if previous is None:
            del HistoricalRecords.context.request
        else:
            HistoricalRecords.context.request = previous


def system_user():
    """The account that automatic jobs act as when no person started them."""
    from django.contrib.auth import get_user_model

    user, _created = get_user_model().objects.get_or_create(
        username="system",
        defaults={"first_name": "BASS", "last_name": "system", "is_active": False},
    )
    return user


@functools.cache
def _history_table(model) -> str:
    """The history table of a tracked model (``Model.history`` builds a new manager class
    on every access: 0.15 ms)."""
    return model.history.model._meta.db_table


def newest_history_ids(models) -> tuple:
    """The newest history id of each of ``models`` (tracked models), in one query of index
    look-ups: it changes whenever a row of one of them is added, changed or deleted."""
    from django.db import connection

    quote = connection.ops.quote_name
    tables = [_history_table(model) for model in models]
    # Table names come from our own models, never from input.
    selects = ", ".join(f"(SELECT MAX(history_id) FROM {quote(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}")
        return tuple(cursor.fetchone())


def data_fingerprint() -> str:
    """Changes whenever any tracked row is added, changed or deleted: every save and delete
    writes a history row, so the newest history id of each tracked model tells. One query
    of index look-ups however much data there is; for caching what is computed from the
    state of the work (a commit that lands after a later-numbered one can leave the newest
    id unchanged, so such caches also expire after a short time)."""
    from django.apps import apps

    models = sorted(
        (
            model
            for model in apps.get_models()
            if issubclass(model, TrackedModel) and not model._meta.abstract
        ),
        key=lambda model: model._meta.label,
    )
    return ",".join(str(value or 0) for value in newest_history_ids(models))
