"""Files on tickets: the allow-list checked on the content, size, names, storage and safe downloads."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from styrbord.servicedesk import services
from styrbord.servicedesk.attachments import add_attachment, check_upload, sanitise_name, served_type
from styrbord.servicedesk.models import Attachment, TicketEvent

from .builders import (
    english,  # noqa: F401  (autouse: pages in English)
    ticket,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
GIF = b"GIF89a" + b"\x00" * 32


def zipped(entries, first=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first:
            archive.writestr(*first)
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = zipped(
    {"content.xml": "<office:document-content/>"}, first=("mimetype", "application/vnd.oasis.opendocument.text")
)
ZIP = zipped({"logg.txt": "rad 1"})


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    ("name", "content", "served"),
    [
        ("skärmbild.png", PNG, "image/png"),
        ("faktura.pdf", PDF, "application/pdf"),
        ("foto.JPG", JPEG, "image/jpeg"),
        ("anim.gif", GIF, "image/gif"),
        ("logg.txt", "Fel 0x80070005 – åtkomst nekad\n".encode(), "text/plain; charset=utf-8"),
        ("lista.csv", b"namn;antal\nLaptop;3\n", "text/csv; charset=utf-8"),
        ("brev.eml", b"From: a@example.org\r\nSubject: Hej\r\n\r\nText\r\n", "message/rfc822"),
        ("rapport.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("budget.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("anteckning.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("loggar.zip", ZIP, "application/zip"),
    ],
)
def test_allowed_types_are_recognised_by_their_content(name, content, served):
    assert check_upload(upload(name, content, "text/html"))[1] == served


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("sida.html", b"<html><script>alert(1)</script></html>", "cannot be attached"),
        ("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "cannot be attached"),
        ("program.exe", b"MZ\x90\x00", "cannot be attached"),
        ("utan-typ", b"hej", "cannot be attached"),
        ("falsk.pdf", PNG, "must be PDF"),
        ("falsk.png", b"<html></html>", "must be PNG"),
        ("binär.txt", b"abc\x00def", "must be text"),
        ("latin1.txt", "smörgås".encode("latin-1"), "must be text"),
        ("falsk.docx", XLSX, "must be Word"),
        ("falsk.odt", ZIP, "must be OpenDocument text"),
        ("trasig.zip", b"PK\x03\x04trasig", "must be zip"),
        ("tom.txt", b"", "empty"),
    ],
)
def test_refusals_name_the_field_and_the_reason(name, content, reason):
    with pytest.raises(Exception) as caught:
        check_upload(upload(name, content))
    assert reason in " ".join(caught.value.message_dict["file"])


def test_size_limit_comes_from_the_settings(settings):
    settings.STYRBORD_ATTACHMENT_MAX_BYTES = 100
    assert check_upload(upload("liten.txt", b"x" * 100))
    with pytest.raises(Exception) as caught:
        check_upload(upload("stor.txt", b"x" * 101))
    assert "at most" in caught.value.message_dict["file"][0]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\anna\\Skrivbord\\fel.png", "fel.png"),
        ('rapport"; filename=x.html.pdf', "rapport__ filename=x.html.pdf"),
        ("ny\nrad\t.txt", "ny rad .txt"),
        ("   ", "file"),
        ("Åsa Öberg – lönelista.xlsx", "Åsa Öberg – lönelista.xlsx"),
    ],
)
def test_names_are_sanitised(raw, clean):
    assert sanitise_name(raw) == clean


def test_long_names_keep_their_extension():
    name = sanitise_name("a" * 300 + ".pdf")
    assert len(name) == 200 and name.endswith(".pdf")


def test_stored_under_a_random_name_and_recorded_in_the_timeline(world, media):
    mine = ticket(world)
    attachment = add_attachment(mine, acting_user=world.users["employee"], upload=upload("../skärm bild.png", PNG))
    assert attachment.name == "skärm bild.png" and attachment.content_type == "image/png"
    assert attachment.stored_name and attachment.stored_name in attachment.file.name
    assert "skärm" not in attachment.file.name and ".png" not in attachment.file.name
    assert (media / attachment.file.name).read_bytes() == PNG
    event = TicketEvent.objects.get(ticket=mine, kind="attachment")
    assert event.data == {"attachment": attachment.pk, "public": True}


def test_only_staff_add_internal_files(world):
    mine = ticket(world)
    with pytest.raises(Exception) as caught:
        add_attachment(mine, acting_user=world.users["employee"], upload=upload("a.txt", b"a"), is_public=False)
    assert "is_public" in caught.value.message_dict
    internal = add_attachment(mine, acting_user=world.users["it_staff"], upload=upload("a.txt", b"a"), is_public=False)
    assert not internal.is_public


def test_download_headers_never_let_the_browser_render(world, client_as):
    mine = ticket(world)
    attachment = add_attachment(mine, acting_user=world.users["employee"], upload=upload("notes.txt", b"<b>hi</b>"))
    response = client_as("employee").get(reverse("servicedesk:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;") and "notes.txt" in response["Content-Disposition"]
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"<b>hi</b>"


def test_a_stored_dangerous_type_is_served_as_octet_stream(world):
    mine = ticket(world)
    attachment = add_attachment(mine, acting_user=world.users["it_staff"], upload=upload("a.txt", b"a"))
    for dangerous in ("text/html", "image/svg+xml", "text/html; charset=utf-8", ""):
        Attachment.objects.filter(pk=attachment.pk).update(content_type=dangerous)
        attachment.refresh_from_db()
        assert served_type(attachment) == "application/octet-stream"


@pytest.mark.parametrize(
    ("role", "public", "expected"),
    [
        ("employee", True, 200),
        ("employee", False, 404),
        ("department_head", True, 200),
        ("department_head", False, 404),
        ("it_staff", False, 200),
        ("support_lead", False, 200),
        ("finance", True, 404),
        ("stranger", True, 404),
    ],
)
def test_who_downloads(world, client_as, role, public, expected):
    mine = ticket(world)
    attachment = add_attachment(mine, acting_user=world.users["it_head"], upload=upload("a.pdf", PDF), is_public=public)
    response = client_as(role).get(reverse("servicedesk:attachment_download", args=[attachment.pk]))
    assert response.status_code == expected


def test_internal_files_never_reach_the_reporter_in_the_api_or_the_page(world, client_as, api_as):
    mine = ticket(world)
    add_attachment(mine, acting_user=world.users["it_staff"], upload=upload("intern.txt", b"x"), is_public=False)
    add_attachment(mine, acting_user=world.users["it_staff"], upload=upload("publik.txt", b"x"))
    url = reverse("servicedesk-api:ticket-attachments", args=[mine.pk])
    names = [a["name"] for a in api_as("employee").get(url).json()]
    assert names == ["publik.txt"]
    assert sorted(a["name"] for a in api_as("it_staff").get(url).json()) == ["intern.txt", "publik.txt"]
    page = client_as("employee").get(mine.get_absolute_url()).content.decode()
    assert "publik.txt" in page and "intern.txt" not in page


def test_upload_through_the_page_and_the_api(world, client_as, api_as):
    mine = ticket(world)
    url = reverse("servicedesk:ticket_attach", args=[mine.pk])
    client = client_as("employee")
    refused = client.post(url, {"file-file": upload("x.html", b"<html>")})
    assert refused.status_code == 400
    assert "cannot be attached" in str(refused.context["attachment_form"].errors["file"])
    accepted = client.post(url, {"file-file": upload("skärm.png", PNG)})
    assert accepted.status_code == 302
    assert mine.attachments.get().name == "skärm.png"
    api_url = reverse("servicedesk-api:ticket-attachments", args=[mine.pk])
    created = api_as("it_staff").post(api_url, {"file": upload("intern.pdf", PDF), "is_public": "false"})
    assert created.status_code == 201, created.content
    assert created.json()["is_public"] is False and created.json()["download_url"].endswith(
        reverse("servicedesk:attachment_download", args=[created.json()["id"]])
    )
    bad = api_as("it_staff").post(api_url, {"file": upload("x.svg", b"<svg/>")})
    assert bad.status_code == 400 and "file" in bad.json()["errors"]


def test_reporter_cannot_attach_to_a_closed_ticket_or_someone_elses(world, client_as):
    mine = ticket(world)
    services.change_status(mine, "closed", acting_user=world.users["it_staff"])
    url = reverse("servicedesk:ticket_attach", args=[mine.pk])
    assert client_as("employee").post(url, {"file-file": upload("a.txt", b"a")}).status_code == 403
    theirs = ticket(world, reporter="finance")
    url = reverse("servicedesk:ticket_attach", args=[theirs.pk])
    assert client_as("employee").post(url, {"file-file": upload("a.txt", b"a")}).status_code == 404
