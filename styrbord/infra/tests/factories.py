"""Small builders for the CMDB tests: a catalogue service, item types and items of an organisation."""

from styrbord.catalog.models import CompetenceArea, Service
from styrbord.core.testing import unique
from styrbord.infra import services
from styrbord.infra.models import ConfigurationItem, ItemType

LAPTOP_FIELDS = [
    {"name": "ram_gb", "label": "RAM (GB)", "kind": "number", "required": False},
    {"name": "operating_system", "label": "Operating system", "kind": "text", "required": True},
    {"name": "bought", "label": "Bought", "kind": "date"},
    {"name": "colour", "label": "Colour", "kind": "choice", "choices": ["Black", "Silver"]},
]


def service(organisation, code=None, unit="device"):
    area, _created = CompetenceArea.objects.get_or_create(
        organisation=organisation, code="arbetsplats", defaults={"name": "Arbetsplats"}
    )
    return Service.objects.create(
        organisation=organisation, area=area, name=code or unique("Tjänst "), code=code or unique("svc"), unit=unit
    )


def item_type(organisation, code="laptop", area="workplace", fields=None, **extra):
    existing = ItemType.objects.filter(organisation=organisation, code=code).first()
    if existing is not None:
        return existing
    return services.create_item_type(
        acting_user=None,
        organisation=organisation,
        code=code,
        area=area,
        name=code.replace("_", " ").capitalize(),
        field_definitions=LAPTOP_FIELDS if fields is None else fields,
        **extra,
    )


def item(organisation, name=None, type_code="server", **fields):
    """An item of a type without fields (or a laptop with its required attribute); the same name, the same item."""
    existing = ConfigurationItem.objects.filter(organisation=organisation, name=name).first() if name else None
    if existing is not None:
        return existing
    if type_code == "laptop":
        kind = item_type(organisation)
        fields.setdefault("attributes", {"operating_system": "Windows 11"})
    else:
        kind = item_type(organisation, code=type_code, area="datacenter", fields=[])
    return services.create_item(
        acting_user=None, organisation=organisation, item_type=kind, name=name or unique("item-"), **fields
    )


def relate(source, target, kind="runs_on"):
    return services.add_relation(acting_user=None, source=source, target=target, kind=kind)
