from django.core.management.base import BaseCommand

from bass.history import acting_as, system_user
from roles.permissions import rebuild_all


class Command(BaseCommand):
    help = "Recompute every object permission from the role assignments and print the changes."

    def handle(self, *args, **options) -> None:
        with acting_as(system_user(), "rebuild_permissions"):
            changes = rebuild_all()
        for line in changes.added:
            self.stdout.write(f"+ {line}")
        for line in changes.removed:
            self.stdout.write(f"- {line}")
        self.stdout.write(
            f"{len(changes.added)} added, {len(changes.removed)} removed."
            if changes
            else "No changes: permissions match the assignments."
        )
