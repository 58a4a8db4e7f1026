"""Who may read and do what in finance.

Orders: placed for a department by its IT coordinator or department head (held for the
department or an ancestor of it) or by the head of IT. The department's approval is given by a
department head over the department; when the head places the order themself it carries their
approval at once (they are the budget holder, and a second click by the same person adds no
control). Services marked for IT review are approved by the head of IT or the support lead as
well. Either approver may reject, with a reason. The person who placed an order, and anyone who
may order for the department, may cancel it while it awaits approval.

Reading: IT (it delivers), finance and the management group read every order and subscription;
charges, budgets and needs are read by the head of IT, finance and the management group; a
department head or IT coordinator reads those of their subtree. The same role sets drive
``restrict(user)`` (scoping.py), so lists and detail pages agree.

Months are run and closed by finance and the head of IT, who also keep the finance settings and
download the SIE file. Budgets are entered by finance. The head of IT opens and closes the
budget round; coordinators and heads enter their departments' needs until the deadline (the
deadline itself is checked by the service, which explains a refusal).
"""

import rules

from styrbord.core.predicates import has_role
from styrbord.core.tenancy import access, organisation_id_of
from styrbord.organisations.choices import Role
from styrbord.organisations.models import Department

from .choices import (
    COST_READERS,
    DEPARTMENT_ROLES,
    IT_REVIEWERS,
    MONTH_CLOSERS,
    ORDER_READERS,
    WORK_RECORDERS,
    OrderStatus,
)
from .scoping import department_of, reads

_ORGANISATION_LEVEL = object()


def _scope(obj):
    """The department an object concerns, or a marker for organisation-level objects."""
    if isinstance(obj, Department) or hasattr(type(obj), "department_field"):
        return department_of(obj)
    return _ORGANISATION_LEVEL


def for_departments(subtree_roles, whole_roles=frozenset()):
    """``whole_roles`` in the object's organisation, or ``subtree_roles`` over its department.

    For an organisation-level object (the organisation itself, a budget round) holding a
    subtree role for any department of it is enough: the page then shows that subtree.
    """
    subtree_roles, whole_roles = frozenset(subtree_roles), frozenset(whole_roles)
    name = "for_departments:" + ",".join(sorted(subtree_roles)) + "|" + ",".join(sorted(whole_roles))

    @rules.predicate(name=name)
    def predicate(user, obj=None):
        user_access = access(user)
        if obj is None:
            return any(g.role in subtree_roles | whole_roles for g in user_access.grants)
        organisation_id = organisation_id_of(obj)
        if whole_roles and user_access.has_role(organisation_id, *whole_roles):
            return True
        scope = _scope(obj)
        if scope is _ORGANISATION_LEVEL:
            return user_access.has_role(organisation_id, *subtree_roles)
        return user_access.covers_department(scope, *subtree_roles)

    return predicate


def approves_for_department(user, order):
    return order.needs_department_approval and access(user).covers_department(order.department, Role.DEPARTMENT_HEAD)


def approves_for_it(user, order):
    return order.needs_it_approval and access(user).has_role(order.organisation_id, *IT_REVIEWERS)


@rules.predicate
def decides_order(user, order=None):
    """A pending approval of this order is the user's to give (or to refuse)."""
    if order is None:
        return False
    return approves_for_department(user, order) or approves_for_it(user, order)


@rules.predicate
def is_pending(user, order=None):
    return order is not None and order.status == OrderStatus.SUBMITTED


@rules.predicate
def placed_it(user, order=None):
    return order is not None and order.ordered_by_id == user.pk


orders_for = for_departments(DEPARTMENT_ROLES, {Role.IT_HEAD})
approvers = for_departments({Role.DEPARTMENT_HEAD}, IT_REVIEWERS)
order_readers = for_departments(DEPARTMENT_ROLES, ORDER_READERS)
cost_readers = for_departments(DEPARTMENT_ROLES, COST_READERS)
closes_months = has_role(*MONTH_CLOSERS)
records_work = has_role(*WORK_RECORDERS)
is_finance = has_role(Role.FINANCE)
is_it_head = has_role(Role.IT_HEAD)
enters_needs = for_departments(DEPARTMENT_ROLES)

rules.add_perm("finance.view_order", reads)
rules.add_perm("finance.add_order", orders_for)
rules.add_perm("finance.decide_order", is_pending & decides_order)
rules.add_perm("finance.cancel_order", is_pending & (placed_it | orders_for))
rules.add_perm("finance.view_order_list", order_readers)
rules.add_perm("finance.view_approvals", approvers)

rules.add_perm("finance.view_subscription", reads)
rules.add_perm("finance.view_subscription_list", order_readers)

rules.add_perm("finance.view_chargeline", reads)
rules.add_perm("finance.view_costs", cost_readers)
rules.add_perm("finance.add_chargeline", records_work)
rules.add_perm("finance.export_sie", closes_months)

rules.add_perm("finance.view_monthclose", closes_months)
rules.add_perm("finance.add_monthclose", closes_months)
rules.add_perm("finance.change_financesettings", closes_months)

rules.add_perm("finance.view_budget", reads)
rules.add_perm("finance.add_budget", is_finance)
rules.add_perm("finance.change_budget", is_finance)

rules.add_perm("finance.view_budgetround", cost_readers)
rules.add_perm("finance.add_budgetround", is_it_head)
rules.add_perm("finance.change_budgetround", is_it_head)
rules.add_perm("finance.view_budgetneed", reads)
rules.add_perm("finance.add_budgetneed", enters_needs)
rules.add_perm("finance.change_budgetneed", enters_needs)
rules.add_perm("finance.delete_budgetneed", enters_needs)

rules.add_perm("finance.view_noneedsstatement", reads)
rules.add_perm("finance.add_noneedsstatement", enters_needs)
rules.add_perm("finance.delete_noneedsstatement", enters_needs)
