"""Demo organisations, departments, people and one login per role (data/demo.yaml)."""

import random
from pathlib import Path

import yaml
from django.conf import settings

from styrbord.core.demo import demo_loader

from . import services
from .models import Department, Membership, Organisation, RoleAssignment, User

DATA = Path(__file__).parent / "data" / "demo.yaml"

FIRST_NAMES = [
    "Agnes",
    "Alice",
    "Anders",
    "Anna",
    "Astrid",
    "Axel",
    "Britt",
    "Carl",
    "Daniel",
    "Ebba",
    "Elin",
    "Elsa",
    "Emil",
    "Emma",
    "Erik",
    "Frida",
    "Gustav",
    "Hanna",
    "Hugo",
    "Ida",
    "Isak",
    "Jakob",
    "Johan",
    "Julia",
    "Karin",
    "Klara",
    "Lars",
    "Lisa",
    "Linnea",
    "Lukas",
    "Maja",
    "Malin",
    "Maria",
    "Markus",
    "Mattias",
    "Moa",
    "Nils",
    "Olle",
    "Oskar",
    "Per",
    "Petra",
    "Rasmus",
    "Saga",
    "Sofia",
    "Stina",
    "Sven",
    "Tilde",
    "Tobias",
    "Ulla",
    "Viktor",
    "Wilma",
]
LAST_NAMES = [
    "Andersson",
    "Berglund",
    "Björk",
    "Blom",
    "Dahl",
    "Ek",
    "Engström",
    "Forsberg",
    "Granlund",
    "Hedlund",
    "Holm",
    "Isaksson",
    "Jonsson",
    "Karlsson",
    "Lind",
    "Lundberg",
    "Lundgren",
    "Marklund",
    "Nilsson",
    "Nordin",
    "Nyström",
    "Olsson",
    "Persson",
    "Lindberg",
    "Sjöberg",
    "Sandström",
    "Stenlund",
    "Strömberg",
    "Sundqvist",
    "Wikström",
    "Åström",
    "Öhman",
    "Hägglund",
    "Burman",
    "Lidström",
    "Renström",
    "Vikström",
]
TITLES = {
    "1": ["Handläggare", "Utredare", "Administratör", "Ekonom", "HR-specialist", "Kommunikatör"],
    "2": ["Lärare", "Förskollärare", "Barnskötare", "Fritidspedagog", "Skolsköterska", "Kurator", "Rektor"],
    "3": ["Undersköterska", "Socialsekreterare", "Sjuksköterska", "Vårdbiträde", "Boendestödjare"],
    "4": ["Byggnadsinspektör", "Miljöinspektör", "Drifttekniker", "Fastighetsskötare", "Lokalvårdare"],
    "5": ["Bibliotekarie", "Fritidsledare", "Musiklärare", "Kulturutvecklare"],
}
# Where a generated employee works: weights by first digit of the cost centre (schools and care are large).
WEIGHTS = {"1": 1, "2": 5, "3": 5, "4": 2, "5": 1}


def _create_tree(organisation, nodes, parent, keys):
    for node in nodes:
        department = Department.objects.filter(organisation=organisation, cost_centre=node["cost_centre"]).first()
        if department is None:
            department = services.create_department(
                acting_user=None,
                organisation=organisation,
                name=node["name"],
                parent=parent,
                kind=node["kind"],
                cost_centre=node["cost_centre"],
            )
        if "key" in node:
            keys[node["key"]] = department
        _create_tree(organisation, node.get("children", []), department, keys)


def _ensure_login(spec, organisations, departments, password):
    user = User.objects.filter(username=spec["username"]).first()
    if user is None:
        user = User(
            username=spec["username"],
            first_name=spec["first_name"],
            last_name=spec["last_name"],
            email=f"{spec['username']}@norrbacken.example",
            title=spec.get("title", ""),
            phone=spec.get("phone", ""),
            is_superuser=spec.get("superuser", False),
            is_staff=spec.get("superuser", False),
        )
        user.set_password(password)
        user.save()
    for membership in spec.get("memberships", []):
        organisation = organisations[membership["organisation"]]
        if not Membership.objects.filter(user=user, organisation=organisation).exists():
            services.add_membership(
                acting_user=None,
                user=user,
                organisation=organisation,
                department=departments.get(membership.get("department")),
            )
    for role in spec.get("roles", []):
        organisation = organisations[role["organisation"]]
        department = departments.get(role.get("department"))
        if not RoleAssignment.objects.filter(
            user=user, organisation=organisation, role=role["role"], department=department
        ).exists():
            services.assign_role(
                acting_user=None, user=user, organisation=organisation, role=role["role"], department=department
            )
    return user


def _generate_employees(organisation, count, domain):
    """Deterministic employees spread over the departments, so that lists look lived-in."""
    existing = Membership.objects.filter(organisation=organisation).count()
    if existing >= count:
        return
    rng = random.Random(f"{organisation.org_number}-employees")  # noqa: S311 - demo data, not security
    leaves = [d for d in Department.objects.in_organisation(organisation) if not d.children.exists()]
    weights = [WEIGHTS.get(d.cost_centre[:1], 1) for d in leaves]
    for index in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        department = rng.choices(leaves, weights=weights)[0]
        username = f"{first}.{last}.{index}".lower().translate(str.maketrans("åäö", "aao"))
        if User.objects.filter(username=username).exists():
            continue
        titles = TITLES.get(department.cost_centre[:1], ["Handläggare"])
        services.create_person(
            acting_user=None,
            organisation=organisation,
            username=username,
            department=department,
            first_name=first,
            last_name=last,
            email=f"{username}@{domain}",
            title=rng.choice(titles),
            phone=f"0920-{rng.randint(100, 999)} {rng.randint(10, 99)}",
        )


@demo_loader(order=10)
def load(context):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    organisations, departments = {}, {}
    for spec in data["organisations"]:
        organisation = Organisation.objects.filter(org_number=spec["org_number"]).first()
        if organisation is None:
            organisation = services.create_organisation(
                acting_user=None,
                name=spec["name"],
                short_name=spec["short_name"],
                org_number=spec["org_number"],
                served_by=organisations.get(spec.get("served_by")),
            )
        organisations[spec["key"]] = organisation
        _create_tree(organisation, spec["departments"], None, departments)
    password = settings.STYRBORD_DEMO_PASSWORD
    users = {spec["username"]: _ensure_login(spec, organisations, departments, password) for spec in data["logins"]}
    employees = context["options"].get("employees", 480)
    _generate_employees(organisations["norrbacken"], employees, "norrbacken.example")
    _generate_employees(organisations["fjallby"], max(employees // 8, 10), "fjallby.example")
    context.update(
        organisations=organisations,
        departments=departments,
        users=users,
        password=password,
        logins=[(spec["username"], spec["description"]) for spec in data["logins"]],
    )
