"""Item types as data: field definitions and the attribute values checked against them."""

import pytest
from django.core.exceptions import ValidationError

from styrbord.infra.attributes import clean_attributes, clean_definitions

from .factories import LAPTOP_FIELDS

DEFINITIONS = clean_definitions(LAPTOP_FIELDS)


def test_definitions_are_normalised():
    cleaned = clean_definitions([{"name": "capacity", "kind": "choice", "choices": "Small, Large"}])
    assert cleaned == [
        {"name": "capacity", "label": "capacity", "kind": "choice", "required": False, "choices": ["Small", "Large"]}
    ]


@pytest.mark.parametrize(
    "definitions",
    [
        [{"name": "RAM GB", "kind": "number"}],
        [{"name": "ram", "kind": "number"}, {"name": "ram", "kind": "text"}],
        [{"name": "ram", "kind": "colour"}],
        [{"name": "size", "kind": "choice"}],
        ["ram"],
        {"name": "ram"},
    ],
)
def test_bad_definitions_are_refused(definitions):
    with pytest.raises(ValidationError):
        clean_definitions(definitions)


def test_values_are_converted_for_their_kind():
    cleaned = clean_attributes(
        DEFINITIONS, {"ram_gb": "1 024,5", "operating_system": " Windows ", "bought": "2024-02-29", "colour": "silver"}
    )
    assert cleaned == {"ram_gb": 1024.5, "operating_system": "Windows", "bought": "2024-02-29", "colour": "Silver"}
    assert clean_attributes(DEFINITIONS, {"ram_gb": "16", "operating_system": "x"})["ram_gb"] == 16


def test_each_bad_value_is_named_by_its_attribute():
    with pytest.raises(ValidationError) as caught:
        clean_attributes(DEFINITIONS, {"ram_gb": "lots", "bought": "29/2", "colour": "Pink", "owner": "Anna"})
    errors = caught.value.message_dict
    assert set(errors) == {
        "attributes.ram_gb",
        "attributes.bought",
        "attributes.colour",
        "attributes.owner",
        "attributes.operating_system",  # required
    }
    assert "Black, Silver" in errors["attributes.colour"][0]


def test_unknown_values_survive_when_not_strict():
    """A value stays on an item after an administrator removed its field."""
    cleaned = clean_attributes(DEFINITIONS, {"operating_system": "Linux", "legacy": "kept"}, strict=False)
    assert cleaned["legacy"] == "kept"


def test_empty_values_are_left_out():
    assert clean_attributes(DEFINITIONS, {"operating_system": "Linux", "ram_gb": "", "colour": None}) == {
        "operating_system": "Linux"
    }
