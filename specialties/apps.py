from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpecialtiesConfig(AppConfig):
    name = "specialties"
    verbose_name = _("Specialties")

    def ready(self) -> None:
        from discussion.registry import register
        from specialties.models import Specialty

        def steering_group(user, ambition) -> bool:
            # The steering group comments on the ambitions it decides on, but edits none.
            from roles.permissions import may

            return may(user, "approve_ambition", Specialty)

        writers = ("specialty_owner", "implementation_lead")
        register(
            "specialties.ambition",
            write="comment_specialty",
            also_write=steering_group,
            notify_kinds=writers,
        )
        register(
            "specialties.dilemma",
            write="comment_specialty",
            notify_kinds=writers,
            own_page=False,
        )
