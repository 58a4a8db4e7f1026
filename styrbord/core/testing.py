"""Test helpers every app uses: a two-organisation world and the authorization matrix.

An app adds its endpoints to the matrix with one ``PageRow`` or ``ApiRow`` each in
``<app>/tests/matrix.py`` (a module-level ``ROWS`` list); ``core/tests/test_matrix.py``
runs every row for every role, an anonymous visitor and a member of another organisation.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser

from styrbord.organisations import services
from styrbord.organisations.choices import DEPARTMENT_SCOPED_ROLES, Role

EMPLOYEE = "employee"
ROLES = [role.value for role in Role] + [EMPLOYEE]
MEMBERS = frozenset(ROLES)
IT_HEAD = frozenset({Role.IT_HEAD.value})
ANONYMOUS = "anonymous"
STRANGER = "stranger"  # a member of the other organisation only
SUBJECTS = [*ROLES, ANONYMOUS, STRANGER]

_counter = {"n": 0}


def unique(prefix="x"):
    _counter["n"] += 1
    return f"{prefix}{_counter['n']}"


def make_person(organisation, *, department=None, username=None, password="pw-Styrbord-1", **fields):  # noqa: S107
    username = username or unique("user")
    fields.setdefault("first_name", username.capitalize())
    fields.setdefault("last_name", "Testsson")
    fields.setdefault("email", f"{username}@example.org")
    return services.create_person(
        acting_user=None,
        organisation=organisation,
        username=username,
        department=department,
        password=password,
        **fields,
    )


def build_world():
    """Two organisations; in the first, one person per role; in the second, a stranger.

    Department-scoped roles (department head, IT coordinator) are held for ``branch``;
    ``other_branch`` is a department outside their scope.
    """
    org = services.create_organisation(acting_user=None, name="Testby kommun", org_number="212000-2494")
    other_org = services.create_organisation(acting_user=None, name="Annanby kommun", org_number="212000-2502")
    branch = services.create_department(
        acting_user=None, organisation=org, name="Skolförvaltningen", kind="forvaltning", cost_centre="2000"
    )
    unit = services.create_department(
        acting_user=None, organisation=org, name="Skolan", parent=branch, kind="enhet", cost_centre="2100"
    )
    other_branch = services.create_department(
        acting_user=None, organisation=org, name="Socialförvaltningen", kind="forvaltning", cost_centre="3000"
    )
    foreign_department = services.create_department(
        acting_user=None, organisation=other_org, name="Kommunledning", kind="forvaltning", cost_centre="100"
    )
    users = {}
    for role in ROLES:
        user = make_person(org, department=unit, username=f"{role.replace('_', '')}")
        if role != EMPLOYEE:
            services.assign_role(
                acting_user=None,
                user=user,
                organisation=org,
                role=role,
                department=branch if role in DEPARTMENT_SCOPED_ROLES else None,
            )
        users[role] = user
    stranger = make_person(other_org, department=foreign_department, username="stranger")
    # The stranger holds every role in their own organisation: they still see nothing of ours.
    for role in Role:
        services.assign_role(
            acting_user=None,
            user=stranger,
            organisation=other_org,
            role=role,
            department=foreign_department if role in DEPARTMENT_SCOPED_ROLES else None,
        )
    users[STRANGER] = stranger
    return SimpleNamespace(
        org=org,
        other_org=other_org,
        branch=branch,
        unit=unit,
        other_branch=other_branch,
        foreign_department=foreign_department,
        users=users,
    )


def subject_user(world, subject):
    return AnonymousUser() if subject == ANONYMOUS else world.users[subject]


def no_args(world):
    return []


@dataclass
class PageRow:
    """A page: who gets it (200), who is refused (403); others' objects answer 404."""

    url_name: str
    read: frozenset = MEMBERS
    args: object = no_args  # callable(world) -> URL arguments; an object page if it returns any
    method: str = "get"

    @property
    def id(self):
        return f"page:{self.url_name}"


@dataclass
class ApiRow:
    """An API resource: list, detail, update and (optionally) create, each by role."""

    basename: str  # e.g. "organisations-api:department"
    obj: object  # callable(world) -> an object of the first organisation
    read: frozenset = MEMBERS
    change: frozenset = frozenset()
    create: frozenset = frozenset()
    patch: object = None  # callable(world, obj) -> payload for a harmless PATCH
    create_payload: object = None  # callable(world) -> payload for POST in the first organisation
    extra: dict = field(default_factory=dict)

    @property
    def id(self):
        return f"api:{self.basename}"
