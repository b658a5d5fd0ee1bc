from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = _("Roles and permissions")

    def ready(self) -> None:
        from roles import signals  # noqa: F401 - connects the permission sync
