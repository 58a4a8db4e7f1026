"""Pages: writing an article, the safe rendering, the hooks on the system and service pages, attention."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from styrbord.catalog.tests.factories import make_service
from styrbord.core.navigation import attention_for
from styrbord.knowledge.models import Article
from styrbord.knowledge.render import render

from .builders import a_system, article, course

pytestmark = pytest.mark.django_db


def test_render_is_safe_and_knows_a_few_marks():
    html = render(
        "# Logga in\nSätt i **kortet** och skriv `PIN`.\n\n- ett\n- två\n\n1. steg\n"
        "[hjälp](https://intranat.example/a?b=1&c=2) [elak](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    assert "<h2>Logga in</h2>" in html
    assert "<strong>kortet</strong>" in html and "<code>PIN</code>" in html
    assert "<ul><li>ett</li><li>två</li></ul>" in html and "<ol><li>steg" in html
    assert '<a href="https://intranat.example/a?b=1&amp;c=2" rel="noopener noreferrer">hjälp</a>' in html
    assert '<a href="javascript' not in html and "[elak](javascript:alert(1))" in html
    assert "<img" not in html and "&lt;img" in html


def test_an_it_staff_member_writes_and_publishes_an_article(world, client_as):
    treserva = a_system(world)
    client = client_as("it_staff")
    response = client.post(
        reverse("knowledge:article_create"),
        {
            "title": "Byta lösenord",
            "summary": "Så byter du lösenord.",
            "kind": "instruction",
            "body": "1. Tryck Ctrl Alt Delete",
            "systems": [treserva.pk],
            "audience": "everyone",
            "status": "published",
        },
    )
    created = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert created.owner == world.users["it_staff"]
    page = client.get(created.get_absolute_url()).content.decode()
    assert "<ol><li>Tryck Ctrl Alt Delete</li></ol>" in page
    edit = client.post(
        reverse("knowledge:article_edit", args=[created.pk]),
        {"title": "", "kind": "instruction", "audience": "everyone", "status": "published"},
    )
    assert edit.status_code == 200 and "title" in edit.context["form"].errors
    history = client.get(reverse("knowledge:article_history", args=[created.pk]))
    assert history.status_code == 200


def test_the_system_and_service_pages_show_their_instructions_and_courses(world, client_as):
    treserva = a_system(world)
    printers = make_service(world.org, levels=(), name="Skrivare")
    article(world, title="Logga in i Treserva", systems=[treserva])
    article(world, title="Hemlig rutin", systems=[treserva], audience="it_staff")
    article(world, title="Skrivare på Mac", services_=[printers])
    course(world, title="Treserva för nya handläggare", systems=[treserva])
    client = client_as("employee")
    page = client.get(treserva.get_absolute_url()).content.decode()
    assert "Instructions and training" in page
    assert "Logga in i Treserva" in page and "Treserva för nya handläggare" in page and "Hemlig rutin" not in page
    page = client.get(printers.get_absolute_url()).content.decode()
    assert "Skrivare på Mac" in page and "Logga in i Treserva" not in page


def test_the_owner_is_told_when_the_review_date_has_passed(world, rf):
    past = timezone.localdate() - timedelta(days=3)
    article(world, title="Gammal instruktion", owner=world.users["support_lead"], review_by=past)
    article(world, title="Utkast", owner=world.users["support_lead"], review_by=past, status="draft")
    request = rf.get("/")
    request.user, request.organisation = world.users["support_lead"], world.org
    items = [item for item in attention_for(request) if "review date" in item.title]
    assert len(items) == 1 and items[0].count == 1 and "Gammal instruktion" in items[0].text
    request.user = world.users["it_staff"]
    assert not [item for item in attention_for(request) if "review date" in item.title]


def test_the_article_list_has_a_constant_number_of_queries(world, client_as, django_assert_max_num_queries):
    treserva = a_system(world)
    for index in range(15):
        article(world, title=f"Instruktion {index}", systems=[treserva])
    client = client_as("employee")
    with django_assert_max_num_queries(25):
        response = client.get(reverse("knowledge:article_list"))
    assert response.status_code == 200 and "Instruktion 14" in response.content.decode()
    with django_assert_max_num_queries(25):
        assert client.get(reverse("knowledge:course_list")).status_code == 200
