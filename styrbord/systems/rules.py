"""Who may read and change the system register, plans and meetings.

Everyone in the organisation reads the register, the plans, the meetings and the management
quality: knowing who owns and manages a system is what the register is for. The head of IT
maintains the register (systems, management objects, roles, settings) and may edit every plan
and meeting. A system's roles are permissions too (held for the system, or for its management
object and so for each of its systems):

- the system manager (systemförvaltare) edits the system's plans and meetings, and keeps the
  entry's purpose, supplier, contract reference, users, information and notes up to date;
- the system owner (systemägare) does the same with the entry, names the system's other roles,
  approves its plans and the minutes of its meetings. Approval is the owner's alone: the head
  of IT approves as owner of the infrastructure, by holding that role.

Owner department, category, vitality, lifecycle and management object stay the head of IT's
(``change_register``): moving a system between objects would move the roles that reach it.
"""

import rules

from styrbord.core.predicates import has_role, is_member
from styrbord.organisations.choices import Role

from .access import scope_of, system_roles
from .choices import MeetingStatus, PlanStatus, RoleKind

is_it_head = has_role(Role.IT_HEAD)


def holds(*kinds):
    """The user holds one of the system roles ``kinds`` for the object's system or management object."""
    name = "holds_system_role:" + ",".join(kinds)

    @rules.predicate(name=name)
    def predicate(user, obj=None):
        roles = system_roles(user)
        if obj is None:
            return bool(roles.system_ids(*kinds) or roles.object_ids(*kinds))
        scope = scope_of(obj) if hasattr(obj, "_meta") else None
        return scope is not None and is_member(user, obj) and roles.holds(scope, *kinds)

    return predicate


def _plan(obj):
    return getattr(obj, "plan", obj)


@rules.predicate
def plan_is_draft(user, obj=None):
    return obj is not None and _plan(obj).status == PlanStatus.DRAFT


@rules.predicate
def plan_is_submitted(user, obj=None):
    return obj is not None and _plan(obj).status == PlanStatus.SUBMITTED


@rules.predicate
def plan_is_approved(user, obj=None):
    return obj is not None and _plan(obj).status == PlanStatus.APPROVED


@rules.predicate
def plan_is_open(user, obj=None):
    return obj is None or _plan(obj).status != PlanStatus.CLOSED


@rules.predicate
def minutes_await_approval(user, meeting=None):
    return meeting is not None and meeting.status == MeetingStatus.HELD and meeting.minutes_approved_on is None


is_owner = holds(RoleKind.OWNER)
is_manager = holds(RoleKind.MANAGER)
manages = is_it_head | is_manager
keeps_entry = is_it_head | holds(RoleKind.OWNER, RoleKind.MANAGER)
names_roles = is_it_head | is_owner

for model in (
    "systemsettings",
    "managementobject",
    "system",
    "systemrole",
    "managementplan",
    "planactivity",
    "planrisk",
    "meeting",
    "meetingdecision",
):
    rules.add_perm(f"systems.view_{model}", is_member)
rules.add_perm("systems.view_compliance", is_member)
rules.add_perm("systems.change_systemsettings", is_it_head)

rules.add_perm("systems.add_managementobject", is_it_head)
rules.add_perm("systems.change_managementobject", is_it_head)

rules.add_perm("systems.add_system", is_it_head)
rules.add_perm("systems.change_system", keeps_entry)  # owners and managers: services.ENTRY_FIELDS only
rules.add_perm("systems.change_register", is_it_head)

rules.add_perm("systems.add_systemrole", names_roles)
rules.add_perm("systems.change_systemrole", names_roles)
rules.add_perm("systems.delete_systemrole", names_roles)

rules.add_perm("systems.add_managementplan", manages)
rules.add_perm("systems.change_managementplan", manages & plan_is_open)
rules.add_perm("systems.submit_managementplan", manages & plan_is_draft)
rules.add_perm("systems.approve_managementplan", is_owner & plan_is_submitted)
rules.add_perm("systems.close_managementplan", manages & plan_is_approved)

for model in ("planactivity", "planrisk"):
    rules.add_perm(f"systems.add_{model}", manages & plan_is_open)
    rules.add_perm(f"systems.change_{model}", manages & plan_is_open)
    rules.add_perm(f"systems.delete_{model}", manages & plan_is_draft)

rules.add_perm("systems.add_meeting", manages)
rules.add_perm("systems.change_meeting", manages)
rules.add_perm("systems.approve_meeting", is_owner & minutes_await_approval)
rules.add_perm("systems.add_meetingdecision", manages)
rules.add_perm("systems.change_meetingdecision", manages)
rules.add_perm("systems.delete_meetingdecision", manages)
