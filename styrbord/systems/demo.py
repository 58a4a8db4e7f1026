"""Demo system register (data/demo.yaml): about 40 systems of a small municipality in management
objects, with roles (some missing on purpose), plans for last, this and next year, and meetings.

Runs after the CMDB demo (order 50), whose servers the systems run on. Everything goes through
the services, as people would do it: the system manager drafts and submits, the owner approves.
Deterministic and idempotent: what exists (by name, by scope and year, …) is left alone.
"""

import random
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import yaml
from django.utils import timezone

from styrbord.catalog.models import Service
from styrbord.core.demo import demo_loader
from styrbord.infra.models import ConfigurationItem
from styrbord.organisations.models import Department, Membership, User

from . import services
from .choices import MeetingStatus, PlanStatus, RoleKind
from .models import ManagementObject, ManagementPlan, Meeting, System, SystemRole, SystemSettings

DATA = Path(__file__).parent / "data" / "demo.yaml"

UPKEEP = [
    ("Versionsuppgraderingar och säkerhetsuppdateringar", Decimal("60000"), Decimal("80")),
    ("Behörighetsgenomgång två gånger per år", Decimal("0"), Decimal("16")),
    ("Leverantörsavtal, support och licenser", Decimal("180000"), Decimal("12")),
    ("Utbildning av nya användare", Decimal("15000"), Decimal("24")),
]
RISKS = [
    (
        "Leverantören avvecklar den version vi kör",
        "medium",
        "Planera versionsbyte i god tid; följ leverantörens färdplan.",
    ),
    ("Få personer kan systemet på djupet", "high", "Dokumentera rutiner och utbilda en ersättare per roll."),
]
MINUTES = (
    "1. Föregående protokoll lades till handlingarna.\n"
    "2. Driftläget sedan förra mötet: inga allvarliga störningar.\n"
    "3. Förvaltningsplanens aktiviteter gicks igenom.\n"
    "4. Inkomna önskemål om förändringar prioriterades."
)


class Loader:
    def __init__(self, organisation, users):
        self.organisation = organisation
        self.users = users
        self.today = timezone.localdate()
        self.departments = {d.cost_centre: d for d in Department.objects.in_organisation(organisation)}
        self.services = {s.code: s for s in Service.objects.in_organisation(organisation)}
        self.items = list(
            ConfigurationItem.objects.in_organisation(organisation).filter(name__startswith="SRV-").order_by("name")
        )

    def person(self, spec, department, key, taken):
        """A demo login by user name, or a member of the department chosen deterministically."""
        if spec in (None, "~"):
            return None
        if spec != "auto":
            return self.users.get(spec) or User.objects.filter(username=spec).first()
        members = list(
            Membership.objects.filter(
                organisation=self.organisation, is_active=True, department__path__startswith=department.path
            )
            .select_related("user")
            .order_by("user__username")
        )
        candidates = [m.user for m in members if m.user.pk not in taken]
        return random.Random(key).choice(candidates) if candidates else None  # noqa: S311 - demo data

    def servers(self, prefixes):
        return [item for item in self.items if any(item.name.startswith(f"SRV-{p}-") for p in prefixes or [])]


def _settings(loader, spec):
    if SystemSettings.objects.filter(organisation=loader.organisation).exists():
        return
    services.update_settings(
        acting_user=None,
        organisation=loader.organisation,
        min_meetings=spec["min_meetings"],
        plan_due_month=spec["plan_due"]["month"],
        plan_due_day=spec["plan_due"]["day"],
        plan_reminder_days=spec["plan_reminder_days"],
        months_without_meeting=spec["months_without_meeting"],
        staff_function=loader.departments.get(spec["staff_function"]),
        it_unit=loader.departments.get(spec["it_unit"]),
    )


def _objects(loader, specs):
    existing = {o.name: o for o in ManagementObject.objects.in_organisation(loader.organisation)}
    objects = {}
    for spec in specs:
        obj = existing.get(spec["name"]) or services.create_object(
            acting_user=None,
            organisation=loader.organisation,
            name=spec["name"],
            description=spec["description"],
            owner_department=loader.departments[spec["owner"]],
        )
        objects[spec["key"]] = obj
    return objects


SYSTEM_KEYS = {
    "name",
    "object",
    "owner",
    "category",
    "vital",
    "lifecycle",
    "replaced_by",
    "supplier",
    "contract",
    "users",
    "runs_on",
    "hosting",
    "information",
    "purpose",
    "integrations",
}


def _systems(loader, specs, objects):
    for spec in specs:
        if set(spec) - SYSTEM_KEYS:  # e.g. an unquoted comma in a YAML flow mapping
            raise ValueError(f"{spec['name']}: unknown keys {sorted(set(spec) - SYSTEM_KEYS)} in the demo data")
    existing = {s.name: s for s in System.objects.in_organisation(loader.organisation)}
    created = {}
    for spec in specs:
        if spec["name"] in existing:
            continue
        created[spec["name"]] = services.create_system(
            acting_user=None,
            organisation=loader.organisation,
            name=spec["name"],
            purpose=spec.get("purpose", ""),
            owner_department=loader.departments[spec["owner"]],
            category=spec["category"],
            is_vital=spec["vital"],
            lifecycle=spec.get("lifecycle", "in_use"),
            in_use_from=None
            if spec.get("lifecycle") == "planned"
            else loader.today.replace(year=loader.today.year - 5),
            management_object=objects.get(spec.get("object")),
            supplier_name=spec.get("supplier", ""),
            contract_reference=spec.get("contract", ""),
            user_count=spec.get("users"),
            hosting_service=loader.services.get(spec.get("hosting")),
            information_types=spec.get("information", []),
            runs_on=loader.servers(spec.get("runs_on")),
        )
    systems = {**existing, **created}
    for spec in specs:
        system = created.get(spec["name"])
        if system is None:
            continue
        links = {}
        if spec.get("replaced_by"):
            links["replaced_by"] = systems[spec["replaced_by"]]
        if spec.get("integrations"):
            links["integrations"] = [systems[name] for name in spec["integrations"]]
        if links:
            services.update_system(system, acting_user=None, **links)
    return systems


def _roles(loader, scope, key, spec, department):
    """Name the roles of ``spec`` that the scope lacks; a missing person leaves the role missing."""
    scope_field = {"system": scope} if isinstance(scope, System) else {"management_object": scope}
    held = set(SystemRole.objects.filter(**scope_field).values_list("kind", flat=True))
    silent = set(spec.get("silent", []))
    taken = set()
    people = {}
    for kind, who in spec.get("roles", {}).items():
        person = loader.person(who, department, f"{key}-{kind}", taken)
        if person is None:
            continue
        taken.add(person.pk)
        people[kind] = person
        if kind in held:
            continue
        communicated = None if kind in silent else loader.today - timedelta(days=200 + len(taken) * 7)
        services.assign_role(acting_user=None, kind=kind, person=person, communicated_on=communicated, **scope_field)
    return people


def _activities(plan, development, rng):
    for title, cost, hours in UPKEEP:
        services.add_activity(
            plan, acting_user=None, title=title, kind="upkeep", estimated_cost=cost, estimated_hours=hours
        )
    for title in development:
        services.add_activity(
            plan,
            acting_user=None,
            title=title,
            kind="development",
            estimated_cost=Decimal(rng.randrange(80, 260) * 1000),
            estimated_hours=Decimal(rng.randrange(60, 200)),
        )
    for description, level, mitigation in RISKS[: rng.randint(1, 2)]:
        services.add_risk(plan, acting_user=None, description=description, level=level, mitigation=mitigation)


def _follow_up(plan, manager, rng):
    for activity in plan.activities.all():
        done = rng.random() < 0.8
        services.update_activity(
            activity,
            acting_user=manager,
            status="done" if done else "postponed",
            actual_cost=(activity.estimated_cost * Decimal(rng.randrange(85, 120)) / 100).quantize(Decimal("1")),
            actual_hours=activity.estimated_hours,
        )


def _plan(loader, scope, year, status, development, people, rng):
    scope_field = {"system": scope} if isinstance(scope, System) else {"management_object": scope}
    if status in (None, "~") or ManagementPlan.objects.filter(year=year, **scope_field).exists():
        return
    manager, owner = people.get("manager"), people.get("owner") or loader.users.get("itchef")
    upkeep = sum(cost for _title, cost, _hours in UPKEEP)
    plan = services.create_plan(
        acting_user=manager,
        year=year,
        goals=(
            f"Stabil drift och nöjda användare under {year}. Genomföra de prioriterade utvecklingsaktiviteterna "
            "inom budget och hålla behörigheterna aktuella."
        ),
        budget_upkeep=upkeep + Decimal(20000),
        budget_development=Decimal(rng.randrange(2, 6) * 100000),
        **scope_field,
    )
    _activities(plan, development, rng)
    if status == PlanStatus.DRAFT:
        return
    services.submit_plan(plan, acting_user=manager)
    if status == PlanStatus.SUBMITTED:
        return
    approved_on = loader.today.replace(year=year - 1, month=12, day=10)
    services.approve_plan(plan, acting_user=owner, on=min(approved_on, loader.today))
    if status == PlanStatus.CLOSED:
        _follow_up(plan, manager, rng)
        services.close_plan(
            plan,
            acting_user=manager,
            follow_up="De flesta aktiviteter genomfördes. Det som inte hanns med flyttas till nästa års plan.",
            on=min(loader.today.replace(year=year + 1, month=1, day=31), loader.today),
        )


def _meetings(loader, scope, count, people, rng):
    scope_field = {"system": scope} if isinstance(scope, System) else {"management_object": scope}
    if Meeting.objects.filter(**scope_field).exists():
        return
    participants = "\n".join(f"{person} ({RoleKind(kind).label})" for kind, person in people.items())
    owner = people.get("owner")
    for index in range(count):
        day = loader.today - timedelta(days=int(330 * (index + 1) / (count + 1)) + rng.randint(0, 10))
        meeting = services.create_meeting(
            acting_user=people.get("manager"),
            date=day,
            status=MeetingStatus.HELD,
            participants=participants,
            agenda="Driftläge, förvaltningsplanen, önskemål om förändringar, övrigt.",
            minutes=MINUTES,
            **scope_field,
        )
        services.add_decision(
            meeting,
            acting_user=people.get("manager"),
            text="Nästa versionsuppgradering genomförs under lågsäsong efter test i testmiljön.",
            responsible=str(people.get("administrator") or people.get("manager") or ""),
            due_on=day + timedelta(days=60),
        )
        if owner is not None and index > 0:
            services.approve_minutes(meeting, acting_user=owner, on=day + timedelta(days=7))
    services.create_meeting(
        acting_user=people.get("manager"),
        date=loader.today + timedelta(days=21),
        participants=participants,
        agenda="Förvaltningsplanen för nästa år.",
        **scope_field,
    )


@demo_loader(order=60)
def load(context):
    organisation = context.get("organisations", {}).get("norrbacken")
    if organisation is None:
        return
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    loader = Loader(organisation, context.get("users", {}))
    rng = random.Random("norrbacken-systems")  # noqa: S311 - demo data
    _settings(loader, data["settings"])
    objects = _objects(loader, data["objects"])
    systems = _systems(loader, data["systems"], objects)
    year = loader.today.year
    for spec in data["objects"]:
        obj = objects[spec["key"]]
        people = _roles(loader, obj, spec["key"], spec, obj.owner_department)
        for offset, which in ((-1, "last"), (0, "this"), (1, "next")):
            _plan(loader, obj, year + offset, spec["plans"].get(which), spec.get("development", []), people, rng)
        _meetings(loader, obj, spec.get("meetings", 0), people, rng)
    for spec in data["systems"]:
        system = systems[spec["name"]]
        if spec.get("object") or not spec["vital"]:
            continue
        # A vital system outside any object is managed on its own.
        roles = {"roles": {"owner": "auto", "manager": "auto", "administrator": "auto"}}
        people = _roles(loader, system, spec["name"], roles, system.owner_department)
        _plan(loader, system, year, "approved", [], people, rng)
        _meetings(loader, system, 1, people, rng)
    context["systems"] = systems
