from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """The roof: programme-wide pages that read every app through its queries.py."""

    name = "programme"
    verbose_name = _("Programme overview")

    def ready(self) -> None:
        from programme import miniguide  # noqa: F401 - registers the miniguide exports
