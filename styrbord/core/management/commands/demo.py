from django.core.management.base import BaseCommand
from django.db import transaction

from styrbord.core.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo municipalities, people and logins. Running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--employees", type=int, default=480, help="How many generated employees the main demo municipality gets."
        )

    def handle(self, *args, employees, **options):
        with transaction.atomic():
            context = load_demo(stdout=self.stdout, employees=employees)
        self.stdout.write(self.style.SUCCESS("Demo ready."))
        logins = context.get("logins", [])
        if logins:
            self.stdout.write(f"\nDemo logins (password: {context['password']}):")
            for username, description in logins:
                self.stdout.write(f"  {username:<16} {description}")
