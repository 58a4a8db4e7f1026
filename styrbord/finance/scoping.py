"""Which finance rows a person may read: the whole organisation for some roles, a subtree for others.

Finance rows belong to a department. Each model names, as class attributes,

- ``readers_all``: roles that read every row of their organisation (head of IT, finance, …);
- ``readers_subtree``: department-scoped roles (department head, IT coordinator) that read the
  rows of the department they hold the role for and everything under it;
- ``department_field``: the path to the row's department;
- ``owner_field`` (optional): a person who always reads the row (the one who placed an order).

``restrict(user)`` (the API and lists) and the ``reads`` predicate (``has_perm`` in rules.py) use
the same attributes, so a list and a detail page can never disagree. Rows a person may not read
are not there in the API (404). Pages find the object among the organisation's rows with
``in_my_organisations(user)`` and then answer 403 when ``has_perm`` refuses: a colleague who
follows a link learns that the page exists but is not theirs, while another organisation's rows
stay invisible (404).
"""

import rules
from django.db.models import Q

from styrbord.core.models import TenantQuerySet
from styrbord.core.tenancy import access, organisation_id_of


class DepartmentScopedQuerySet(TenantQuerySet):
    def restrict(self, user, action="view"):
        scoped = super().restrict(user, action)
        if not user or not user.is_authenticated or user.is_superuser:
            return scoped
        return scoped.filter(visibility_condition(self.model, user))

    def in_my_organisations(self, user):
        """Every row of the user's organisations; pages check ``has_perm`` on the one they show."""
        return super().restrict(user)


def visibility_condition(model, user):
    user_access = access(user)
    condition = Q(pk__in=[])
    whole = [org for org in user_access.organisation_ids if user_access.has_role(org, *model.readers_all)]
    if whole:
        condition |= Q(**{f"{model.organisation_field}__in": whole})
    for organisation_id in user_access.organisation_ids:
        for path in user_access.department_paths(organisation_id, *model.readers_subtree):
            condition |= Q(**{f"{model.department_field}__path__startswith": path})
    owner_field = getattr(model, "owner_field", None)
    if owner_field:
        condition |= Q(**{owner_field: user})
    return condition


def department_of(obj):
    """The department a finance row (or a department itself) concerns."""
    from styrbord.organisations.models import Department

    if obj is None or isinstance(obj, Department):
        return obj
    current = obj
    for part in getattr(type(obj), "department_field", "department").split("__"):
        current = getattr(current, part, None)
        if current is None:
            return None
    return current


@rules.predicate
def reads(user, obj=None):
    """The user may read this finance row (see the module docstring)."""
    if obj is None:
        return False
    model = type(obj)
    user_access = access(user)
    if user_access.has_role(organisation_id_of(obj), *model.readers_all):
        return True
    if user_access.covers_department(department_of(obj), *model.readers_subtree):
        return True
    owner_field = getattr(model, "owner_field", None)
    return bool(owner_field) and getattr(obj, f"{owner_field}_id", None) == user.pk


def ancestor_paths(department):
    """The materialised paths of ``department`` and of every department above it."""
    parts = [part for part in department.path.split("/") if part]
    return ["/" + "/".join(parts[: index + 1]) + "/" for index in range(len(parts))]
