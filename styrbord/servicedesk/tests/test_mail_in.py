"""Incoming e-mail: new tickets, replies by reference, refusals, attachments, stdin and IMAP."""

import io
import logging
import socketserver
import threading
from email.message import EmailMessage

import pytest
from django.core.management import CommandError, call_command

from styrbord.organisations import services as organisations
from styrbord.servicedesk import services
from styrbord.servicedesk.choices import LinkKind, TicketStatus
from styrbord.servicedesk.mail_in import clean_subject, html_to_text, process_message, strip_quoted
from styrbord.servicedesk.models import Attachment, Comment, Ticket

from .desk_world import build_desk


@pytest.fixture
def desk(world):
    return build_desk(world)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def mail(sender, subject="Skärmen är svart", body="Min skärm visar ingenting sedan i morse.", **headers):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@norrbacken.example"
    message["Subject"] = subject
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def raw(message):
    return bytes(message)


# New tickets ----------------------------------------------------------------------------------


def test_a_known_sender_gets_a_new_ticket_in_their_organisation(desk):
    reporter = desk.reporter
    ticket = process_message(raw(mail(f"Employee Testsson <{reporter.email.upper()}>")))
    assert isinstance(ticket, Ticket)
    assert (ticket.organisation, ticket.reporter, ticket.created_by) == (desk.org, reporter, reporter)
    assert (ticket.channel, ticket.status) == ("email", TicketStatus.NEW)
    assert ticket.title == "Skärmen är svart"
    assert ticket.description == "Min skärm visar ingenting sedan i morse."
    assert ticket.department == reporter.memberships.get().department


def test_html_only_mail_is_read_as_text(desk):
    message = EmailMessage()
    message["From"] = desk.reporter.email
    message["Subject"] = "=?utf-8?q?Skrivaren_p=C3=A5_plan_2?="
    message.set_content(
        "<html><head><style>p {color: red}</style></head><body><p>Hej!</p>"
        "<p>Skrivaren s&auml;ger <b>papperstrassel</b>.<br>Mvh Anna</p><script>alert(1)</script></body></html>",
        subtype="html",
    )
    ticket = process_message(raw(message))
    assert ticket.title == "Skrivaren på plan 2"
    assert ticket.description == "Hej!\nSkrivaren säger papperstrassel.\nMvh Anna"


def test_plain_text_wins_over_html(desk):
    message = mail(desk.reporter.email, body="Texten")
    message.add_alternative("<p>HTML-versionen</p>", subtype="html")
    assert process_message(raw(message)).description == "Texten"


def test_a_person_in_several_organisations_reports_in_the_first(desk, world):
    person = desk.staff
    organisations.add_membership(acting_user=None, user=person, organisation=world.other_org)
    ticket = process_message(raw(mail(person.email)))
    assert ticket.organisation == desk.org


def test_an_empty_subject_gets_a_title(desk):
    ticket = process_message(raw(mail(desk.reporter.email, subject="")))
    assert ticket.title


def test_attached_files_are_stored_and_refused_types_skipped(desk, caplog):
    message = mail(desk.reporter.email)
    message.add_attachment(b"felkod 0x8007\n", maintype="text", subtype="plain", filename="logg.txt")
    message.add_attachment(b"MZ\x90\x00binary", maintype="application", subtype="octet-stream", filename="fix.exe")
    with caplog.at_level(logging.INFO, logger="styrbord.servicedesk.mail_in"):
        ticket = process_message(raw(message))
    (attachment,) = Attachment.objects.filter(ticket=ticket)
    assert (attachment.name, attachment.uploaded_by, attachment.size) == ("logg.txt", desk.reporter, 14)
    assert attachment.file.read() == b"felkod 0x8007\n"
    assert "fix.exe" in caplog.text


# Replies ----------------------------------------------------------------------------------------


@pytest.fixture
def ticket(desk):
    return services.create_ticket(
        acting_user=desk.reporter,
        organisation=desk.org,
        reporter=desk.reporter,
        title="Skärmen är svart",
        assignee=desk.staff,
        notify=False,
    )


def test_a_reply_with_the_reference_becomes_a_public_comment(desk, ticket):
    body = "Nu blinkar den i alla fall.\n\nDen 24 nov. 2025 skrev Styrbord:\n> Har du provat en annan kabel?\n"
    comment = process_message(raw(mail(desk.reporter.email, subject=f"SV: [#{ticket.pk}] New reply: x", body=body)))
    assert isinstance(comment, Comment)
    assert (comment.ticket, comment.author, comment.is_public, comment.via_email) == (ticket, desk.reporter, True, True)
    assert comment.body == "Nu blinkar den i alla fall."
    assert Ticket.objects.count() == 1


def test_staff_answering_by_mail_meets_the_response_target(desk, ticket):
    process_message(raw(mail(desk.staff.email, subject=f"Re: [#{ticket.pk}] Skärmen är svart", body="Vi kommer.")))
    ticket.refresh_from_db()
    assert ticket.first_response_at is not None


def test_a_reply_while_waiting_resumes_the_ticket(desk, ticket):
    services.change_status(ticket, TicketStatus.WAITING, acting_user=desk.staff)
    process_message(raw(mail(desk.reporter.email, subject=f"[#{ticket.pk}]", body="Modellen är T14.")))
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.IN_PROGRESS


def test_a_reply_with_attachments_only(desk, ticket):
    message = mail(desk.reporter.email, subject=f"[#{ticket.pk}]", body="")
    message.add_attachment(b"skarmdump\n", maintype="text", subtype="plain", filename="info.txt")
    comment = process_message(raw(message))
    assert comment.body
    assert comment.attachments.get().name == "info.txt"


def test_a_reply_to_a_closed_ticket_starts_a_new_one_linked_to_it(desk, ticket):
    services.change_status(ticket, TicketStatus.RESOLVED, acting_user=desk.staff)
    services.change_status(ticket, TicketStatus.CLOSED, acting_user=desk.staff)
    new = process_message(raw(mail(desk.reporter.email, subject=f"SV: [#{ticket.pk}] Stängt: Skärmen är svart")))
    assert isinstance(new, Ticket) and new.pk != ticket.pk
    assert new.title == "Stängt: Skärmen är svart"
    assert new.links_from.get().target == ticket
    assert new.links_from.get().kind == LinkKind.RELATED


def test_a_reference_to_another_organisations_ticket_is_not_a_reply(desk, world, ticket):
    stranger = world.users["stranger"]
    result = process_message(raw(mail(stranger.email, subject=f"[#{ticket.pk}] Hej")))
    assert isinstance(result, Ticket)
    assert result.organisation == world.other_org
    assert not ticket.comments.exists()
    assert not result.links_from.exists()


# Refused ----------------------------------------------------------------------------------------


def test_unknown_senders_are_refused_and_logged(desk, caplog):
    with caplog.at_level(logging.WARNING, logger="styrbord.servicedesk.mail_in"):
        assert process_message(raw(mail("someone@elsewhere.example"))) is None
    assert "someone@elsewhere.example" in caplog.text
    assert not Ticket.objects.exists()


def test_inactive_people_are_refused(desk):
    desk.reporter.is_active = False
    desk.reporter.save()
    assert process_message(raw(mail(desk.reporter.email))) is None


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto_Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"X_Autoreply": "yes"},
        {"X_Styrbord_Ticket": "1"},
    ],
    ids=["out-of-office", "bulk", "x-autoreply", "our-own-mail"],
)
def test_automatic_mail_is_ignored(desk, headers):
    assert process_message(raw(mail(desk.reporter.email, **headers))) is None
    assert not Ticket.objects.exists()


# Helpers ----------------------------------------------------------------------------------------


def test_subject_cleaning_and_quote_stripping():
    assert clean_subject("SV: VB: Re: [#12] Hej  då") == "Hej då"
    assert clean_subject("Fwd: Lösenord") == "Lösenord"
    assert strip_quoted("Ja.\n-----Ursprungligt meddelande-----\nFrån: x") == "Ja."
    assert strip_quoted("Ja.\nOn Mon, 24 Nov 2025 at 10:00, Support wrote:\n> x") == "Ja."
    assert strip_quoted("Ja.\n\nFrom: Support\nSent: today") == "Ja."
    assert html_to_text("<p>A &amp; B</p><p>C</p>") == "A & B\nC"


# The commands -----------------------------------------------------------------------------------


def test_process_mail_reads_one_message_on_stdin(desk):
    out = io.StringIO()
    call_command("process_mail", stdin=io.BytesIO(raw(mail(desk.reporter.email))), stdout=out)
    ticket = Ticket.objects.get()
    assert out.getvalue().strip() == f"New ticket {ticket.reference}."

    out = io.StringIO()
    reply = mail(desk.reporter.email, subject=f"[{ticket.reference}] Tack", body="Tack!")
    call_command("process_mail", stdin=io.BytesIO(raw(reply)), stdout=out)
    assert out.getvalue().strip() == f"Reply added to ticket {ticket.reference}."

    out = io.StringIO()
    call_command("process_mail", stdin=io.BytesIO(raw(mail("nobody@example.com"))), stdout=out)
    assert out.getvalue().startswith("Refused")


def test_process_mail_without_a_message_is_an_error(db):
    with pytest.raises(CommandError):
        call_command("process_mail", stdin=io.BytesIO(b""), stdout=io.StringIO())


def test_poll_mail_needs_a_mailbox(db, monkeypatch):
    monkeypatch.delenv("STYRBORD_IMAP_URL", raising=False)
    with pytest.raises(CommandError):
        call_command("poll_mail", stdout=io.StringIO())


# IMAP against a small fake server ---------------------------------------------------------------


class FakeImapServer(socketserver.ThreadingTCPServer):
    """Just enough IMAP4rev1 for imaplib: LOGIN, SELECT, UID SEARCH UNSEEN, UID FETCH, UID STORE."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, messages, user="support", password="hemligt ord"):
        super().__init__(("127.0.0.1", 0), FakeImapHandler)
        self.messages = dict(enumerate(messages, start=1))
        self.seen = set()
        self.user, self.password = user, password
        self.selected = None

    @property
    def url_base(self):
        return f"imap://127.0.0.1:{self.server_address[1]}"


class FakeImapHandler(socketserver.StreamRequestHandler):
    def send(self, *lines):
        for line in lines:
            self.wfile.write(line if isinstance(line, bytes) else line.encode() + b"\r\n")

    def handle(self):
        server = self.server
        self.send("* OK fake IMAP ready")
        while line := self.rfile.readline():
            tag, command, arguments = (line.decode().rstrip("\r\n").split(" ", 2) + [""])[:3]
            command = command.upper()
            if command == "CAPABILITY":
                self.send("* CAPABILITY IMAP4rev1", f"{tag} OK done")
            elif command == "LOGIN":
                user, password = (part.strip('"') for part in arguments.split(" ", 1))
                ok = (user, password) == (server.user, server.password)
                self.send(f"{tag} OK logged in" if ok else f"{tag} NO wrong password")
            elif command == "SELECT":
                server.selected = arguments.strip('"')
                self.send(f"* {len(server.messages)} EXISTS", f"{tag} OK [READ-WRITE] selected")
            elif command == "UID":
                self.uid(tag, *arguments.split(" ", 2))
            elif command == "LOGOUT":
                self.send("* BYE", f"{tag} OK bye")
                return
            else:
                self.send(f"{tag} BAD unknown")

    def uid(self, tag, command, uid, rest=""):
        server = self.server
        command = command.upper()
        if command == "SEARCH":
            unseen = " ".join(str(number) for number in server.messages if number not in server.seen)
            self.send(f"* SEARCH {unseen}".rstrip(), f"{tag} OK done")
        elif command == "FETCH":
            body = server.messages[int(uid)]
            self.send(f"* {uid} FETCH (UID {uid} BODY[] {{{len(body)}}}".encode() + b"\r\n" + body + b")\r\n")
            self.send(f"{tag} OK done")
        elif command == "STORE":
            server.seen.add(int(uid))
            self.send(f"* {uid} FETCH (UID {uid} FLAGS (\\Seen))", f"{tag} OK done")


@pytest.fixture
def imap_server():
    servers = []

    def start(messages):
        server = FakeImapServer(messages)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_poll_mail_reads_unseen_messages_and_marks_them_seen(desk, imap_server, monkeypatch):
    server = imap_server(
        [
            raw(mail(desk.reporter.email, subject="Ny dator")),
            raw(mail("nobody@elsewhere.example", subject="Reklam")),
            raw(mail(desk.staff.email, subject="Trasig switch")),
        ]
    )
    out = io.StringIO()
    call_command(
        "poll_mail", url=f"{server.url_base.replace('imap://', 'imap://support:hemligt%20ord@')}/INBOX", stdout=out
    )
    assert out.getvalue().strip() == "Processed 2, refused 1, failed 0."
    assert sorted(Ticket.objects.values_list("title", flat=True)) == ["Ny dator", "Trasig switch"]
    assert server.seen == {1, 2, 3}
    assert server.selected == "INBOX"

    # The periodic task reads the URL from the environment; nothing is unseen any more.
    from styrbord.servicedesk import tasks

    monkeypatch.setenv("STYRBORD_IMAP_URL", f"imap://support:hemligt%20ord@127.0.0.1:{server.server_address[1]}/")
    assert tasks.poll_mail.call_local() == {"processed": 0, "refused": 0, "failed": 0}
    assert Ticket.objects.count() == 2


def test_a_message_that_fails_stays_unseen(desk, imap_server, monkeypatch):
    from styrbord.servicedesk import mail_in

    server = imap_server([raw(mail(desk.reporter.email))])

    def broken(raw_message):
        raise RuntimeError("database unavailable")

    url = f"imap://support:hemligt%20ord@127.0.0.1:{server.server_address[1]}/INBOX"
    assert mail_in.poll_imap(url, process=broken) == {"processed": 0, "refused": 0, "failed": 1}
    assert server.seen == set()


def test_a_wrong_password_is_a_clear_error(db, imap_server):
    server = imap_server([])
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("poll_mail", url=f"imap://support:fel@127.0.0.1:{server.server_address[1]}/INBOX")
