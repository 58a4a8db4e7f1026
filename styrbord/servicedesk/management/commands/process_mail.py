"""``styrbord process-mail``: one RFC 822 message on stdin becomes a ticket or a reply.

For a mail server's pipe, e.g. in Postfix's aliases: ``support: "|styrbord process-mail"``.
Refused mail (unknown sender, automatic reply) exits 0 so the server does not bounce it.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from styrbord.servicedesk.mail_in import process_message


class Command(BaseCommand):
    help = "Read one e-mail message on stdin and turn it into a ticket or a reply to a ticket."
    stealth_options = ("stdin",)  # call_command(..., stdin=BytesIO(...)) in tests
    # Mail must keep flowing in: no system checks of unrelated parts on every message.
    requires_system_checks = []

    def handle(self, *args, **options):
        stream = options.get("stdin") or sys.stdin.buffer
        raw = stream.read()
        if isinstance(raw, str):
            raw = raw.encode()
        if not raw.strip():
            raise CommandError("No message on stdin.")
        result = process_message(raw)
        if result is None:
            self.stdout.write("Refused: see the log for the reason.")
        elif hasattr(result, "reference"):
            self.stdout.write(f"New ticket {result.reference}.")
        else:
            self.stdout.write(f"Reply added to ticket {result.ticket.reference}.")
