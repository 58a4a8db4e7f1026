"""Attached classifications: their procurement requirements show on the contract and can be copied."""

import sys
import types
from datetime import date

import pytest
from django.urls import reverse

from styrbord.security.models import Classification
from styrbord.sourcing import services

from .factories import contract, owned_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def procurement(monkeypatch):
    """The security app's ``requirements_for`` as a stand-in: two requirements per classification."""
    module = types.ModuleType("styrbord.security.procurement")
    module.requirements_for = lambda classification: [
        {"code": "LEV-1", "text": "Data lagras inom EU/EES."},
        types.SimpleNamespace(code="LEV-2", text=f"Loggning för {classification.system}."),
    ]
    monkeypatch.setitem(sys.modules, "styrbord.security.procurement", module)
    return module


def test_requirements_of_attached_classifications(world, client, procurement):
    system = owned_system(world)
    classification = Classification.objects.create(system=system, classified_on=date(2025, 3, 1))
    created = contract(world, systems=[system], classifications=[classification])
    client.force_login(world.users["employee"])
    page = client.get(created.get_absolute_url())
    assert page.context["requirements_derived"]
    assert [r["code"] if isinstance(r, dict) else r.code for r in page.context["classifications"][0][2]] == [
        "LEV-1",
        "LEV-2",
    ]
    assert "LEV-2" in page.content.decode()
    assert client.post(reverse("sourcing:contract_copy_security", args=[created.pk])).status_code == 302
    assert client.post(reverse("sourcing:contract_copy_security", args=[created.pk])).status_code == 302
    codes = list(created.requirements.values_list("kind", "code"))
    assert codes == [("security", "LEV-1"), ("security", "LEV-2")]  # once each


def test_a_classification_of_another_organisation_is_refused(world):
    from django.core.exceptions import ValidationError

    from styrbord.systems import services as system_services

    foreign_system = system_services.create_system(
        acting_user=None, organisation=world.other_org, name="Främmande", owner_department=world.foreign_department
    )
    foreign = Classification.objects.create(system=foreign_system, classified_on=date(2025, 3, 1))
    with pytest.raises(ValidationError) as excinfo:
        contract(world, classifications=[foreign])
    assert "classifications" in excinfo.value.message_dict
    created = contract(world)
    with pytest.raises(ValidationError):
        services.update_contract(created, acting_user=None, classifications=[foreign])
    assert not created.classifications.exists()
