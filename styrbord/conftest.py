import pytest
from rest_framework.test import APIClient

from styrbord.core.testing import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as(world):
    def make(role):
        client = APIClient()
        client.force_authenticate(world.users[role])
        return client

    return make


@pytest.fixture
def client_as(world, client):
    def make(role):
        client.force_login(world.users[role])
        return client

    return make
