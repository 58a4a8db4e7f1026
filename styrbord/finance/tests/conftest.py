import pytest
from django.utils import translation

from .factories import make_catalog


@pytest.fixture
def catalog(world):
    return make_catalog(world.org)


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in English (the msgids); requests follow the default language."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
