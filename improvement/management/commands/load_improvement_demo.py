from django.core.management.base import BaseCommand
from django.utils import timezone

from bass.dates import add_today_argument
from bass.history import acting_as, system_user
from improvement import demo


class Command(BaseCommand):
    help = (
        "Give kardiologi and a Slagelse cluster initiative (when the cluster demo is loaded) "
        "an example improvement project. Running it twice changes nothing."
    )

    def add_arguments(self, parser) -> None:
        add_today_argument(parser)

    def handle(self, *args, **options) -> None:
        today = options["today"] or timezone.localdate()
        with acting_as(system_user(), "Demodata"):
            created = demo.load(today) + demo.load_cluster_project(today)
        self.stdout.write(f"Improvement demo data loaded ({created} new objects).")
