from django.core.management.base import BaseCommand

from bass.history import acting_as, system_user
from sustainability import demo


class Command(BaseCommand):
    help = (
        "Give every specialty two finalised example assessments and two prism ratings. "
        "Running it twice changes nothing."
    )

    def handle(self, *args, **options) -> None:
        with acting_as(system_user(), "Demodata"):
            created = demo.load()
        self.stdout.write(f"Sustainability demo data loaded ({created} new objects).")
