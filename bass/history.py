"""History of every change: one abstract base for tracked models and the acting user.

Requests get their user from simple_history's middleware. Management commands and Celery
tasks have no request, so they wrap their writes in ``acting_as(user, reason)``; the user
and reason are then recorded on every historical row written inside the block.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


class HistoryUserSnapshot(models.Model):
    """Extra columns on every historical table.

    The user's name is copied at the time of the change, so deleting or renaming a user
    never erases who did what.
    """

    history_user_name = models.CharField(_("changed by (name)"), max_length=300, blank=True)

    class Meta:
        abstract = True


def tracked_history() -> HistoricalRecords:
    return HistoricalRecords(inherit=True, bases=[HistoryUserSnapshot])


class TrackedModel(models.Model):
    """Base of every domain model: history plus a version number for edit conflicts."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = tracked_history()

    # Reference data (hospitals, municipalities, ...) may be read by every signed-in user.
    readable_by_all_users = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)

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
