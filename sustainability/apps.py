from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SustainabilityConfig(AppConfig):
    name = "sustainability"
    verbose_name = _("Sustainability")

    def ready(self) -> None:
        from discussion.registry import register

        register(
            "sustainability.assessment",
            write="comment_specialty",
            notify_kinds=("specialty_owner", "implementation_lead"),
        )
