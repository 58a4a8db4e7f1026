"""Incoming e-mail: a reply to a ticket, or a new ticket.

A message whose subject holds a ticket reference such as ``[#123]`` (every outgoing subject
starts with one) becomes a public reply on that ticket, when the sender is a member of the
ticket's organisation. Any other message from a known person becomes a new ticket in their
organisation (the first one they joined, if several) on the ``email`` channel. Mail from
unknown addresses, automatic replies and our own mail are refused: logged, nothing stored.

Two ways in: ``styrbord process-mail`` reads one RFC 822 message on stdin (a mail server
pipes to it), and ``styrbord poll-mail`` (or the periodic task, when STYRBORD_IMAP_URL is set)
reads the unseen messages of an IMAP mailbox given as ``imaps://user:password@host/INBOX``.
"""

import email
import imaplib
import logging
import re
from email import policy
from email.utils import parseaddr
from html import unescape
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .choices import LinkKind, TicketStatus

logger = logging.getLogger(__name__)

REFERENCE = re.compile(r"\[#(\d+)\]")
REPLY_PREFIXES = re.compile(r"^\s*((re|sv|vs|fw|fwd|vb|vl|aw|wg)\s*:\s*)+", re.IGNORECASE)
AUTOMATIC_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
# Where the quoted message begins in a reply (English and Swedish mail clients).
QUOTE_MARKERS = [
    re.compile(r"^-{2,}\s*(original message|ursprungligt meddelande|originalmeddelande)\s*-{2,}", re.IGNORECASE),
    re.compile(r"^(on|den)\s.+\b(wrote|skrev)\b.*:\s*$", re.IGNORECASE),
    re.compile(r"^(from|från)\s*:\s", re.IGNORECASE),
    re.compile(r"^_{10,}$"),
]
HTML_BLOCKS = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
HTML_BREAKS = re.compile(r"<\s*(br|/p|/div|/li|/tr|/h[1-6])\b[^>]*>", re.IGNORECASE)
IMAP_PORTS = {"imap": 143, "imaps": 993}


# Reading a message ----------------------------------------------------------------------


def parse(raw):
    return email.message_from_bytes(raw, policy=policy.default)


def is_automatic(message):
    """Out-of-office replies, bounces, lists and our own notifications must not become tickets."""
    auto_submitted = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    return (
        auto_submitted != "no"
        or precedence in AUTOMATIC_PRECEDENCE
        or "X-Autoreply" in message
        or "X-Autorespond" in message
        or "X-Styrbord-Ticket" in message
    )


def sender_address(message):
    return parseaddr(str(message.get("From", "")))[1].strip().lower()


def html_to_text(html):
    text = HTML_BLOCKS.sub("", html)
    text = HTML_BREAKS.sub("\n", text)
    text = unescape(strip_tags(text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _content(part):
    try:
        return part.get_content()
    except (LookupError, UnicodeError):  # an unknown or wrong charset
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace")


def body_text(message):
    """The text/plain part, else the HTML part as text."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = _content(part)
    if part.get_content_type() == "text/html":
        return html_to_text(content)
    return content.replace("\r\n", "\n").strip()


def strip_quoted(text):
    """The new text of a reply: up to the quoted message, without '>' lines."""
    kept = []
    for line in text.splitlines():
        if any(marker.match(line.strip()) for marker in QUOTE_MARKERS):
            break
        if not line.startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip()


def attachments(message):
    """(file name, bytes, content type) of each attached file."""
    files = []
    for part in message.iter_attachments():
        name = part.get_filename()
        data = part.get_payload(decode=True)
        if name and data:
            files.append((name, data, part.get_content_type()))
    return files


def clean_subject(subject):
    subject = REFERENCE.sub("", subject or "")
    return " ".join(REPLY_PREFIXES.sub("", subject).split())


# Acting on a message ---------------------------------------------------------------------


def _referenced_ticket(subject):
    from .models import Ticket

    match = REFERENCE.search(subject or "")
    if match is None:
        return None
    return Ticket.objects.filter(pk=int(match.group(1))).select_related("organisation").first()


def _member_of(users, organisation_id):
    from styrbord.organisations.models import Membership

    ids = set(
        Membership.objects.filter(
            user__in=users, organisation_id=organisation_id, is_active=True, organisation__is_active=True
        ).values_list("user_id", flat=True)
    )
    return next((user for user in users if user.pk in ids), None)


def _first_membership(users):
    from styrbord.organisations.models import Membership

    return (
        Membership.objects.filter(user__in=users, is_active=True, organisation__is_active=True)
        .select_related("user", "organisation")
        .order_by("created_at", "pk")
        .first()
    )


def _attach(files, ticket, user, comment=None):
    from .attachments import add_attachment

    stored = 0
    for name, data, content_type in files:
        try:
            add_attachment(
                ticket, acting_user=user, upload=SimpleUploadedFile(name, data, content_type), comment=comment
            )
            stored += 1
        except ValidationError as error:
            logger.info("Attachment %r on ticket %s refused: %s", name, ticket.pk, "; ".join(error.messages))
    return stored


def process_message(raw):
    """Turn one RFC 822 message into a reply (a Comment) or a new Ticket; None when refused."""
    from styrbord.organisations.models import User

    from .services import add_comment, create_ticket, link

    message = parse(raw)
    address = sender_address(message)
    if is_automatic(message):
        logger.info("Automatic mail from %r ignored", address)
        return None
    users = list(User.objects.filter(email__iexact=address, is_active=True).order_by("pk")) if address else []
    if not users:
        logger.warning("Mail from unknown sender %r refused", address)
        return None
    subject = str(message.get("Subject", ""))
    text = body_text(message)
    files = attachments(message)
    referenced = _referenced_ticket(subject)
    if referenced is not None:
        author = _member_of(users, referenced.organisation_id)
        if author is not None and referenced.status != TicketStatus.CLOSED:
            with transaction.atomic():
                comment = add_comment(
                    referenced,
                    acting_user=author,
                    body=strip_quoted(text) or text or _("(no text, see the attached files)"),
                    via_email=True,
                )
                _attach(files, referenced, author, comment)
            return comment
    membership = _first_membership(users)
    if membership is None:
        logger.warning("Mail from %r refused: the sender belongs to no active organisation", address)
        return None
    reporter = membership.user
    with transaction.atomic():
        ticket = create_ticket(
            acting_user=reporter,
            organisation=membership.organisation,
            reporter=reporter,
            title=clean_subject(subject)[:200] or _("E-mail without a subject"),
            description=text,
            channel="email",
        )
        _attach(files, ticket, reporter)
        if referenced is not None and referenced.organisation_id == ticket.organisation_id:
            # A reply to a closed ticket starts a new one that points back to it.
            link(ticket, acting_user=reporter, target=referenced, kind=LinkKind.RELATED)
    return ticket


# IMAP ------------------------------------------------------------------------------------


def connect_imap(url, timeout=30):
    """An logged-in IMAP client with the URL's mailbox selected (imaps:// TLS, imap:// plain)."""
    parts = urlsplit(url)
    if parts.scheme not in IMAP_PORTS or not parts.hostname:
        raise ValueError("Give the mailbox as imaps://user:password@host[:port]/MAILBOX.")
    port = parts.port or IMAP_PORTS[parts.scheme]
    client_class = imaplib.IMAP4_SSL if parts.scheme == "imaps" else imaplib.IMAP4
    client = client_class(parts.hostname, port, timeout=timeout)
    client.login(unquote(parts.username or ""), unquote(parts.password or ""))
    mailbox = unquote(parts.path.lstrip("/")) or "INBOX"
    status, _data = client.select(f'"{mailbox}"')
    if status != "OK":
        client.logout()
        raise ValueError(f"The mailbox {mailbox!r} cannot be opened.")
    return client


def poll_imap(url, *, process=process_message):
    """Process every unseen message and mark it seen; a message that fails stays unseen for the next run."""
    client = connect_imap(url)
    counts = {"processed": 0, "refused": 0, "failed": 0}
    try:
        _status, data = client.uid("SEARCH", None, "UNSEEN")
        for uid in (data[0] or b"").split():
            _status, fetched = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((item[1] for item in fetched if isinstance(item, tuple)), None)
            if raw is None:
                continue
            try:
                result = process(raw)
            except Exception:
                logger.exception("Mail %s could not be processed; it stays unseen", uid.decode())
                counts["failed"] += 1
                continue
            counts["processed" if result is not None else "refused"] += 1
            client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    finally:
        client.logout()
    return counts
