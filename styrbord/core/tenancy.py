"""Who belongs where and holds which role, computed once per request.

Every permission predicate and every scoped queryset asks ``access(user)``; it costs
two queries the first time in a request and none after (cached on the user object).
"""

from dataclasses import dataclass, field

from django.apps import apps


@dataclass(frozen=True)
class Grant:
    organisation_id: int
    role: str
    department_path: str | None = None


@dataclass
class Access:
    organisation_ids: frozenset
    grants: tuple = field(default_factory=tuple)

    def roles_in(self, organisation_id):
        return {grant.role for grant in self.grants if grant.organisation_id == organisation_id}

    def has_role(self, organisation_id, *roles):
        return any(g.organisation_id == organisation_id and g.role in roles for g in self.grants)

    def covers_department(self, department, *roles):
        """True when one of ``roles`` is held for ``department`` or an ancestor of it."""
        if department is None:
            return False
        return any(
            g.organisation_id == department.organisation_id
            and g.role in roles
            and g.department_path
            and department.path.startswith(g.department_path)
            for g in self.grants
        )

    def department_paths(self, organisation_id, *roles):
        return [
            g.department_path
            for g in self.grants
            if g.organisation_id == organisation_id and g.role in roles and g.department_path
        ]


EMPTY = Access(organisation_ids=frozenset())
_CACHE_ATTR = "_styrbord_access"


def access(user):
    if user is None or not user.is_authenticated:
        return EMPTY
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    membership_model = apps.get_model("organisations", "Membership")
    role_model = apps.get_model("organisations", "RoleAssignment")
    organisation_ids = frozenset(
        membership_model.objects.filter(user=user, is_active=True, organisation__is_active=True).values_list(
            "organisation_id", flat=True
        )
    )
    grants = tuple(
        Grant(org_id, role, path)
        for org_id, role, path in role_model.objects.filter(
            user=user, organisation_id__in=organisation_ids
        ).values_list("organisation_id", "role", "department__path")
    )
    result = Access(organisation_ids=organisation_ids, grants=grants)
    setattr(user, _CACHE_ATTR, result)
    return result


def forget(user):
    """Drop the cached access after the user's memberships or roles changed."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def organisation_id_of(obj):
    """The organisation an object (or an organisation itself) belongs to."""
    if obj is None:
        return None
    organisation_model = apps.get_model("organisations", "Organisation")
    if isinstance(obj, organisation_model):
        return obj.pk
    lookup = getattr(obj, "organisation_field", "organisation")
    current = obj
    for part in lookup.split("__"):
        if part == "organisation" and hasattr(current, "organisation_id"):
            return current.organisation_id
        current = getattr(current, part, None)
        if current is None:
            return None
    return current.pk if current is not None else None
