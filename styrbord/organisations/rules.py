"""Who may read and change the organisation, its departments, people and roles."""

import rules

from styrbord.core.predicates import has_role, is_member
from styrbord.core.tenancy import access

from .choices import Role

is_it_head = has_role(Role.IT_HEAD)


@rules.predicate
def shares_organisation(user, person=None):
    if person is None:
        return bool(access(user).organisation_ids)
    return bool(person.organisation_ids() & access(user).organisation_ids)


@rules.predicate
def is_it_head_of_person(user, person=None):
    """The head of IT of any organisation the person belongs to maintains the person."""
    if person is None:
        return is_it_head(user)
    user_access = access(user)
    return any(user_access.has_role(org_id, Role.IT_HEAD) for org_id in person.organisation_ids())


rules.add_perm("organisations.view_organisation", is_member)
rules.add_perm("organisations.change_organisation", is_it_head)

rules.add_perm("organisations.view_department", is_member)
rules.add_perm("organisations.add_department", is_it_head)
rules.add_perm("organisations.change_department", is_it_head)
rules.add_perm("organisations.delete_department", is_it_head)

rules.add_perm("organisations.view_user", shares_organisation)
rules.add_perm("organisations.add_user", is_it_head)
rules.add_perm("organisations.change_user", is_it_head_of_person)

rules.add_perm("organisations.view_membership", is_member)
rules.add_perm("organisations.add_membership", is_it_head)
rules.add_perm("organisations.change_membership", is_it_head)

rules.add_perm("organisations.view_roleassignment", is_member)
rules.add_perm("organisations.add_roleassignment", is_it_head)
rules.add_perm("organisations.delete_roleassignment", is_it_head)
