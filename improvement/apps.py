from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    name = "improvement"
    verbose_name = _("Improvement")

    def ready(self) -> None:
        from discussion.registry import register

        leads = ("implementation_lead", "specialty_owner", "forum_chair", "forum_secretary")
        for label in ("improvement.pdsacycle", "improvement.measure"):
            register(label, write="contribute_improvement", notify_kinds=leads)
        # A driver-diagram node is a box on its diagram: its thread has a page of its own.
        register(
            "improvement.drivernode",
            write="contribute_improvement",
            notify_kinds=leads,
            own_page=False,
        )
