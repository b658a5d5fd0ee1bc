from django.core.management.base import BaseCommand

from bass.history import acting_as, system_user
from plans import demo


class Command(BaseCommand):
    help = (
        "Give the demo specialties their BASS phases, kardiologi and lungesygdomme an "
        "implementation plan with milestones and a grant with spending. Running it twice "
        "changes nothing."
    )

    def handle(self, *args, **options) -> None:
        with acting_as(system_user(), "Demodata"):
            created = demo.load()
        self.stdout.write(f"Implementation plan demo data loaded ({created} new objects).")
