from django.core.management.base import BaseCommand
from django.utils import timezone

from bass.dates import add_today_argument
from bass.history import acting_as, system_user
from sustainability import demo


class Command(BaseCommand):
    help = (
        "Give every specialty two finalised example assessments and two prism ratings. "
        "Running it twice changes nothing."
    )

    def add_arguments(self, parser) -> None:
        add_today_argument(parser)

    def handle(self, *args, **options) -> None:
        today = options["today"] or timezone.localdate()
        with acting_as(system_user(), "Demodata"):
            created = demo.load(today=today)
        self.stdout.write(f"Sustainability demo data loaded ({created} new objects).")
