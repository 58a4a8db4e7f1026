"""Who reads which contracts: the whole register, or the contracts of one's own systems.

The head of IT and finance read every contract of their organisation. A system owner reads (and
keeps) the contracts that cover their systems, a contract's owner their contract, and a department
head the contracts that cover systems owned by their departments. Lists and the API filter rows
with ``visible_contracts``; the rules in ``rules.py`` ask the same questions of one contract.
"""

from django.db.models import Q

from styrbord.core.tenancy import access, organisation_id_of
from styrbord.organisations.choices import Role
from styrbord.systems.access import system_roles
from styrbord.systems.choices import RoleKind

REGISTER_ROLES = (Role.IT_HEAD, Role.FINANCE)
COMPARISON_READERS = (Role.IT_HEAD, Role.FINANCE, Role.MANAGEMENT_GROUP)


def owned_system_ids(user):
    return system_roles(user).system_ids(RoleKind.OWNER)


def _covers(system_ids):
    from .models import Contract

    return Q(pk__in=Contract.systems.through.objects.filter(system_id__in=system_ids).values("contract_id"))


def visible_contracts(queryset, user):
    """The rows of ``queryset`` (already restricted to the user's organisations) the user may read."""
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    from .models import Contract

    user_access = access(user)
    whole = [org for org in user_access.organisation_ids if user_access.has_role(org, *REGISTER_ROLES)]
    condition = Q(organisation_id__in=whole) | Q(owner=user)
    owned = owned_system_ids(user)
    if owned:
        condition |= _covers(owned)
    for org in user_access.organisation_ids:
        for path in user_access.department_paths(org, Role.DEPARTMENT_HEAD):
            links = Contract.systems.through.objects.filter(
                system__organisation_id=org, system__owner_department__path__startswith=path
            )
            condition |= Q(pk__in=links.values("contract_id"))
    return queryset.filter(condition)


def reads_register(user, organisation):
    """The user reads (some of) the contract register and so the supplier register of ``organisation``."""
    from styrbord.systems.models import System

    from .models import Contract

    org_id = organisation if isinstance(organisation, int) else organisation_id_of(organisation)
    user_access = access(user)
    if org_id not in user_access.organisation_ids:
        return False
    if user_access.has_role(org_id, *REGISTER_ROLES, Role.DEPARTMENT_HEAD):
        return True
    owned = owned_system_ids(user)
    if owned and System.objects.filter(pk__in=owned, organisation_id=org_id).exists():
        return True
    return Contract.objects.filter(organisation_id=org_id, owner=user).exists()


def register_organisations(user):
    """The ids of the organisations whose supplier register the user reads."""
    return [org for org in access(user).organisation_ids if reads_register(user, org)]


def comparison_organisations(user):
    user_access = access(user)
    return [org for org in user_access.organisation_ids if user_access.has_role(org, *COMPARISON_READERS)]
