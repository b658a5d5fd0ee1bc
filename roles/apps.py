from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _groups_after_migrate(sender, **kwargs) -> None:
    # post_migrate is sent once per app; the last app's signal comes after every app's
    # permissions exist, so the role groups are derived once, with all of them.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        from roles.permissions import ensure_groups

        ensure_groups()


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = _("Roles and permissions")

    def ready(self) -> None:
        from roles import (
            signals,  # noqa: F401 - connects the permission sync
            signin,  # noqa: F401 - connects the sign-in records
        )

        post_migrate.connect(_groups_after_migrate, dispatch_uid="roles_groups_after_migrate")
