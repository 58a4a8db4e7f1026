"""Who belongs where and holds which role.

Every permission predicate and every scoped queryset asks ``access(user)``. Within a request
it is kept on the user object. Across requests each process keeps the last answer per person
while the shared *access version* (in the cache, so every worker sees it) is unchanged: any
saved or deleted membership, role assignment, department, organisation or user gives a new
version, at once and again when the transaction commits, so a worker never keeps an answer
computed from rows that have since changed. Checking costs one cache read per request instead
of two queries.
"""

from dataclasses import dataclass, field
from uuid import uuid4

from django.apps import apps
from django.core.cache import cache
from django.db import transaction


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
VERSION_KEY = "styrbord:access-version"
_shared = {}  # (user id, joined) -> (version, Access); joined tells a reused id from its old owner
_SHARED_LIMIT = 10_000


def access_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid4().hex, None)  # add, not set: a concurrent change wins
        version = cache.get(VERSION_KEY)
    return version


def access_changed(**_signal_arguments):
    """What ``access`` reads has changed: every process computes it anew (connected to model signals)."""

    def new_version():
        cache.set(VERSION_KEY, uuid4().hex, None)

    new_version()
    # Again after commit: a worker that read the old rows before the commit must not keep its answer.
    transaction.on_commit(new_version)


def _shared_key(user):
    return (user.pk, getattr(user, "date_joined", None))


def access(user):
    if user is None or not user.is_authenticated:
        return EMPTY
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    key = _shared_key(user)
    version = access_version()
    shared = _shared.get(key)
    if shared is not None and shared[0] == version:
        setattr(user, _CACHE_ATTR, shared[1])
        return shared[1]
    result = compute_access(user)
    if len(_shared) >= _SHARED_LIMIT:
        _shared.clear()
    _shared[key] = (version, result)
    setattr(user, _CACHE_ATTR, result)
    return result


def compute_access(user):
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
    return Access(organisation_ids=organisation_ids, grants=grants)


def known_access(user):
    """The access already computed for this user object in this request, else None (no query)."""
    return getattr(user, _CACHE_ATTR, None)


def forget(user):
    """Drop the access kept for this user (on the object and in this process) after their rows changed."""
    if user is None:
        return
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
    _shared.pop(_shared_key(user), None)


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
