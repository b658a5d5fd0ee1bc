"""The events that happen below or beside this floor: roles given or ended, exports ready,
text overwritten, comments and mentions.

``roles`` and ``bass`` cannot import notifications (it is above them), and ``discussion``
shares its floor, so notifications listens to their models' saves and to the shared
signals of ``bass.signals`` instead.
"""

import logging

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from bass.exports import REGISTRY as EXPORT_KINDS
from bass.models import Export
from bass.signals import people_concerned, text_overwritten
from notifications.notify import notify
from roles.models import RoleAssignment

log = logging.getLogger(__name__)


def _acting_user():
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def _role_label(assignment: RoleAssignment) -> str:
    return f"{assignment.kind_label} – {assignment.content_object}"


def _role_url(assignment: RoleAssignment) -> str:
    holder = assignment.content_object
    get_url = getattr(holder, "get_absolute_url", None)
    return get_url() if get_url else ""


@receiver(pre_save, sender=RoleAssignment)
def _remember_end(sender, instance: RoleAssignment, **kwargs) -> None:
    if instance.pk is None:
        instance._valid_to_before = None
        return
    instance._valid_to_before = (
        RoleAssignment.objects.filter(pk=instance.pk).values_list("valid_to", flat=True).first()
    )


@receiver(post_save, sender=RoleAssignment)
def _role_changed(sender, instance: RoleAssignment, created: bool, raw=False, **kwargs) -> None:
    if raw:
        return
    actor = instance.assigned_by if created and instance.assigned_by else _acting_user()
    if created:
        notify(
            [instance.person.user],
            "role_given",
            target=instance,
            actor=actor,
            label=_role_label(instance),
            url=_role_url(instance),
        )
    elif instance.valid_to is not None and getattr(instance, "_valid_to_before", None) is None:
        notify(
            [instance.person.user],
            "role_ended",
            target=instance,
            actor=_acting_user(),
            label=_role_label(instance),
            url="",
        )


@receiver(pre_save, sender=Export)
def _remember_status(sender, instance: Export, **kwargs) -> None:
    instance._status_before = (
        Export.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        if instance.pk is not None
        else None
    )


@receiver(post_save, sender=Export)
def _export_finished(sender, instance: Export, raw=False, **kwargs) -> None:
    if raw or instance.status != Export.Status.DONE or instance.requested_by_id is None:
        return
    if getattr(instance, "_status_before", None) == Export.Status.DONE:
        return
    subject = instance.subject
    kind = EXPORT_KINDS.get(instance.kind)
    label = f"{kind.label}: {subject}" if kind else str(subject)
    notify(
        [instance.requested_by],
        "export_ready",
        target=subject,
        label=f"{label} ({instance.language})",
        url=instance.get_absolute_url(),
    )


@receiver(text_overwritten)
def _text_overwritten(sender, instance, overwritten_version: int, **kwargs) -> None:
    """Tell the person whose newer text was just replaced from the conflict page."""
    replaced = (
        instance.history.filter(version=overwritten_version)
        .order_by("-history_id")
        .values_list("history_user_id", flat=True)
        .first()
    )
    if replaced is None:
        return
    notify(
        get_user_model().objects.filter(pk=replaced),
        "edit_overwritten",
        target=instance,
        actor=_acting_user(),
        url=instance.get_history_url(),
    )


@receiver(people_concerned)
def _people_concerned(sender, recipients, event, target, actor=None, text="", url=None, **kwargs):
    notify(recipients, event, target, actor=actor, text=text, url=url)
