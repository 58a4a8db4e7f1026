"""A service desk on top of ``build_world``: calendars, a queue, services with levels, staff, SMTP.

Used by the lifecycle, mail, task, maintenance and survey tests.
"""

import socket
from datetime import datetime, time
from types import SimpleNamespace

from aiosmtpd.controller import Controller

from styrbord.catalog import services as catalog
from styrbord.servicedesk.models import QueueMember
from styrbord.servicedesk.sla import STOCKHOLM

OFFICE_HOURS = [{"weekday": day, "opens": time(8), "closes": time(17)} for day in range(5)]
# (response, resolution) business minutes for P1–P4.
STANDARD_TARGETS = [(30, 240), (60, 480), (240, 1440), (480, 2400)]
ROUND_THE_CLOCK_TARGETS = [(15, 240), (30, 480), (60, 960), (120, 1920)]


def at(*args):
    """A Europe/Stockholm wall-clock instant."""
    return datetime(*args, tzinfo=STOCKHOLM)


def _targets(pairs):
    return [
        {"priority": priority, "response_minutes": response, "resolution_minutes": resolution}
        for priority, (response, resolution) in enumerate(pairs, start=1)
    ]


def build_desk(world):
    """An office-hours calendar (closed on public and de facto holidays) and a 24/7 one; a
    workplace queue worked by IT staff and led by the support lead; a laptop service on office
    hours (level Standard, its default) that also offers a 24/7 level, and a server service on 24/7.
    """
    org = world.org
    office = catalog.create_calendar(acting_user=None, organisation=org, name="Kontorstid", segments=OFFICE_HOURS)
    round_the_clock = catalog.create_calendar(
        acting_user=None,
        organisation=org,
        name="Dygnet runt",
        always_open=True,
        closed_on_public_holidays=False,
        closed_on_de_facto_holidays=False,
    )
    queue = catalog.create_area(acting_user=None, organisation=org, name="Arbetsplats", code="arbetsplats")
    laptop = catalog.create_service(
        acting_user=None, organisation=org, area=queue, name="Bärbar dator", code="dator", unit="device"
    )
    standard = catalog.create_level(
        acting_user=None, service=laptop, name="Standard", calendar=office, targets=_targets(STANDARD_TARGETS)
    )
    laptop_24_7 = catalog.create_level(
        acting_user=None,
        service=laptop,
        name="Jour",
        calendar=round_the_clock,
        targets=_targets(ROUND_THE_CLOCK_TARGETS),
    )
    catalog.update_service(laptop, acting_user=None, default_level=standard)
    servers = catalog.create_service(
        acting_user=None, organisation=org, area=queue, name="Serverdrift", code="server", unit="server"
    )
    server_level = catalog.create_level(
        acting_user=None,
        service=servers,
        name="Dygnet runt",
        calendar=round_the_clock,
        targets=_targets(ROUND_THE_CLOCK_TARGETS),
    )
    catalog.update_service(servers, acting_user=None, default_level=server_level)
    QueueMember.objects.create(area=queue, user=world.users["it_staff"])
    QueueMember.objects.create(area=queue, user=world.users["support_lead"], is_lead=True)
    return SimpleNamespace(
        org=org,
        office=office,
        round_the_clock=round_the_clock,
        queue=queue,
        laptop=laptop,
        standard=standard,
        laptop_24_7=laptop_24_7,
        servers=servers,
        server_level=server_level,
        reporter=world.users["employee"],
        staff=world.users["it_staff"],
        lead=world.users["support_lead"],
        it_head=world.users["it_head"],
    )


class Inbox:
    """What an aiosmtpd server received: (sender, recipients, parsed message)."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for _sender, recipients, message in self.messages if address in recipients]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def smtp_server(settings):
    """A real SMTP server on a free local port that Django sends to; a fixture body (yield it)."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "support@norrbacken.example"
    settings.STYRBORD_BASE_URL = "https://styrbord.norrbacken.example"
    try:
        yield inbox
    finally:
        controller.stop()
