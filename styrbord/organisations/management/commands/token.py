from django.core.management.base import BaseCommand, CommandError

from styrbord.organisations import services
from styrbord.organisations.models import User


class Command(BaseCommand):
    help = "Create a personal API token for USERNAME and print its key (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What the token is for.")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username!r} is deactivated.")
        _token, key = services.create_api_token(acting_user=None, user=user, name=name)
        self.stdout.write(key)
