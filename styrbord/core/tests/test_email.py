"""Password reset over a real SMTP conversation (aiosmtpd on a free local port)."""

import email
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.DEFAULT_FROM_EMAIL = "styrbord@norrbacken.example"
    yield inbox
    controller.stop()


def test_forgotten_password_is_reset_through_smtp(world, client, smtp_server):
    person = world.users["employee"]
    response = client.post(reverse("password_reset"), {"email": person.email})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")

    assert len(smtp_server.messages) == 1
    sender, recipients, raw = smtp_server.messages[0]
    assert sender == "styrbord@norrbacken.example"
    assert recipients == [person.email]
    message = email.message_from_bytes(raw)
    assert message.is_multipart()  # plain text and HTML
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    link = re.search(r"https?://[^/\s]+(/password-reset/[^\s]+/)", text).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    set_url = form_page.redirect_chain[-1][0]
    saved = client.post(set_url, {"new_password1": "Ny-Lösen-2026!", "new_password2": "Ny-Lösen-2026!"})
    assert saved.status_code == 302 and saved["Location"] == reverse("password_reset_complete")
    logged_in = client.post(reverse("login"), {"username": person.username, "password": "Ny-Lösen-2026!"})
    assert logged_in.status_code == 302 and logged_in["Location"] == reverse("core:home")
    # The link works once.
    client.post(reverse("logout"))
    assert client.get(link, follow=True).context["validlink"] is False


def test_unknown_address_sends_nothing_and_reveals_nothing(world, client, smtp_server):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert smtp_server.messages == []
