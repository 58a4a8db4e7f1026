"""``styrbord export-charges --year Y [--month M] --format csv|xlsx|sie [--organisation ORG] [--output FILE]``."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from styrbord.organisations.models import Organisation

from ...choices import ExportFormat
from ...exports import export_charges


def find_organisation(value):
    if value is None:
        organisations = list(Organisation.objects.filter(is_active=True)[:2])
        if len(organisations) != 1:
            raise CommandError("There are several organisations: name one with --organisation (number or id).")
        return organisations[0]
    query = Organisation.objects.filter(org_number=value)
    if value.isdigit():
        query = query | Organisation.objects.filter(pk=int(value))
    organisation = query.first()
    if organisation is None:
        raise CommandError(f"No organisation {value!r}: give its organisation number (NNNNNN-NNNN) or id.")
    return organisation


class Command(BaseCommand):
    help = "Export a month's or a year's internal IT charges as CSV, XLSX or SIE 4 (internal invoicing)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, choices=range(1, 13), metavar="1-12")
        parser.add_argument("--format", choices=[choice.value for choice in ExportFormat], default=ExportFormat.CSV)
        parser.add_argument(
            "--organisation", help="Organisation number (NNNNNN-NNNN) or id; needed when there are several."
        )
        parser.add_argument("--output", help="File to write; default: the standard output (not for xlsx).")

    def handle(self, *args, year, month, format, organisation, output, **options):
        organisation = find_organisation(organisation)
        try:
            content, filename, _content_type = export_charges(organisation, year, month, format)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if output:
            with open(output, "wb") as handle:
                handle.write(content)
            self.stderr.write(f"Wrote {output} ({len(content)} bytes).")
        elif format == ExportFormat.XLSX:
            raise CommandError(f"An XLSX file is binary: write it with --output {filename}.")
        else:
            stream = getattr(getattr(self.stdout, "_out", None), "buffer", None)
            if stream is not None:
                stream.write(content)
                stream.flush()
            else:
                self.stdout.write(content.decode("cp437" if format == ExportFormat.SIE else "utf-8"), ending="")
