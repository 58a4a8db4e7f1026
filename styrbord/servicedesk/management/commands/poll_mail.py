"""``styrbord poll-mail``: read the unseen messages of an IMAP mailbox into tickets and replies.

The mailbox is ``--url imaps://user:password@host/INBOX`` or the STYRBORD_IMAP_URL environment
variable (a password with special characters is percent-encoded). With ``--every SECONDS``
it keeps polling; otherwise it reads once (the worker's periodic task does the same every two
minutes when STYRBORD_IMAP_URL is set).
"""

import imaplib
import os
import time

from django.core.management.base import BaseCommand, CommandError

from styrbord.servicedesk.mail_in import poll_imap


class Command(BaseCommand):
    help = "Read unseen messages from an IMAP mailbox and turn them into tickets or replies."
    # Mail must keep flowing in: no system checks of unrelated parts on every message.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="", help="imaps://user:password@host[:port]/MAILBOX (or STYRBORD_IMAP_URL)"
        )
        parser.add_argument("--every", type=int, default=0, help="Keep polling, this many seconds apart.")

    def handle(self, *args, url, every, **options):
        url = url or os.environ.get("STYRBORD_IMAP_URL", "")
        if not url:
            raise CommandError("Give --url imaps://user:password@host/INBOX or set STYRBORD_IMAP_URL.")
        while True:
            try:
                counts = poll_imap(url)
            except (OSError, ValueError, imaplib.IMAP4.error) as error:
                raise CommandError(f"The mailbox cannot be read: {error}") from error
            self.stdout.write("Processed {processed}, refused {refused}, failed {failed}.".format(**counts))
            if every <= 0:
                return
            time.sleep(every)
