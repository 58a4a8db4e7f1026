from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from styrbord.infra import services
from styrbord.organisations.models import Organisation


def find_organisation(value):
    """An organisation by organisation number, short name, name or id."""
    query = Q(org_number=value) | Q(short_name__iexact=value) | Q(name__iexact=value)
    if str(value).isdigit():
        query |= Q(pk=int(value))
    matches = list(Organisation.objects.filter(query)[:2])
    if len(matches) != 1:
        raise CommandError(f"No single organisation matches {value!r}: give its organisation number.")
    return matches[0]


class Command(BaseCommand):
    help = (
        "Add the default configuration-item types (infra/data/item_types.yaml) to one or every organisation. "
        "Existing types keep what administrators changed; a newer version only adds fields. Running it twice "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="Organisation number, short name or id; default: every active one.")
        parser.add_argument("--file", help="Another library file in the same format.")

    def handle(self, *args, organisation=None, file=None, **options):
        library = services.read_library(file) if file else services.read_library()
        organisations = (
            [find_organisation(organisation)] if organisation else Organisation.objects.filter(is_active=True)
        )
        for org in organisations:
            outcome = services.install_item_types(acting_user=None, organisation=org, library=library)
            self.stdout.write(
                f"{org.name}: {len(outcome['created'])} created, {len(outcome['extended'])} extended, "
                f"{len(outcome['unchanged'])} unchanged"
            )
