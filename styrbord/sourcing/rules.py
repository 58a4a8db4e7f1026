"""Who may read and change suppliers, contracts and sourcing comparisons.

- The head of IT manages the supplier register, every contract, the comparisons and the settings.
- Finance reads every contract and supplier (the annual values are costs) and the comparisons.
- A system owner is responsible for the contracts of their systems (strategy §6): they read and
  change every contract that covers one of their systems, add contracts for them and keep their
  requirements; a contract's owner does the same with their contract.
- A department head reads the contracts covering systems owned by their departments (and the
  supplier register), to know what their operations depend on; they change nothing.
- The management group reads the comparisons: they are the basis of strategic sourcing decisions.
- Everyone else has no access to sourcing.
"""

import rules

from styrbord.core.predicates import has_role, is_member
from styrbord.organisations.choices import Role

from .access import COMPARISON_READERS, REGISTER_ROLES, owned_system_ids, reads_register

is_it_head = has_role(Role.IT_HEAD)
reads_all_contracts = has_role(*REGISTER_ROLES)
reads_comparisons = has_role(*COMPARISON_READERS)


def _contract(obj):
    return getattr(obj, "contract", obj)


def _is_contract(obj):
    return (
        obj is not None
        and getattr(obj, "_meta", None) is not None
        and obj._meta.model_name
        in (
            "contract",
            "contractrequirement",
        )
    )


@rules.predicate
def owns_a_system(user, obj=None):
    """For "add": the user is a system owner (a contract they add must cover one of their systems)."""
    return bool(owned_system_ids(user))


@rules.predicate
def owns_covered_system(user, obj=None):
    if not _is_contract(obj):
        return False
    owned = owned_system_ids(user)
    contract = _contract(obj)
    return bool(owned) and contract.pk is not None and contract.systems.filter(pk__in=owned).exists()


@rules.predicate
def owns_contract(user, obj=None):
    return _is_contract(obj) and _contract(obj).owner_id == user.pk


@rules.predicate
def heads_covered_department(user, obj=None):
    if not _is_contract(obj):
        return False
    from styrbord.core.tenancy import access

    user_access = access(user)
    if not user_access.department_paths(_contract(obj).organisation_id, Role.DEPARTMENT_HEAD):
        return False
    systems = _contract(obj).systems.select_related("owner_department")
    return any(user_access.covers_department(s.owner_department, Role.DEPARTMENT_HEAD) for s in systems)


@rules.predicate
def reads_the_register(user, obj=None):
    if obj is None:
        return False
    return reads_register(user, obj)


@rules.predicate
def comparison_is_open(user, obj=None):
    comparison = getattr(obj, "comparison", obj)
    return comparison is None or getattr(comparison, "status", "open") == "open"


keeps_contract = is_member & (is_it_head | owns_contract | owns_covered_system)
reads_contract = is_member & (reads_all_contracts | owns_contract | owns_covered_system | heads_covered_department)

rules.add_perm("sourcing.change_sourcingsettings", is_it_head)

rules.add_perm("sourcing.view_supplier", reads_the_register)
rules.add_perm("sourcing.add_supplier", is_it_head)
rules.add_perm("sourcing.change_supplier", is_it_head)
rules.add_perm("sourcing.view_suppliercontact", reads_the_register)
rules.add_perm("sourcing.add_suppliercontact", is_it_head)
rules.add_perm("sourcing.change_suppliercontact", is_it_head)
rules.add_perm("sourcing.delete_suppliercontact", is_it_head)

rules.add_perm("sourcing.view_contracts", reads_the_register)  # the list page: the rows follow view_contract
rules.add_perm("sourcing.view_contract", reads_contract)
rules.add_perm("sourcing.add_contract", is_it_head | (is_member & owns_a_system))
rules.add_perm("sourcing.change_contract", keeps_contract)
rules.add_perm("sourcing.view_contractrequirement", reads_contract)
rules.add_perm("sourcing.add_contractrequirement", keeps_contract)
rules.add_perm("sourcing.change_contractrequirement", keeps_contract)
rules.add_perm("sourcing.delete_contractrequirement", keeps_contract)

rules.add_perm("sourcing.view_comparison", reads_comparisons)
rules.add_perm("sourcing.add_comparison", is_it_head)
rules.add_perm("sourcing.change_comparison", is_it_head & comparison_is_open)
rules.add_perm("sourcing.decide_comparison", is_it_head & comparison_is_open)
rules.add_perm("sourcing.view_alternative", reads_comparisons)
rules.add_perm("sourcing.change_alternative", is_it_head & comparison_is_open)
rules.add_perm("sourcing.delete_alternative", is_it_head & comparison_is_open)
