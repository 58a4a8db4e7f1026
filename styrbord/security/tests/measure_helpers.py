"""Builders for the measure-side tests: measures, classifications, a small catalogue file."""

from datetime import timedelta

import pytest
import yaml
from django.utils import timezone, translation
from rest_framework.test import APIClient

from styrbord.core.testing import build_world
from styrbord.security import measure_services
from styrbord.security.choices import ClassificationStatus
from styrbord.security.models import Classification
from styrbord.systems import services as system_services
from styrbord.systems.tests.factories import system


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in English (the msgids); requests follow the default language."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


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


def measure(world, code, organisation=None, **levels):
    """A technical measure required from ``levels`` (e.g. confidentiality=2)."""
    return measure_services.create_measure(
        acting_user=None,
        organisation=organisation or world.org,
        code=code,
        theme="technological",
        kind="technical",
        title=f"Measure {code}",
        **{f"required_{aspect}": level for aspect, level in levels.items()},
    )


def classify(a_system, on=None, valid_days=3 * 365, **need):
    """An adopted classification with the given need ({aspect: level}), current today."""
    on = on or timezone.localdate() - timedelta(days=10)
    return Classification.objects.create(
        system=a_system,
        status=ClassificationStatus.ADOPTED,
        classified_on=on,
        valid_until=on + timedelta(days=valid_days),
        adopted_at=timezone.now(),
        **{f"need_{aspect}": level for aspect, level in need.items()},
    )


def managed_system(world, name, manager=None, **fields):
    created = system(world, name, **fields)
    if manager is not None:
        system_services.assign_role(acting_user=None, kind="manager", person=manager, system=created)
    return created


def write_catalogue(directory, version, measures):
    data = {
        "version": version,
        "name": {"sv": "Testkatalog", "en": "Test catalogue"},
        "published": "2025-01-01",
        "measures": measures,
    }
    (directory / f"measures-v{version}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def spec(code, title="Title", guidance="Guidance", **required):
    return {
        "code": code,
        "theme": "technological",
        "kind": "technical",
        "required_from": required or {"confidentiality": 2},
        "title": {"sv": f"{title} sv", "en": f"{title} en"},
        "guidance": {"sv": f"{guidance} sv", "en": f"{guidance} en"},
        "supplier_requirement": {"sv": "Leverantören ska", "en": "The supplier shall"},
    }
