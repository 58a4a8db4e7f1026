from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from styrbord.infra.importing import REFUSE, ImportFileError, run_import
from styrbord.organisations.models import User

from .load_item_types import find_organisation


class Command(BaseCommand):
    help = (
        "Import configuration items from a CSV or XLSX file. Every row is matched by serial number, else by "
        "name. When any row is refused nothing is imported; --dry-run only shows what would happen."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--organisation", required=True, help="Organisation number, short name or id.")
        parser.add_argument("--dry-run", action="store_true", help="Show the outcome per row; change nothing.")
        parser.add_argument("--user", help="User name recorded in the history as the one who imported.")

    def handle(self, *args, file, organisation, dry_run, user=None, **options):
        org = find_organisation(organisation)
        acting_user = None
        if user:
            acting_user = User.objects.filter(username=user).first()
            if acting_user is None:
                raise CommandError(f"No user {user!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}.")
        try:
            result = run_import(
                path.read_bytes(), path.name, organisation=org, acting_user=acting_user, dry_run=dry_run
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        for row in result.rows:
            detail = "; ".join(row.reasons) or ", ".join(f"{label}: {old} → {new}" for label, old, new in row.changes)
            self.stdout.write(f"row {row.number:>5}  {row.action:<9}  {row.name}  {detail}".rstrip())
        summary = result.summary()
        self.stdout.write(
            f"{summary['create']} to create, {summary['change']} to change, {summary['unchanged']} unchanged, "
            f"{summary[REFUSE]} refused."
        )
        if summary[REFUSE]:
            raise CommandError("Nothing was imported: fix the refused rows and run again.")
        self.stdout.write(self.style.SUCCESS("Dry run: nothing was changed." if dry_run else "Imported."))
