"""One-machine mode: the web server, the background worker and the scheduler in one process."""

import signal
import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Serve Styrbord with its background worker and scheduler in one process."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8, help="Web request threads.")
        parser.add_argument("--workers", type=int, default=2, help="Background task threads.")
        parser.add_argument("--no-worker", action="store_true", help="Serve pages only (workers run elsewhere).")

    def handle(self, *args, host, port, threads, workers, no_worker, **options):
        import waitress
        from huey.contrib.djhuey import HUEY

        from styrbord.wsgi import application

        consumer = None
        if not no_worker:
            consumer = HUEY.create_consumer(workers=workers, worker_type="thread", periodic=True)
            consumer.start()
            # The consumer installs its own handlers; the web server decides when to stop.
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
        url = f"http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}/"  # noqa: S104
        self.stdout.write(self.style.SUCCESS(_("Styrbord is running at %(url)s") % {"url": url}))
        if settings.DEBUG:
            self.stdout.write(_("Debug mode is on."))
        proxy = {}
        if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
            # Behind a TLS-terminating proxy: let waitress pass on the proxy's headers.
            proxy = {
                "trusted_proxy": settings.STYRBORD_TRUSTED_PROXY,
                "trusted_proxy_count": settings.STYRBORD_PROXY_COUNT or 1,
                "trusted_proxy_headers": {"x-forwarded-proto", "x-forwarded-for"},
                "clear_untrusted_proxy_headers": True,
            }
        try:
            waitress.serve(application, host=host, port=port, threads=threads, ident="Styrbord", _quiet=True, **proxy)
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            if consumer is not None:
                consumer.stop(graceful=True)
