from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Implementation plans")

    def ready(self) -> None:
        from discussion.registry import register

        register(
            "plans.milestone",
            write="contribute_improvement",
            notify_kinds=("implementation_lead", "specialty_owner"),
            own_page=False,
        )
