"""Predicate builders that every app's ``rules.py`` composes.

An object passed to a predicate may be the object itself, or, for "add" checks, the
organisation it is to be created in.
"""

import rules

from .tenancy import access, organisation_id_of


@rules.predicate
def is_superuser(user):
    return user.is_superuser


@rules.predicate
def is_member(user, obj=None):
    """The user belongs to the object's organisation (every employee does)."""
    if obj is None:
        return bool(access(user).organisation_ids)
    return organisation_id_of(obj) in access(user).organisation_ids


def has_role(*roles):
    """The user holds one of ``roles`` in the object's organisation (any scope)."""

    name = "has_role:" + ",".join(roles)

    @rules.predicate(name=name)
    def predicate(user, obj=None):
        user_access = access(user)
        if obj is None:
            return any(grant.role in roles for grant in user_access.grants)
        return user_access.has_role(organisation_id_of(obj), *roles)

    return predicate


def has_role_over(department_of, *roles):
    """The user holds one of ``roles`` for the object's department or an ancestor of it."""

    name = "has_role_over:" + ",".join(roles)

    @rules.predicate(name=name)
    def predicate(user, obj=None):
        if obj is None:
            return False
        return access(user).covers_department(department_of(obj), *roles)

    return predicate
