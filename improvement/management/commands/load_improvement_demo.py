from django.core.management.base import BaseCommand

from bass.history import acting_as, system_user
from improvement import demo


class Command(BaseCommand):
    help = (
        "Give kardiologi and a Slagelse cluster initiative (when the cluster demo is loaded) "
        "an example improvement project. Running it twice changes nothing."
    )

    def handle(self, *args, **options) -> None:
        with acting_as(system_user(), "Demodata"):
            created = demo.load() + demo.load_cluster_project()
        self.stdout.write(f"Improvement demo data loaded ({created} new objects).")
