"""Files on articles: the servicedesk checks on upload, and downloads only for the article's readers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from styrbord.knowledge import services
from styrbord.knowledge.models import ArticleAttachment

from .builders import article

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_a_checked_file_is_stored_under_a_random_name(world, media):
    target = article(world)
    attachment = services.add_attachment(
        target, acting_user=world.users["it_staff"], upload=upload("../../Lathund Treserva.pdf", PDF)
    )
    assert attachment.name == "Lathund Treserva.pdf" and attachment.content_type == "application/pdf"
    assert attachment.stored_name in attachment.file.name and "Lathund" not in attachment.file.name
    assert (media / attachment.file.name).read_bytes() == PDF


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("sida.html", b"<script>alert(1)</script>", "Files of this type cannot be attached"),
        ("falsk.pdf", b"MZ\x90\x00 not a pdf", "The content does not match the name"),
        ("tom.txt", b"", "The file is empty."),
    ],
)
def test_a_bad_file_is_refused_on_the_file_field_and_nothing_is_stored(world, media, name, content, reason):
    with pytest.raises(Exception) as error:
        services.add_attachment(article(world), acting_user=world.users["it_staff"], upload=upload(name, content))
    assert reason in error.value.message_dict["file"][0]
    assert not ArticleAttachment.objects.exists() and not any(media.rglob("*.*"))


def test_a_too_large_file_is_refused(world, settings):
    settings.STYRBORD_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(Exception) as error:
        services.add_attachment(article(world), acting_user=world.users["it_staff"], upload=upload("a.pdf", PDF))
    assert "files can be at most" in error.value.message_dict["file"][0]


def test_only_the_articles_readers_download_its_files(world, client_as, client):
    for_it = article(world, audience="it_staff")
    attachment = services.add_attachment(for_it, acting_user=world.users["it_staff"], upload=upload("a.pdf", PDF))
    url = reverse("knowledge:attachment_download", args=[attachment.pk])
    response = client_as("it_head").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    client.logout()
    assert client_as("employee").get(url).status_code == 404
    client.logout()
    assert client_as("stranger").get(url).status_code == 404


def test_writers_add_and_remove_files_through_the_page(world, client_as):
    target = article(world)
    client = client_as("it_staff")
    response = client.post(
        reverse("knowledge:attachment_create", args=[target.pk]), {"file": upload("manual.pdf", PDF)}
    )
    assert response.status_code == 302
    attachment = target.attachments.get()
    page = client.get(target.get_absolute_url()).content.decode()
    assert "manual.pdf" in page
    client.post(reverse("knowledge:attachment_delete", args=[attachment.pk]))
    assert not target.attachments.exists()
    client.logout()
    refused = client_as("employee").post(
        reverse("knowledge:attachment_create", args=[target.pk]), {"file": upload("x.pdf", PDF)}
    )
    assert refused.status_code == 403 and not target.attachments.exists()
