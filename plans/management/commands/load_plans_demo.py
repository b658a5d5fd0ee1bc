from django.core.management.base import BaseCommand
from django.utils import timezone

from bass.dates import add_today_argument
from bass.history import acting_as, system_user
from plans import demo


class Command(BaseCommand):
    help = (
        "Give the demo specialties their BASS phases, kardiologi and lungesygdomme an "
        "implementation plan with milestones and a grant with spending. Running it twice "
        "changes nothing."
    )

    def add_arguments(self, parser) -> None:
        add_today_argument(parser)

    def handle(self, *args, **options) -> None:
        today = options["today"] or timezone.localdate()
        with acting_as(system_user(), "Demodata"):
            created = demo.load(today)
        self.stdout.write(f"Implementation plan demo data loaded ({created} new objects).")
