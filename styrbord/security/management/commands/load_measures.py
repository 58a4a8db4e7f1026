from django.core.management.base import BaseCommand

from styrbord.infra.management.commands.load_item_types import find_organisation
from styrbord.security import catalogue


class Command(BaseCommand):
    help = (
        "Load the newest shipped security-measure catalogue (security/data/measures-v<N>.yaml) into an "
        "organisation. New measures are added; measures the organisation edited are never overwritten; "
        "running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="Organisation number, short name, name or id.")
        parser.add_argument("--language", choices=catalogue.LANGUAGES, help="Default: the site's language.")

    def handle(self, *args, organisation, language=None, **options):
        org = find_organisation(organisation)
        outcome = catalogue.load_catalogue(acting_user=None, organisation=org, language=language)
        self.stdout.write(
            f"{org.name}: catalogue version {outcome['version']}: {len(outcome['created'])} created, "
            f"{len(outcome['updated'])} updated, {len(outcome['kept'])} kept (edited), "
            f"{len(outcome['deactivated'])} deactivated, {len(outcome['unchanged'])} unchanged"
        )
