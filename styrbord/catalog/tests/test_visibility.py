"""What is not published yet (planned services, draft price lists) is not there for most members.

The IT unit and finance read it; the head of IT changes it; every other member gets 404,
as for another organisation's rows.
"""

import pytest
from django.test import Client
from django.urls import reverse

from styrbord.catalog.tests.matrix import HIDDEN_ROWS, READERS_OF_DRAFTS
from styrbord.core.testing import ANONYMOUS, STRANGER, SUBJECTS, build_world


@pytest.mark.django_db
@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("row", HIDDEN_ROWS, ids=lambda r: r.id)
def test_hidden_page(row, subject):
    world = build_world()
    client = Client()
    if subject != ANONYMOUS:
        client.force_login(world.users[subject])
    url = reverse(row.url_name, args=row.args(world))
    response = client.get(url)
    if subject == ANONYMOUS:
        assert response.status_code == 302
    elif subject == STRANGER or subject not in READERS_OF_DRAFTS:
        assert response.status_code == 404, (url, subject, response.status_code)
    elif subject in row.read:
        assert response.status_code == 200, (url, subject, response.status_code)
    else:
        assert response.status_code == 403, (url, subject, response.status_code)
