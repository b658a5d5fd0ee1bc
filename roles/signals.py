"""Keep derived permissions in step with assignments, at once and at login."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from roles.kinds import KINDS
from roles.models import RoleAssignment
from roles.permissions import sync_user

_HOLDER_MODELS = {kind.applies_to for kind in KINDS.values()}


@receiver(post_save, sender=RoleAssignment)
@receiver(post_delete, sender=RoleAssignment)
def _assignment_changed(sender, instance: RoleAssignment, **kwargs) -> None:
    # Same transaction as the change: if it rolls back, so do the permissions.
    sync_user(instance.person.user)


@receiver(user_logged_in)
def _sync_at_login(sender, request, user, **kwargs) -> None:
    # Assignments that started or ended since the last periodic run take effect at login.
    sync_user(user)


@receiver(pre_delete)
def _delete_roles_with_object(sender, instance, **kwargs) -> None:
    """No assignment (and so no permission) outlives the object it is held on."""
    if sender._meta.label_lower not in _HOLDER_MODELS:
        return
    for assignment in RoleAssignment.objects.on_object(instance):
        assignment.delete()
