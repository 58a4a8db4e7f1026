import pytest

from .factories import make_catalog


@pytest.fixture
def catalog(world):
    return make_catalog(world.org)
