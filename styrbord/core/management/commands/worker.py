"""Many-machine mode: a background worker process (run N of them beside the web processes)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run background tasks and the scheduler (huey consumer)."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--no-periodic", action="store_true", help="Leave periodic tasks to one other worker process."
        )

    def handle(self, *args, workers, no_periodic, **options):
        from huey.contrib.djhuey import HUEY

        consumer = HUEY.create_consumer(workers=workers, worker_type="thread", periodic=not no_periodic)
        consumer.run()
