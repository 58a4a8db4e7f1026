"""``styrbord generate``: fill the database with generated data at a scale, for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from styrbord.core.tenancy import access_changed
from styrbord.generator.build import generate
from styrbord.generator.scales import SCALES
from styrbord.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Fill the database with generated municipalities, people, catalogue, subscriptions and tickets. "
        "Scales: XS (tests), S (one municipality, about 5 000 tickets), M (10 municipalities, about "
        "100 000 tickets over 2 years), L (about 1 000 000 tickets over 3 years; use PostgreSQL)."
    )

    # The data does not depend on the URL configuration or the other checks; skip them for speed.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="S")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--tickets", type=int, help="Override the scale's number of tickets.")
        parser.add_argument("--append", action="store_true", help="Add to a database that already has organisations.")

    def handle(self, *args, scale, seed, tickets, append, **options):
        if Organisation.objects.exists() and not append:
            raise CommandError("The database already has organisations: use an empty database, or --append.")
        started = time.monotonic()
        counts = generate(scale, seed=seed, tickets=tickets, stdout=self.stdout)
        refresh_statistics()
        access_changed()  # people and roles were bulk-inserted, past the signals: running workers read anew
        for name, number in counts.items():
            self.stdout.write(f"  {name:<22} {number:>10,}".replace(",", " "))
        self.stdout.write(self.style.SUCCESS(f"Scale {scale} generated in {time.monotonic() - started:.1f} s."))


def refresh_statistics():
    """Let PostgreSQL's planner see the new rows at once.

    Bulk inserts leave the table statistics saying "empty" until autovacuum gets round to them;
    until then a list of 50 tickets may be planned as a sort of every ticket (hundreds of ms at M
    instead of a few). VACUUM also sets the visibility map, so index-only counts work from the start;
    it cannot run inside a transaction, where ANALYZE alone still gives the planner its figures.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
