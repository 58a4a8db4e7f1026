import pytest
from django.utils import translation

from styrbord.core.testing import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def english(settings):
    """Messages and numbers in English: the tests read the msgids."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
