"""Demo CMDB (data/demo.yaml): a few hundred items in each competence area, with relations.

Deterministic and idempotent: an item that exists by name is left alone, so running the demo
twice changes nothing. Fills ``context["infra"]`` with the items by name for later loaders.
"""

import math
import random
from datetime import timedelta
from pathlib import Path

import yaml
from django.utils import timezone

from styrbord.core.demo import demo_loader
from styrbord.core.services import save_validated
from styrbord.organisations.models import Department, Membership

from . import samples, services
from .choices import RelationKind
from .models import ConfigurationItem, ItemRelation, ItemService, ItemType

DATA = Path(__file__).parent / "data" / "demo.yaml"


class Builder:
    """Creates what is missing, remembering every item by name."""

    def __init__(self, organisation, rng):
        self.organisation = organisation
        self.rng = rng
        self.types = {t.code: t for t in ItemType.objects.in_organisation(organisation)}
        self.items = {i.name: i for i in ConfigurationItem.objects.in_organisation(organisation)}
        self.relations = set(
            ItemRelation.objects.filter(source__organisation=organisation).values_list("source_id", "target_id", "kind")
        )
        self.departments = {d.cost_centre: d for d in Department.objects.in_organisation(organisation)}
        self.counter = 0
        self.today = timezone.localdate()

    def serial(self, prefix):
        self.counter += 1
        return f"{prefix}{self.rng.randint(100000, 999999)}{self.counter:04d}"

    def purchased(self, years=5):
        bought = self.today - timedelta(days=self.rng.randint(30, 365 * years))
        return {"purchase_date": bought, "warranty_until": bought + timedelta(days=3 * 365), "in_use_from": bought}

    def item(self, type_code, name, **fields):
        if name in self.items:
            return self.items[name]
        item = services.create_item(
            acting_user=None, organisation=self.organisation, item_type=self.types[type_code], name=name, **fields
        )
        self.items[name] = item
        return item

    def relate(self, source, kind, target):
        if (source.pk, target.pk, kind) not in self.relations:
            services.add_relation(acting_user=None, source=source, target=target, kind=kind)
            self.relations.add((source.pk, target.pk, kind))


def _workplace(builder, spec):
    rng = builder.rng
    organisation = builder.organisation
    members = list(
        Membership.objects.filter(organisation=organisation, is_active=True, department__isnull=False)
        .select_related("user", "department")
        .order_by("user__username")
    )
    by_department = {}
    for membership in members:
        by_department.setdefault(membership.department, []).append(membership.user)
    number = 0
    laptops = []
    for department in sorted(by_department, key=lambda d: d.cost_centre):
        people = by_department[department]
        share = spec["computers_per_employee"].get(department.cost_centre[:1], 0.5)
        for person in people[: math.ceil(len(people) * share)]:
            number += 1
            model = rng.choice(spec["computer_models"])
            item = builder.item(
                model["type"],
                f"NB-PC-{number:04d}",
                serial_number=builder.serial("PC"),
                assigned_to=person,
                department=department,
                **samples.computer(model, supplier=spec["supplier"], image="NB-Standard 2024"),
                **builder.purchased(),
            )
            if model["type"] == "laptop":
                laptops.append(item)
            if rng.random() < spec["monitors_per_computer"]:
                builder.item(
                    "monitor",
                    f"NB-SKM-{number:04d}",
                    serial_number=builder.serial("MON"),
                    manufacturer="Dell",
                    model="P2423",
                    department=department,
                    assigned_to=person,
                    attributes={"size_inches": 24},
                    **builder.purchased(),
                )
        for index, person in enumerate(people[: math.ceil(len(people) * spec["mobiles_per_employee"])], start=1):
            phone = index % 3 != 0
            builder.item(
                "phone" if phone else "tablet",
                f"NB-MOB-{department.cost_centre}-{index:03d}",
                serial_number=builder.serial("IMEI"),
                assigned_to=person,
                department=department,
                **samples.mobile(phone),
                **builder.purchased(3),
            )
        for index in range(spec["student_computers"].get(department.cost_centre, 0)):
            builder.item(
                "student_computer",
                f"NB-ELEV-{department.cost_centre}-{index + 1:03d}",
                serial_number=builder.serial("CB"),
                department=department,
                location=department.name,
                **samples.product("student_computer"),
                **builder.purchased(3),
            )
        for index in range(spec["printers_per_department"]):
            builder.item(
                "printer",
                f"NB-PRN-{department.cost_centre}-{index + 1:02d}",
                serial_number=builder.serial("PRN"),
                department=department,
                location=department.name,
                **samples.product("printer"),
                **builder.purchased(),
            )
    for index, laptop in enumerate(laptops[: int(len(laptops) * spec["docking_per_laptop"])], start=1):
        builder.item(
            "accessory",
            f"NB-DOCK-{index:04d}",
            serial_number=builder.serial("DK"),
            manufacturer="Lenovo",
            model="ThinkPad Universal USB-C Dock",
            department=laptop.department,
            assigned_to=laptop.assigned_to,
            attributes={"accessory_kind": "Dockningsstation"},
            **builder.purchased(),
        )
    it_unit = builder.departments.get("1051")
    model = spec["computer_models"][0]
    extra = [("in_stock", spec["stock"]), ("in_repair", spec["in_repair"]), ("retired", spec["retired"])]
    for status, count in extra:
        for index in range(count):
            dates = builder.purchased(1)
            if status == "retired":
                bought = builder.today - timedelta(days=rng.randint(5 * 365, 7 * 365))
                retired = builder.today - timedelta(days=rng.randint(10, 300))
                dates = {"purchase_date": bought, "in_use_from": bought, "retired_on": retired}
            if status == "in_stock":
                dates = {
                    "purchase_date": builder.today - timedelta(days=20),
                    "delivered_on": builder.today - timedelta(days=14),
                }
            builder.item(
                "laptop",
                f"NB-PC-{status.upper().replace('_', '')}-{index + 1:03d}",
                status=status,
                serial_number=builder.serial("PC"),
                department=it_unit if status != "in_repair" else None,
                **samples.spare_computer(model, supplier=spec["supplier"]),
                **dates,
            )
    for software in spec["base_software"]:
        values = {key: software[key] for key in ("version", "licence_model", "licences") if key in software}
        builder.item("base_software", software["name"], department=it_unit, attributes=values)


def _network(builder, spec):
    rng = builder.rng
    it_unit = builder.departments.get("1052")
    lines = [
        builder.item(
            "internet_connection",
            line["name"],
            supplier=line["supplier"],
            department=it_unit,
            attributes={k: line[k] for k in ("capacity_mbps", "circuit_id", "redundancy")},
            **builder.purchased(),
        )
        for line in spec["internet"]
    ]
    firewalls = []
    for name in spec["firewalls"]:
        firewall = builder.item(
            "firewall",
            name,
            serial_number=builder.serial("FG"),
            department=it_unit,
            location="Serverhall Kommunhuset",
            **samples.product("firewall"),
            **builder.purchased(3),
        )
        for line in lines:
            builder.relate(firewall, RelationKind.CONNECTED_TO, line)
        firewalls.append(firewall)
    cores = []
    for name in spec["core_switches"]:
        core = builder.item(
            "network_device",
            name,
            serial_number=builder.serial("CS"),
            department=it_unit,
            location="Serverhall Kommunhuset",
            **samples.product("core_switch"),
            **builder.purchased(4),
        )
        for firewall in firewalls:
            builder.relate(core, RelationKind.CONNECTED_TO, firewall)
        cores.append(core)
    controller = builder.item(
        "network_device",
        spec["wlan_controller"],
        serial_number=builder.serial("WC"),
        department=it_unit,
        **samples.product("wlan_controller"),
        **builder.purchased(4),
    )
    builder.relate(controller, RelationKind.CONNECTED_TO, cores[0])
    for site in spec["sites"]:
        department = builder.departments.get(site["department"])
        switches = []
        for index in range(site["switches"]):
            switch = builder.item(
                "network_device",
                f"SW-{site['code']}-{index + 1:02d}",
                serial_number=builder.serial("SW"),
                department=department,
                location=site["name"],
                **samples.product("access_switch"),
                **builder.purchased(6),
            )
            builder.relate(switch, RelationKind.CONNECTED_TO, cores[index % len(cores)] if index == 0 else switches[0])
            switches.append(switch)
        for index in range(site["access_points"]):
            access_point = builder.item(
                "access_point",
                f"AP-{site['code']}-{index + 1:02d}",
                serial_number=builder.serial("AP"),
                department=department,
                location=site["name"],
                **samples.product("access_point"),
                **builder.purchased(5),
            )
            builder.relate(access_point, RelationKind.CONNECTED_TO, rng.choice(switches))
            builder.relate(access_point, RelationKind.DEPENDS_ON, controller)
    return cores


def _datacenter(builder, spec, cores):
    rng = builder.rng
    it_unit = builder.departments.get("1053")
    storage = {
        entry["name"]: builder.item(
            "storage",
            entry["name"],
            serial_number=builder.serial("ST"),
            manufacturer="NetApp",
            model="AFF A250" if entry["storage_kind"] == "SAN" else "FAS2820",
            department=it_unit,
            location="Serverhall Kommunhuset" if entry["name"] != "SAN-02" else "Reservhall Reningsverket",
            attributes={k: entry[k] for k in ("storage_kind", "capacity_tb", "used_tb")},
            **builder.purchased(4),
        )
        for entry in spec["storage"]
    }
    hosts = []
    for index, name in enumerate(spec["hosts"]):
        host = builder.item(
            "physical_server",
            name,
            serial_number=builder.serial("HV"),
            department=it_unit,
            location="Serverhall Kommunhuset",
            **samples.product("host", rack_position=f"R1-U{10 + index * 2}"),
            **builder.purchased(3),
        )
        builder.relate(host, RelationKind.DEPENDS_ON, storage["SAN-01"])
        builder.relate(host, RelationKind.CONNECTED_TO, cores[index % len(cores)])
        hosts.append(host)
    backup_server = builder.item(
        "physical_server",
        spec["backup_server"],
        serial_number=builder.serial("BK"),
        department=it_unit,
        location="Reservhall Reningsverket",
        **samples.product("backup_server"),
        **builder.purchased(3),
    )
    builder.relate(backup_server, RelationKind.DEPENDS_ON, storage["NAS-BKP-01"])
    builder.relate(storage["SAN-01"], RelationKind.BACKED_UP_BY, storage["SAN-02"])
    position = 0
    for prefix, roles in spec["virtual_servers"].items():
        counts = {}
        for role in roles:
            counts[role] = counts.get(role, 0) + 1
            name = f"SRV-{prefix}-{role}{counts[role]:02d}"
            vm = builder.item(
                "virtual_server",
                name,
                department=it_unit,
                in_use_from=builder.today - timedelta(days=rng.randint(60, 2000)),
                attributes=samples.virtual_server_attributes(
                    rng, spec, role, "Test" if prefix in ("TEST", "UTV") else "Produktion"
                ),
            )
            builder.relate(vm, RelationKind.RUNS_ON, hosts[position % len(hosts)])
            position += 1
            job = builder.item(
                "backup_job",
                f"BKP-{name}",
                department=it_unit,
                attributes=samples.backup_job_attributes(rng, spec, role),
            )
            builder.relate(vm, RelationKind.BACKED_UP_BY, job)
            builder.relate(job, RelationKind.RUNS_ON, backup_server)


def _link_services(builder):
    """Link items to the catalogue's services where the catalogue demo made them."""
    by_type = {}
    for item_type in builder.types.values():
        if item_type.charged_as_service_id:
            by_type[item_type.pk] = item_type.charged_as_service
    existing = set(
        ItemService.objects.filter(item__organisation=builder.organisation).values_list("item_id", "service_id")
    )
    for item in builder.items.values():
        service = by_type.get(item.item_type_id)
        if service is not None and (item.pk, service.pk) not in existing:
            save_validated(ItemService(item=item, service=service), acting_user=None)


def _link_library_services(organisation, library):
    """Types from the library that still lack their per-device service get it once the catalogue exists."""
    codes = {spec["code"]: spec.get("charged_as") for spec in library["types"]}
    for item_type in ItemType.objects.in_organisation(organisation).filter(charged_as_service__isnull=True):
        service = services.library_service(organisation, codes.get(item_type.code))
        if service is not None:
            services.update_item_type(item_type, acting_user=None, charged_as_service=service)


@demo_loader(order=50)
def load(context):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    library = services.read_library()
    organisations = context.get("organisations", {})
    for organisation in organisations.values():
        services.install_item_types(acting_user=None, organisation=organisation, library=library)
        _link_library_services(organisation, library)
    norrbacken = organisations.get("norrbacken")
    if norrbacken is None:
        return
    builder = Builder(norrbacken, random.Random("norrbacken-cmdb"))  # noqa: S311 - demo data
    _workplace(builder, data["workplace"])
    cores = _network(builder, data["network"])
    _datacenter(builder, data["datacenter"], cores)
    _link_services(builder)
    context["infra"] = {"items": builder.items}
