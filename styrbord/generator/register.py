"""The system register and the CMDB of a generated municipality (data/register.yaml).

Structure goes through the services, as a person would create it: the CMDB's default item types
(``infra.services.install_item_types``, linked to the catalogue's per-device services), the
system-management settings and the management objects. Volume is bulk-inserted with its history:
configuration items (computers, mobiles, monitors, pupils' computers, printers, network, servers,
storage, backup jobs, licences), their relations and links to the catalogue's services; systems
with their roles, the servers they run on and their integrations; this year's management plan
and the last year's meetings of each management object and each vital system outside one.

Every row belongs to its municipality and satisfies the models' ``clean()``: roles and assigned
computers go to members of the municipality, departments and services are its own.
"""

import math
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import yaml
from simple_history.utils import bulk_create_with_history

from styrbord.infra import samples
from styrbord.infra import services as infra
from styrbord.infra.choices import Lifecycle as ItemStatus
from styrbord.infra.choices import RelationKind
from styrbord.infra.models import ConfigurationItem, ItemRelation, ItemService, ItemType
from styrbord.organisations.models import User
from styrbord.systems import services as systems
from styrbord.systems.choices import Category, Lifecycle, MeetingStatus, PlanStatus, RoleKind
from styrbord.systems.models import Integration, ManagementPlan, Meeting, System, SystemItem, SystemRole

DATA = Path(__file__).resolve().parent / "data" / "register.yaml"
CMDB_DEMO = Path(__file__).resolve().parent.parent / "infra" / "data" / "demo.yaml"
BATCH = 2_000
EMPLOYEES_PER_SYSTEM = 9
MIN_SYSTEMS = 6
# Share of a department's employees with a computer of their own, by the cost centre's first digit
# (administration all, schools and care fewer: shared devices on the ward and in the classroom).
COMPUTERS = {"1": 1.0, "2": 0.45, "3": 0.3, "4": 0.6, "5": 0.8}
MOBILES_PER_EMPLOYEE = 0.15
PUPIL_COMPUTERS_PER_EMPLOYEE = 0.5  # in the school units: class sets of Chromebooks
# Personal devices are counted against their type's per-device service (``infra.reconciliation``);
# links to services (what a failure affects, ``infra.impact``) are made for shared items only.
PERSONAL = frozenset({"laptop", "desktop", "phone", "tablet", "student_computer", "monitor", "accessory"})
# Extra services an item takes part in, besides the per-device service of its type.
EXTRA_SERVICES = {
    "firewall": "brandvagg",
    "internet_connection": "internetanslutning",
    "storage": "lagring",
    "backup_job": "backup",
    "network_device": "natverksanslutning",
}
MINUTES = (
    "1. Föregående protokoll lades till handlingarna.\n"
    "2. Driftläget sedan förra mötet.\n"
    "3. Förvaltningsplanens aktiviteter gicks igenom.\n"
    "4. Inkomna önskemål om förändringar prioriterades."
)


def ascii_code(text, length=3):
    return text.upper().translate(str.maketrans("ÅÄÖÉ", "AAOE"))[:length]


class Register:
    """Builds one municipality's system register and CMDB; ``generator`` gives rng, today and counts."""

    def __init__(self, generator, municipality, data, cmdb):
        self.generator = generator
        self.rng = generator.rng
        self.today = generator.today
        self.counts = generator.counts
        self.municipality = municipality
        self.organisation = municipality.organisation
        self.data = data
        self.cmdb = cmdb
        self.by_cost_centre = {d.cost_centre: d for d in municipality.departments}
        self.heads = defaultdict(list)  # department pk -> user ids working there
        self.subtree = defaultdict(list)  # department pk -> user ids in it or below
        for user_id, department in municipality.people:
            self.heads[department.pk].append(user_id)
            for ancestor in department.path.strip("/").split("/"):
                self.subtree[int(ancestor)].append(user_id)
        self.prefix = ascii_code(self.organisation.short_name)
        self.serials = 0

    # Departments and people ------------------------------------------------------------------

    def department(self, cost_centre):
        """The department of the large tree's cost centre, or the nearest one this municipality has."""
        found = self.by_cost_centre.get(cost_centre)
        if found is None:
            found = self.by_cost_centre.get(cost_centre[:1] + "00")
        return found or self.municipality.departments[0]

    def person(self, department, taken=()):
        """A member working in the department (or below it); anyone of the municipality if none does."""
        candidates = [user for user in self.subtree.get(department.pk, ()) if user not in taken]
        if not candidates:
            candidates = [user for user, _department in self.municipality.people if user not in taken]
        return self.rng.choice(candidates)

    # Structure -------------------------------------------------------------------------------

    def structure(self):
        infra.install_item_types(acting_user=None, organisation=self.organisation, library=self.generator.library)
        self.types = {t.code: t for t in ItemType.objects.filter(organisation=self.organisation)}
        self.it_unit = self.by_cost_centre.get("1050")
        systems.update_settings(
            acting_user=None,
            organisation=self.organisation,
            staff_function=self.department("1000"),
            it_unit=self.it_unit,
        )
        self.counts.add("item types", len(self.types))

    def objects(self, chosen):
        """A management object for each group with at least two of the chosen systems."""
        sizes = defaultdict(int)
        for spec in chosen:
            if spec.get("group"):
                sizes[spec["group"]] += 1
        objects = {}
        for key, group in self.data["groups"].items():
            if sizes[key] >= 2:
                objects[key] = systems.create_object(
                    acting_user=None,
                    organisation=self.organisation,
                    name=group["name"],
                    description=group["description"],
                    owner_department=self.department(group["owner"]),
                )
        self.counts.add("management objects", len(objects))
        return objects

    # Systems ---------------------------------------------------------------------------------

    def choose_systems(self):
        """The first N systems of the list, then functions combined with departments, N by size."""
        wanted = max(MIN_SYSTEMS, round(self.municipality.employees / EMPLOYEES_PER_SYSTEM))
        chosen = [dict(spec) for spec in self.data["systems"][:wanted]]
        if len(chosen) < wanted:
            combinations = [
                (function, department)
                for department in self.municipality.departments
                for function in self.data["functions"]
                if department.cost_centre[:1] in function["areas"]
            ]
            self.rng.shuffle(combinations)
            for function, department in combinations[: wanted - len(chosen)]:
                chosen.append(
                    {
                        "name": f"{function['name']} – {department.name}",
                        "department": department,
                        "category": Category.BUSINESS,
                        "vital": self.rng.random() < 0.08,
                        "hosted": self.rng.random() < 0.25,
                        "information": function["information"],
                        "purpose": f"{function['name']} för {department.name}.",
                        "users": None,
                    }
                )
        for spec in chosen:
            spec.setdefault("department", None)
            spec["department"] = spec["department"] or self.department(spec["owner"])
            roll = self.rng.random()
            spec["lifecycle"] = (
                Lifecycle.PLANNED
                if roll < 0.03
                else Lifecycle.BEING_REPLACED
                if roll < 0.07
                else Lifecycle.RETIRED
                if roll < 0.1 and not spec["vital"]
                else Lifecycle.IN_USE
            )
        return chosen

    def system_rows(self, chosen, objects):
        rng, employees = self.rng, self.municipality.employees
        hosting = self.municipality.services.get("systemdrift")
        suppliers = self.data["suppliers"]
        rows = []
        for index, spec in enumerate(chosen):
            lifecycle = spec["lifecycle"]
            in_use_from = None
            if lifecycle != Lifecycle.PLANNED:
                in_use_from = self.today - timedelta(days=rng.randint(200, 5000))
            retired_on = None
            if lifecycle == Lifecycle.RETIRED:
                retired_on = in_use_from + timedelta(days=rng.randint(1, (self.today - in_use_from).days))
            share = spec.get("users")
            users = (
                max(1, round(employees * share))
                if share is not None
                else max(1, len(self.subtree.get(spec["department"].pk, ())))
            )
            supplier = "Egen drift" if spec["category"] == Category.INFRASTRUCTURE else rng.choice(suppliers[:-1])
            rows.append(
                System(
                    organisation=self.organisation,
                    name=spec["name"],
                    purpose=spec["purpose"],
                    owner_department=spec["department"],
                    category=spec["category"],
                    is_vital=spec["vital"],
                    lifecycle=lifecycle,
                    in_use_from=in_use_from,
                    retired_on=retired_on,
                    management_object=objects.get(spec.get("group")),
                    supplier_name=supplier,
                    contract_reference=""
                    if supplier == "Egen drift"
                    else f"AVT-{(in_use_from or self.today).year}-{index + 1:03d}",
                    user_count=0 if lifecycle == Lifecycle.RETIRED else users,
                    hosting_service=hosting if spec.get("hosted") else None,
                    information_types=list(spec["information"]),
                )
            )
        # Planned systems first: a system being replaced names its successor among them.
        planned = [row for row in rows if row.lifecycle == Lifecycle.PLANNED]
        bulk_create_with_history(planned, System, batch_size=BATCH)
        successors = defaultdict(list)
        for row in planned:
            successors[row.owner_department_id].append(row)
        for row in rows:
            if row.lifecycle == Lifecycle.BEING_REPLACED and successors[row.owner_department_id]:
                row.replaced_by = successors[row.owner_department_id].pop()
        bulk_create_with_history([row for row in rows if row.pk is None], System, batch_size=BATCH)
        self.counts.add("systems", len(rows))
        return rows

    def roles(self, chosen, rows, objects):
        """pm3 roles: on each management object, and on each system outside one (all three when vital).

        A few vital systems miss a role or have not told the IT unit, as in real registers.
        """
        rng, staff = self.rng, self.municipality.staff
        roles = []

        def name(scope_field, scope, department, kinds):
            taken = set()
            held = {}
            for kind in kinds:
                if kind in (RoleKind.TECHNICAL_MANAGER,) or (
                    kind == RoleKind.ADMINISTRATOR and department == self.it_unit
                ):
                    candidates = [user for user in staff if user not in taken]
                    person = rng.choice(candidates) if candidates else self.person(department, taken)
                else:
                    person = self.person(department, taken)
                taken.add(person)
                held[kind] = person
                communicated = None if rng.random() < 0.08 else self.today - timedelta(days=rng.randint(20, 900))
                roles.append(
                    SystemRole(
                        organisation=self.organisation,
                        kind=kind,
                        person_id=person,
                        communicated_on=communicated,
                        **{scope_field: scope},
                    )
                )
            return held

        people = {}
        for key, obj in objects.items():
            kinds = [RoleKind.OWNER, RoleKind.MANAGER, RoleKind.ADMINISTRATOR]
            if key == "infrastruktur":
                kinds.append(RoleKind.TECHNICAL_MANAGER)
            if rng.random() < 0.5:
                kinds.append(RoleKind.KEY_USER)
            if rng.random() < 0.3:
                kinds.append(RoleKind.INFORMATION_OWNER)
            if rng.random() < 0.1:
                kinds.remove(RoleKind.ADMINISTRATOR)  # not yet named
            people[obj.pk] = name("management_object", obj, obj.owner_department, kinds)
        for spec, system in zip(chosen, rows, strict=True):
            if system.management_object_id:
                if spec.get("hosted") and rng.random() < 0.3:
                    name("system", system, system.owner_department, [RoleKind.TECHNICAL_MANAGER])
                continue
            kinds = [RoleKind.OWNER, RoleKind.MANAGER]
            if system.is_vital and rng.random() < 0.9:
                kinds.append(RoleKind.ADMINISTRATOR)
            if spec.get("hosted"):
                kinds.append(RoleKind.TECHNICAL_MANAGER)
            people[system.pk] = name("system", system, system.owner_department, kinds)
        bulk_create_with_history(roles, SystemRole, batch_size=BATCH)
        self.counts.add("system roles", len(roles))
        return people

    def plans_and_meetings(self, rows, objects, people):
        """This year's plan and the last year's meetings of each object and each vital system outside one."""
        rng, year = self.rng, self.today.year
        scopes = [("management_object", obj, people.get(obj.pk, {})) for obj in objects.values()]
        scopes += [
            ("system", system, people.get(system.pk, {}))
            for system in rows
            if system.is_vital and not system.management_object_id and system.lifecycle != Lifecycle.PLANNED
        ]
        names = {
            pk: f"{first} {last}"
            for pk, first, last in User.objects.filter(
                pk__in={person for _field, _scope, held in scopes for person in held.values()}
            ).values_list("pk", "first_name", "last_name")
        }
        approved_on = min(date(year - 1, 12, 10), self.today)
        plans, meetings = [], []
        for scope_field, scope, held in scopes:
            owner, manager = held.get(RoleKind.OWNER), held.get(RoleKind.MANAGER)
            roll = rng.random()
            status = PlanStatus.DRAFT if roll > 0.88 else PlanStatus.SUBMITTED if roll > 0.75 else PlanStatus.APPROVED
            if status == PlanStatus.APPROVED and owner is None:
                status = PlanStatus.SUBMITTED  # nobody to approve it yet
            submitted_days = rng.randint(1, 30)
            if status == PlanStatus.APPROVED:
                submitted_days = (self.today - approved_on).days + 20
            plans.append(
                ManagementPlan(
                    organisation=self.organisation,
                    year=year,
                    status=status,
                    goals=f"Stabil drift och nöjda användare under {year}.",
                    budget_upkeep=Decimal(rng.randrange(50, 400) * 1000),
                    budget_development=Decimal(rng.randrange(0, 6) * 100000),
                    submitted_at=None
                    if status == PlanStatus.DRAFT
                    else self.generator.now - timedelta(days=submitted_days),
                    approved_by_id=owner if status == PlanStatus.APPROVED else None,
                    approved_on=approved_on if status == PlanStatus.APPROVED else None,
                    **{scope_field: scope},
                )
            )
            participants = "\n".join(f"{names[person]} ({kind.label})" for kind, person in held.items())
            for index in range(rng.choice((0, 1, 2, 2, 3, 4))):
                day = self.today - timedelta(days=int(330 * (index + 1) / 5) + rng.randint(0, 10))
                meetings.append(
                    Meeting(
                        organisation=self.organisation,
                        date=day,
                        status=MeetingStatus.HELD,
                        participants=participants,
                        agenda="Driftläge, förvaltningsplanen, önskemål om förändringar, övrigt.",
                        minutes=MINUTES,
                        minutes_approved_by_id=owner if owner is not None and index > 0 else None,
                        minutes_approved_on=day + timedelta(days=7) if owner is not None and index > 0 else None,
                        **{scope_field: scope},
                    )
                )
            if manager is not None and rng.random() < 0.5:
                meetings.append(
                    Meeting(
                        organisation=self.organisation,
                        date=self.today + timedelta(days=rng.randint(7, 60)),
                        participants=participants,
                        agenda="Förvaltningsplanen för nästa år.",
                        **{scope_field: scope},
                    )
                )
        bulk_create_with_history(plans, ManagementPlan, batch_size=BATCH)
        bulk_create_with_history(meetings, Meeting, batch_size=BATCH)
        self.counts.add("management plans", len(plans))
        self.counts.add("management meetings", len(meetings))

    def integrations(self, rows):
        """Business systems send to the finance system; the directory feeds the hosted ones."""
        rng = self.rng
        by_name = {system.name: system for system in rows if system.lifecycle != Lifecycle.RETIRED}
        pairs = set()
        finance, payroll, directory = (by_name.get(n) for n in ("Ekonomisystem", "Lönesystem", "Katalogtjänst"))
        for system in by_name.values():
            if finance and system is not finance and rng.random() < 0.12:
                pairs.add((system, finance))
            if payroll and system.owner_department.cost_centre.startswith("103") and system is not payroll:
                pairs.add((system, payroll))
            if directory and system is not directory and system.hosting_service_id and rng.random() < 0.6:
                pairs.add((directory, system))
        if payroll and finance:
            pairs.add((payroll, finance))
        rows = [
            Integration(source=source, target=target, description=rng.choice(("Filöverföring", "API", "Export")))
            for source, target in sorted(pairs, key=lambda pair: (pair[0].pk, pair[1].pk))
        ]
        bulk_create_with_history(rows, Integration, batch_size=BATCH)
        self.counts.add("integrations", len(rows))

    # Configuration items ---------------------------------------------------------------------

    def serial(self, prefix):
        self.serials += 1
        return f"{prefix}{self.organisation.pk:03d}{self.serials:07d}"

    def bought(self, years=5):
        day = self.today - timedelta(days=self.rng.randint(30, 365 * years))
        return {"purchase_date": day, "warranty_until": day + timedelta(days=3 * 365), "in_use_from": day}

    def item(self, type_code, name, *, status=ItemStatus.IN_USE, **fields):
        """An unsaved item stamped as ``infra.services.create_item`` would stamp it."""
        item = ConfigurationItem(
            organisation=self.organisation,
            item_type=self.types[type_code],
            name=name,
            status=status,
            **fields,
        )
        milestone = {
            ItemStatus.ORDERED: "ordered_on",
            ItemStatus.IN_STOCK: "delivered_on",
            ItemStatus.IN_USE: "in_use_from",
            ItemStatus.RETIRED: "retired_on",
        }.get(status)
        item.status_since = (getattr(item, milestone) if milestone else None) or self.today
        if milestone and getattr(item, milestone) is None:
            setattr(item, milestone, item.status_since)
        self.items.append(item)
        return item

    def relate(self, source, kind, target):
        self.relations.append((source, kind, target))

    def workplace(self):
        rng, spec, p = self.rng, self.cmdb["workplace"], self.prefix
        computers = mobiles = 0
        for user_id, department in self.municipality.people:
            if rng.random() < COMPUTERS.get(department.cost_centre[:1], 0.5):
                computers += 1
                model = rng.choice(spec["computer_models"])
                self.item(
                    model["type"],
                    f"{p}-PC-{computers:05d}",
                    serial_number=self.serial("PC"),
                    assigned_to_id=user_id,
                    department=department,
                    **samples.computer(model, supplier=spec["supplier"], image=f"{p}-Standard 2024"),
                    **self.bought(),
                )
            if rng.random() < MOBILES_PER_EMPLOYEE:
                mobiles += 1
                phone = mobiles % 3 != 0
                self.item(
                    "phone" if phone else "tablet",
                    f"{p}-MOB-{mobiles:05d}",
                    serial_number=self.serial("IMEI"),
                    assigned_to_id=user_id,
                    department=department,
                    **samples.mobile(phone),
                    **self.bought(3),
                )
        for department in self.leaves:
            heads = len(self.heads[department.pk])
            if self.is_school(department):
                for index in range(math.ceil(heads * PUPIL_COMPUTERS_PER_EMPLOYEE)):
                    self.item(
                        "student_computer",
                        f"{p}-ELEV-{department.cost_centre}-{index + 1:04d}",
                        serial_number=self.serial("CB"),
                        department=department,
                        location=department.name,
                        **samples.product("student_computer"),
                        **self.bought(3),
                    )
            for index in range(1 + heads // 40):
                self.item(
                    "printer",
                    f"{p}-PRN-{department.cost_centre}-{index + 1:02d}",
                    serial_number=self.serial("PRN"),
                    department=department,
                    location=department.name,
                    **samples.product("printer"),
                    **self.bought(),
                )
        it_unit = self.it_unit or self.municipality.departments[0]
        model = spec["computer_models"][0]
        employees = self.municipality.employees
        for status, count in (
            (ItemStatus.IN_STOCK, 1 + employees // 50),
            (ItemStatus.IN_REPAIR, employees // 150),
            (ItemStatus.RETIRED, employees // 60),
        ):
            for index in range(count):
                if status == ItemStatus.RETIRED:
                    day = self.today - timedelta(days=rng.randint(5 * 365, 7 * 365))
                    dates = {
                        "purchase_date": day,
                        "in_use_from": day,
                        "retired_on": self.today - timedelta(days=rng.randint(10, 300)),
                    }
                elif status == ItemStatus.IN_STOCK:
                    dates = {
                        "purchase_date": self.today - timedelta(days=20),
                        "delivered_on": self.today - timedelta(days=14),
                    }
                else:
                    dates = self.bought(2)
                self.item(
                    "laptop",
                    f"{p}-PC-{status.upper().replace('_', '')}-{index + 1:04d}",
                    status=status,
                    serial_number=self.serial("PC"),
                    department=None if status == ItemStatus.IN_REPAIR else it_unit,
                    **samples.spare_computer(model, supplier=spec["supplier"]),
                    **dates,
                )
        for software in spec["base_software"]:
            values = {key: software[key] for key in ("version", "licence_model") if key in software}
            if "licences" in software:
                values["licences"] = max(10, round(employees * (1.0 if software["licences"] > 100 else 0.15)))
            self.item("base_software", software["name"], department=it_unit, attributes=values)

    def network(self):
        rng, p = self.rng, self.prefix
        it_unit = self.by_cost_centre.get("1052") or self.it_unit or self.municipality.departments[0]
        town = self.organisation.short_name
        lines = [
            self.item(
                "internet_connection",
                f"{p}-NET-FIBER-01",
                supplier=f"{town}s Stadsnät AB",
                department=it_unit,
                attributes={"capacity_mbps": 1000, "circuit_id": self.serial("SN"), "redundancy": "Dubbla vägar"},
                **self.bought(),
            ),
            self.item(
                "internet_connection",
                f"{p}-NET-4G-01",
                supplier="Telia Sverige AB",
                department=it_unit,
                attributes={"capacity_mbps": 150, "circuit_id": self.serial("TS"), "redundancy": "Reservförbindelse"},
                **self.bought(),
            ),
        ]
        firewalls, cores = [], []
        for index in range(2):
            firewall = self.item(
                "firewall",
                f"{p}-FW-{index + 1:02d}",
                serial_number=self.serial("FG"),
                department=it_unit,
                location="Serverhall Kommunhuset",
                **samples.product("firewall"),
                **self.bought(3),
            )
            for line in lines:
                self.relate(firewall, RelationKind.CONNECTED_TO, line)
            firewalls.append(firewall)
        for index in range(2):
            core = self.item(
                "network_device",
                f"{p}-SW-CORE-{index + 1:02d}",
                serial_number=self.serial("CS"),
                department=it_unit,
                location="Serverhall Kommunhuset",
                **samples.product("core_switch"),
                **self.bought(4),
            )
            for firewall in firewalls:
                self.relate(core, RelationKind.CONNECTED_TO, firewall)
            cores.append(core)
        controller = self.item(
            "network_device",
            f"{p}-WLC-01",
            serial_number=self.serial("WC"),
            department=it_unit,
            **samples.product("wlan_controller"),
            **self.bought(4),
        )
        self.relate(controller, RelationKind.CONNECTED_TO, cores[0])
        for site, department in enumerate(self.leaves):
            heads = len(self.heads[department.pk])
            if self.is_school(department):
                heads *= 2  # pupils use the network too
            switches = []
            for index in range(1 + heads // 50):
                switch = self.item(
                    "network_device",
                    f"{p}-SW-{department.cost_centre}-{index + 1:02d}",
                    serial_number=self.serial("SW"),
                    department=department,
                    location=department.name,
                    **samples.product("access_switch"),
                    **self.bought(6),
                )
                self.relate(switch, RelationKind.CONNECTED_TO, cores[site % 2] if index == 0 else switches[0])
                switches.append(switch)
            for index in range(1 + heads // 25):
                access_point = self.item(
                    "access_point",
                    f"{p}-AP-{department.cost_centre}-{index + 1:03d}",
                    serial_number=self.serial("AP"),
                    department=department,
                    location=department.name,
                    **samples.product("access_point"),
                    **self.bought(5),
                )
                self.relate(access_point, RelationKind.CONNECTED_TO, rng.choice(switches))
                self.relate(access_point, RelationKind.DEPENDS_ON, controller)
        return cores

    def datacenter(self, chosen, cores):
        """Hosts, storage and backup; an application server (and a database server when vital) per hosted system."""
        rng, spec, p = self.rng, self.cmdb["datacenter"], self.prefix
        it_unit = self.by_cost_centre.get("1053") or self.it_unit or self.municipality.departments[0]
        employees = self.municipality.employees
        san = self.item(
            "storage",
            f"{p}-SAN-01",
            serial_number=self.serial("ST"),
            manufacturer="NetApp",
            model="AFF A250",
            department=it_unit,
            location="Serverhall Kommunhuset",
            attributes={"storage_kind": "SAN", "capacity_tb": 20 + employees // 20, "used_tb": 10 + employees // 40},
            **self.bought(4),
        )
        nas = self.item(
            "storage",
            f"{p}-NAS-BKP-01",
            serial_number=self.serial("ST"),
            manufacturer="NetApp",
            model="FAS2820",
            department=it_unit,
            location="Reservhall",
            attributes={"storage_kind": "NAS", "capacity_tb": 40 + employees // 10, "used_tb": 20 + employees // 20},
            **self.bought(4),
        )
        self.relate(san, RelationKind.BACKED_UP_BY, nas)
        hosts = []
        for index in range(2 + employees // 500):
            host = self.item(
                "physical_server",
                f"{p}-ESX-{index + 1:02d}",
                serial_number=self.serial("HV"),
                department=it_unit,
                location="Serverhall Kommunhuset",
                **samples.product("host", rack_position=f"R1-U{10 + index * 2}"),
                **self.bought(3),
            )
            self.relate(host, RelationKind.DEPENDS_ON, san)
            self.relate(host, RelationKind.CONNECTED_TO, cores[index % len(cores)])
            hosts.append(host)
        backup_server = self.item(
            "physical_server",
            f"{p}-BKP-01",
            serial_number=self.serial("BK"),
            department=it_unit,
            location="Reservhall",
            **samples.product("backup_server"),
            **self.bought(3),
        )
        self.relate(backup_server, RelationKind.DEPENDS_ON, nas)
        runs_on = defaultdict(list)  # index of the system in ``chosen`` -> its servers
        position = 0
        for number, system in enumerate(chosen):
            if not system.get("hosted") or system["lifecycle"] == Lifecycle.PLANNED:
                continue
            for role in ("APP", "DB") if system["vital"] else ("APP",):
                position += 1
                name = f"{p}-SRV-{position:04d}-{role}"
                vm = self.item(
                    "virtual_server",
                    name,
                    department=it_unit,
                    status=ItemStatus.RETIRED if system["lifecycle"] == Lifecycle.RETIRED else ItemStatus.IN_USE,
                    in_use_from=self.today - timedelta(days=rng.randint(60, 2000)),
                    notes=system["name"],
                    attributes=samples.virtual_server_attributes(rng, spec, role, "Produktion"),
                )
                runs_on[number].append(vm)
                self.relate(vm, RelationKind.RUNS_ON, hosts[position % len(hosts)])
                if vm.status == ItemStatus.IN_USE:
                    job = self.item(
                        "backup_job",
                        f"BKP-{name}",
                        department=it_unit,
                        attributes=samples.backup_job_attributes(rng, spec, role),
                    )
                    self.relate(vm, RelationKind.BACKED_UP_BY, job)
                    self.relate(job, RelationKind.RUNS_ON, backup_server)
        return runs_on

    def is_school(self, department):
        return department.cost_centre[:2] in ("22", "23") or department.cost_centre == "210"

    def write_items(self):
        """Items with their history, then their relations and their links to the catalogue's services."""
        bulk_create_with_history(self.items, ConfigurationItem, batch_size=BATCH)
        relations = [
            ItemRelation(source=source, target=target, kind=kind)
            for source, kind, target in dict.fromkeys(self.relations)
        ]
        bulk_create_with_history(relations, ItemRelation, batch_size=BATCH)
        services = self.municipality.services
        by_type = {t.pk: t.charged_as_service_id for t in self.types.values() if t.code not in PERSONAL}
        extra = {self.types[code].pk: services[name].pk for code, name in EXTRA_SERVICES.items() if name in services}
        links = []
        for item in self.items:
            for service_id in dict.fromkeys((by_type.get(item.item_type_id), extra.get(item.item_type_id))):
                if service_id is not None:
                    links.append(ItemService(item=item, service_id=service_id))
        bulk_create_with_history(links, ItemService, batch_size=BATCH)
        self.counts.add("configuration items", len(self.items))
        self.counts.add("item relations", len(relations))
        self.counts.add("item–service links", len(links))

    # All of it -------------------------------------------------------------------------------

    def build(self):
        children = {d.parent_id for d in self.municipality.departments}
        self.leaves = [d for d in self.municipality.departments if d.pk not in children]
        self.items, self.relations = [], []
        self.structure()
        chosen = self.choose_systems()
        objects = self.objects(chosen)
        self.workplace()
        cores = self.network()
        runs_on = self.datacenter(chosen, cores)
        self.write_items()
        rows = self.system_rows(chosen, objects)
        links = [SystemItem(system=rows[number], item=item) for number, items in runs_on.items() for item in items]
        bulk_create_with_history(links, SystemItem, batch_size=BATCH)
        self.counts.add("systems on items", len(links))
        people = self.roles(chosen, rows, objects)
        self.plans_and_meetings(rows, objects, people)
        self.integrations(rows)


def load_data():
    return (
        yaml.safe_load(DATA.read_text(encoding="utf-8")),
        yaml.safe_load(CMDB_DEMO.read_text(encoding="utf-8")),
    )
