"""Files on tickets: what is accepted, how it is stored and how it is served.

- Size: at most ``settings.STYRBORD_ATTACHMENT_MAX_BYTES`` (10 MB unless configured).
- Type: an allow-list of extensions, each checked on the content (magic bytes; OOXML and
  OpenDocument files are zip archives with a known inner structure; text must decode as
  UTF-8 without NUL bytes). The type the file is served with comes from this check, never
  from the browser's claim, and is never one a browser would execute (HTML, SVG, scripts).
- Name: the uploaded name is sanitised for display and download; the file is stored under a
  random name, so no path or name from outside ever reaches the file system.
- Download: only through ``views.AttachmentDownloadView``, which checks ``has_perm`` and answers
  with ``Content-Disposition: attachment``, the checked type and ``X-Content-Type-Options: nosniff``.
"""

import secrets
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from styrbord.core.services import save_validated

from .choices import EventKind
from .models import Attachment, TicketEvent

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_NAME_LENGTH = 200
SNIFF_BYTES = 8192


def max_bytes():
    return getattr(settings, "STYRBORD_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def _starts_with(*signatures):
    return lambda head, upload: head.startswith(signatures)


def _is_text(head, upload):
    """Plain text: UTF-8 (with or without a byte-order mark) and no NUL bytes, checked on the whole file."""
    upload.seek(0)
    data = upload.read()
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _zip_names(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def _ooxml(folder):
    """An Office Open XML file: a zip with [Content_Types].xml and the part folder of its kind."""

    def check(head, upload):
        if not head.startswith(b"PK\x03\x04"):
            return False
        names = _zip_names(upload)
        return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)

    return check


def _opendocument(mimetype):
    """An OpenDocument file: a zip whose first entry, ``mimetype``, names its kind."""

    def check(head, upload):
        if not head.startswith(b"PK\x03\x04"):
            return False
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                return archive.read("mimetype")[:100].decode("ascii", "replace").strip() == mimetype
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            return False

    return check


def _zip(head, upload):
    if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return False
    upload.seek(0)
    return zipfile.is_zipfile(upload)


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    check: object  # (head bytes, file) -> bool


OOXML = "application/vnd.openxmlformats-officedocument."
ODF = "application/vnd.oasis.opendocument."
TEXT = FileType("text", "text/plain; charset=utf-8", _is_text)

# Extension -> what its content must be and the type it is served with.
ALLOWED = {
    "pdf": FileType("PDF", "application/pdf", _starts_with(b"%PDF-")),
    "png": FileType("PNG", "image/png", _starts_with(b"\x89PNG\r\n\x1a\n")),
    "jpg": FileType("JPEG", "image/jpeg", _starts_with(b"\xff\xd8\xff")),
    "jpeg": FileType("JPEG", "image/jpeg", _starts_with(b"\xff\xd8\xff")),
    "gif": FileType("GIF", "image/gif", _starts_with(b"GIF87a", b"GIF89a")),
    "txt": TEXT,
    "log": TEXT,
    "csv": FileType("CSV", "text/csv; charset=utf-8", _is_text),
    "eml": FileType("e-mail", "message/rfc822", _is_text),
    "docx": FileType("Word", OOXML + "wordprocessingml.document", _ooxml("word/")),
    "xlsx": FileType("Excel", OOXML + "spreadsheetml.sheet", _ooxml("xl/")),
    "pptx": FileType("PowerPoint", OOXML + "presentationml.presentation", _ooxml("ppt/")),
    "odt": FileType("OpenDocument text", ODF + "text", _opendocument(ODF + "text")),
    "ods": FileType("OpenDocument spreadsheet", ODF + "spreadsheet", _opendocument(ODF + "spreadsheet")),
    "odp": FileType("OpenDocument presentation", ODF + "presentation", _opendocument(ODF + "presentation")),
    "zip": FileType("zip", "application/zip", _zip),
}
# Whatever happens, these are never sent: a browser would render or run them.
NEVER_SERVED = ("text/html", "image/svg+xml", "application/xhtml+xml", "text/javascript", "application/javascript")


def allowed_extensions():
    return sorted(ALLOWED)


def sanitise_name(name):
    """A file name safe to show and to offer for download: no path, no control characters, at most 200 characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(
        " " if char.isspace() else "_" if char in '<>:"|?*;' or unicodedata.category(char).startswith("C") else char
        for char in name
    )
    cleaned = " ".join(cleaned.split()).strip(" .")
    if not cleaned:
        cleaned = "file"
    if len(cleaned) > MAX_NAME_LENGTH:
        stem, dot, extension = cleaned.rpartition(".")
        if dot and len(extension) <= 10:
            cleaned = stem[: MAX_NAME_LENGTH - len(extension) - 1] + "." + extension
        else:
            cleaned = cleaned[:MAX_NAME_LENGTH]
    return cleaned


def check_upload(upload):
    """Return (safe name, content type) or raise ValidationError on ``file`` naming the reason."""
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    name = sanitise_name(getattr(upload, "name", ""))
    size = upload.size
    if not size:
        raise ValidationError({"file": _("The file is empty.")})
    if size > max_bytes():
        raise ValidationError(
            {
                "file": _("The file is %(size)s; files can be at most %(limit)s.")
                % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())}
            }
        )
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    file_type = ALLOWED.get(extension)
    if file_type is None:
        raise ValidationError(
            {
                "file": _("Files of this type cannot be attached. Allowed types: %(types)s.")
                % {"types": ", ".join(allowed_extensions())}
            }
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    matches = file_type.check(head, upload)
    upload.seek(0)
    if not matches:
        raise ValidationError(
            {
                "file": _("The content does not match the name: a .%(extension)s file must be %(kind)s.")
                % {"kind": file_type.label, "extension": extension}
            }
        )
    return name, file_type.content_type


def served_type(attachment):
    """The type a download is sent with: the checked one, never one a browser would execute."""
    content_type = (attachment.content_type or "").lower()
    if not content_type or content_type.split(";")[0].strip() in NEVER_SERVED:
        return "application/octet-stream"
    return attachment.content_type


@transaction.atomic
def add_attachment(ticket, *, acting_user, upload, is_public=True, comment=None):
    """Check, store and record a file on a ticket; a reporter's file is always public."""
    from .services import is_staff_for

    name, content_type = check_upload(upload)
    if not is_public and not is_staff_for(acting_user, ticket):
        raise ValidationError({"is_public": _("Only IT staff can add internal files.")})
    attachment = Attachment(
        ticket=ticket,
        comment=comment,
        name=name,
        stored_name=secrets.token_hex(16),
        content_type=content_type,
        size=upload.size,
        is_public=is_public,
        uploaded_by=acting_user,
    )
    attachment.file.save(attachment.stored_name, upload, save=False)
    try:
        save_validated(attachment, acting_user=acting_user)
    except ValidationError:
        attachment.file.delete(save=False)
        raise
    TicketEvent.objects.create(
        ticket=ticket,
        kind=EventKind.ATTACHMENT,
        actor=acting_user,
        at=timezone.now(),
        text=name,
        data={"attachment": attachment.pk, "public": is_public},
    )
    return attachment
