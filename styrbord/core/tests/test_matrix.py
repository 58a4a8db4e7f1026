"""The authorization matrix: every registered page and API endpoint × every role,
an anonymous visitor and a member of another organisation.
"""

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from styrbord.core.testing import ANONYMOUS, STRANGER, SUBJECTS, ApiRow, PageRow, build_world


def collect_rows():
    rows = []
    for config in apps.get_app_configs():
        if not config.name.startswith("styrbord."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.matrix")
        except ModuleNotFoundError:
            continue
        rows.extend(module.ROWS)
    return rows


ROWS = collect_rows()
PAGE_ROWS = [row for row in ROWS if isinstance(row, PageRow)]
API_ROWS = [row for row in ROWS if isinstance(row, ApiRow)]


def test_every_app_contributes_rows():
    assert PAGE_ROWS and API_ROWS


@pytest.mark.django_db
@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("row", PAGE_ROWS, ids=lambda r: r.id)
def test_page(row, subject):
    world = build_world()
    client = Client()
    if subject != ANONYMOUS:
        client.force_login(world.users[subject])
    args = row.args(world)
    url = reverse(row.url_name, args=args)
    response = client.get(url)
    if subject == ANONYMOUS:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    elif subject == STRANGER:
        # Another organisation's object is simply not there; its own pages follow its roles.
        expected = 404 if args else 200
        assert response.status_code == expected, (url, response.status_code)
    elif subject in row.read:
        assert response.status_code == 200, (url, response.status_code)
    else:
        assert response.status_code == 403, (url, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("row", API_ROWS, ids=lambda r: r.id)
def test_api(row, subject):
    world = build_world()
    client = APIClient()
    if subject != ANONYMOUS:
        client.force_authenticate(world.users[subject])
    obj = row.obj(world)
    list_url = reverse(f"{row.basename}-list")
    detail_url = reverse(f"{row.basename}-detail", args=[obj.pk])

    listed = client.get(list_url, {"page_size": 500})
    detail = client.get(detail_url)
    if subject == ANONYMOUS:
        assert listed.status_code == 401 and detail.status_code == 401
        assert "detail" in listed.json()
    elif subject == STRANGER:
        assert listed.status_code == 200
        assert obj.pk not in {item["id"] for item in listed.json()["results"]}
        assert detail.status_code == 404
    elif subject in row.read:
        assert listed.status_code == 200
        assert obj.pk in {item["id"] for item in listed.json()["results"]}
        assert detail.status_code == 200 and detail.json()["id"] == obj.pk
    else:
        assert detail.status_code == 404
        assert obj.pk not in {item["id"] for item in listed.json()["results"]}

    if row.patch is not None:
        response = client.patch(detail_url, row.patch(world, obj), format="json")
        if subject == ANONYMOUS:
            assert response.status_code == 401
        elif subject == STRANGER:
            assert response.status_code == 404
        elif subject in row.change:
            assert response.status_code == 200, response.content
        else:
            assert response.status_code in (403, 404) if subject not in row.read else response.status_code == 403

    if row.create_payload is not None:
        response = client.post(list_url, row.create_payload(world), format="json")
        if subject == ANONYMOUS:
            assert response.status_code == 401
        elif subject == STRANGER:
            # Holding the role elsewhere does not reach into our organisation.
            assert response.status_code in (400, 403), response.content
        elif subject in row.create:
            assert response.status_code == 201, response.content
        else:
            assert response.status_code == 403, response.content
