"""Who may read and change the measure catalogue, self-assessments and the action plan.

- The catalogue is general guidance: every member reads it; the head of IT and the
  information-security coordinator keep it (create, edit, deactivate, load a shipped version).
- A self-assessment and its action-plan items name the weaknesses of one system, so they are
  shown to those who work with them: the head of IT, the security coordinator, IT staff (who
  carry out most technical measures), the management group, the system's owner, manager and
  administrator (held for the system or its management object), and the department head over
  the system's owner department. An action's owner always sees and updates their action.
- The system's manager and owner record the self-assessment, as do the security coordinator
  and the head of IT; they also plan the actions (owner, due date, status).
- Progress (counts per system and department) is for the same readers plus department heads;
  the security quality of the annual follow-up, only aggregated numbers, for every member.
"""

import rules
from django.db.models import Q

from styrbord.core.predicates import has_role, is_member
from styrbord.core.tenancy import access
from styrbord.organisations.choices import Role
from styrbord.systems.access import system_roles
from styrbord.systems.choices import RoleKind

KEEPERS = (Role.IT_HEAD, Role.SECURITY_COORDINATOR)
READERS = (Role.IT_HEAD, Role.SECURITY_COORDINATOR, Role.IT_STAFF, Role.MANAGEMENT_GROUP)
ANSWERING = (RoleKind.MANAGER, RoleKind.OWNER)
READING = (RoleKind.MANAGER, RoleKind.OWNER, RoleKind.ADMINISTRATOR)

keeps_catalogue = has_role(*KEEPERS)
reads_all = has_role(*READERS)


def system_of(obj):
    name = obj._meta.model_name
    if name == "system":
        return obj
    if name == "assessment":
        return obj.system
    if name == "actionitem":
        return obj.assessment.system
    return None


def _system_roles_predicate(kinds, name):
    @rules.predicate(name=name)
    def predicate(user, obj=None):
        roles = system_roles(user)
        if obj is None:
            return bool(roles.system_ids(*kinds))
        system = system_of(obj) if hasattr(obj, "_meta") else None
        return system is not None and is_member(user, system) and system.pk in roles.system_ids(*kinds)

    return predicate


answers_for_system = _system_roles_predicate(ANSWERING, "security:answers_for_system")
holds_system_role = _system_roles_predicate(READING, "security:holds_system_role")


@rules.predicate
def heads_owner_department(user, obj=None):
    system = system_of(obj) if obj is not None and hasattr(obj, "_meta") else None
    return system is not None and access(user).covers_department(system.owner_department, Role.DEPARTMENT_HEAD)


@rules.predicate
def owns_action(user, obj=None):
    return obj is not None and getattr(obj, "owner_id", None) == user.pk and obj._meta.model_name == "actionitem"


reads_system = reads_all | holds_system_role | heads_owner_department

rules.add_perm("security.view_measure", is_member)
rules.add_perm("security.add_measure", keeps_catalogue)
rules.add_perm("security.change_measure", keeps_catalogue)
rules.add_perm("security.load_measures", keeps_catalogue)

rules.add_perm("security.view_assessment", reads_system)
rules.add_perm("security.add_assessment", keeps_catalogue | answers_for_system)
rules.add_perm("security.change_assessment", keeps_catalogue | answers_for_system)

rules.add_perm("security.view_actionitem", reads_system | owns_action)
rules.add_perm("security.change_actionitem", keeps_catalogue | answers_for_system | owns_action)

rules.add_perm("security.view_progress", reads_all | has_role(Role.DEPARTMENT_HEAD))
rules.add_perm("security.view_quality", is_member)


def visible_q(user, system="system", owner=None):
    """A filter for rows of systems whose assessments ``user`` may read (``system``: path to the system).

    ``owner``: the path to an action's owner, whose owner always sees it.
    """
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    grants = access(user)
    readers = [org for org in grants.organisation_ids if grants.has_role(org, *READERS)]
    condition = Q(**{f"{system}__organisation_id__in": readers})
    condition |= Q(**{f"{system}_id__in": system_roles(user).system_ids(*READING)})
    for organisation_id in grants.organisation_ids:
        for path in grants.department_paths(organisation_id, Role.DEPARTMENT_HEAD):
            condition |= Q(
                **{
                    f"{system}__organisation_id": organisation_id,
                    f"{system}__owner_department__path__startswith": path,
                }
            )
    if owner:
        condition |= Q(**{f"{owner}": user})
    return condition
