from django.core.management.base import BaseCommand

from bass.demo_data import DEMO_PASSWORD
from bass.history import acting_as, system_user
from clusters import demo


class Command(BaseCommand):
    help = (
        "Load the Slagelse and Randers health clusters, the Slagelse forum's meeting of "
        "3 April 2025 and the initiatives. Run after load_demo. Running it twice changes nothing."
    )

    def handle(self, *args, **options) -> None:
        with acting_as(system_user(), "Demodata"):
            created = demo.load()
        self.stdout.write(f"Cluster demo data loaded ({created} new objects).")
        self.stdout.write(f"Cluster demo users (password: {DEMO_PASSWORD}):")
        for username, (first, last, kind) in demo.USERS.items():
            self.stdout.write(f"  {username:<20} {first} {last}: {kind} – {demo.STRATEGIC}")
