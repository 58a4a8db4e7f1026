"""Who reads and who records governance.

Everyone in the organisation reads the levels, forums, meetings, the decision log, escalations and
the strategy: decisions are the organisation's shared memory and the strategy is for all. A
decision about something restricted (a contract, a classification) is still readable; only its
title and text are shown, never the restricted object's details.

Recording follows §9 of the strategy: at each level the roles that lead it (strategic: head of IT
and management group; tactical: head of IT and department heads; operational: support lead and
IT coordinators; system management: head of IT) and every member of a forum may plan the forum's
meetings, keep agendas and minutes, record decisions, close meetings and escalate questions.
Decisions outside a meeting (under delegation) are recorded by the level's roles. The head of IT
renames levels, maintains forums and their members, and keeps the strategy documents; reviews of
the strategy are recorded by the head of IT and the management group.
"""

import rules

from styrbord.core.predicates import has_role, is_member
from styrbord.core.tenancy import access, organisation_id_of
from styrbord.organisations.choices import Role

from .choices import GOVERNANCE_ADMINS, LEVEL_ROLES, STRATEGY_OWNERS

is_admin = has_role(*GOVERNANCE_ADMINS)
is_strategy_owner = has_role(*STRATEGY_OWNERS)


def forum_of(obj):
    """The forum an object belongs to (the object itself for a forum), or None."""
    name = obj._meta.model_name if hasattr(obj, "_meta") else ""
    if name == "forum":
        return obj
    if name in ("meeting", "decision"):
        return obj.forum
    if name == "agendaitem":
        return obj.meeting.forum
    if name == "escalation":
        return obj.from_forum
    if name == "forummember":
        return obj.forum
    return None


def level_of(obj):
    name = obj._meta.model_name if hasattr(obj, "_meta") else ""
    if name == "decisionlevel":
        return obj
    if name == "decision":
        return obj.level
    forum = forum_of(obj)
    return forum.level if forum is not None else None


def records(user, obj):
    """The user may record for the object's forum (or, without a forum, its level)."""
    if obj is None:
        # Before the body is read (API create): does the user record anywhere at all?
        roles = set().union(*LEVEL_ROLES.values(), {Role.IT_HEAD})
        return any(g.role in roles for g in access(user).grants) or bool(_forum_ids(user))
    if not hasattr(obj, "_meta") or not is_member(user, obj):
        return False
    organisation_id = organisation_id_of(obj)
    user_access = access(user)
    if user_access.has_role(organisation_id, Role.IT_HEAD):
        return True
    level = level_of(obj)
    if level is not None and user_access.has_role(organisation_id, *LEVEL_ROLES.get(level.key, ())):
        return True
    forum = forum_of(obj)
    if forum is None or forum.pk is None:
        return False
    return forum.pk in _forum_ids(user)


def _forum_ids(user):
    """The forums the user is a member of, once per request (cached on the user object)."""
    cache = getattr(user, "_governance_forums", None)
    if cache is None:
        from .models import ForumMember

        cache = set(ForumMember.objects.filter(person=user).values_list("forum_id", flat=True)) if user.pk else set()
        user._governance_forums = cache
    return cache


@rules.predicate
def may_record(user, obj=None):
    return records(user, obj)


@rules.predicate
def is_open(user, obj=None):
    """The meeting (or the decision's, the agenda item's meeting) is not closed; a decision is not locked."""
    if obj is None:
        return True
    name = obj._meta.model_name
    if name == "decision":
        return not obj.is_locked
    meeting = obj.meeting if name == "agendaitem" else obj
    return meeting.status != "closed"


@rules.predicate
def is_pending(user, obj=None):
    return obj is not None and obj.status in ("open", "on_agenda")


for model in (
    "decisionlevel",
    "forum",
    "forummember",
    "meeting",
    "agendaitem",
    "decision",
    "escalation",
    "strategydocument",
    "strategyreview",
):
    rules.add_perm(f"governance.view_{model}", is_member)

rules.add_perm("governance.change_decisionlevel", is_admin)
rules.add_perm("governance.add_forum", is_admin)
rules.add_perm("governance.change_forum", is_admin)
rules.add_perm("governance.add_forummember", is_admin)
rules.add_perm("governance.change_forummember", is_admin)
rules.add_perm("governance.delete_forummember", is_admin)

# ``obj`` for the add permissions is the parent: the forum for a meeting, the meeting for an agenda
# item or a decision, the level for a decision outside a meeting, the forum for an escalation.
rules.add_perm("governance.add_meeting", may_record)
rules.add_perm("governance.change_meeting", may_record & is_open)
rules.add_perm("governance.close_meeting", may_record & is_open)
rules.add_perm("governance.add_agendaitem", may_record & is_open)
rules.add_perm("governance.change_agendaitem", may_record & is_open)
rules.add_perm("governance.add_decision", may_record)
rules.add_perm("governance.change_decision", may_record & is_open)
rules.add_perm("governance.follow_up_decision", may_record)
rules.add_perm("governance.add_escalation", may_record)
rules.add_perm("governance.change_escalation", may_record & is_pending)

rules.add_perm("governance.add_strategydocument", is_admin)
rules.add_perm("governance.change_strategydocument", is_admin)
rules.add_perm("governance.add_strategyreview", is_strategy_owner)
rules.add_perm("governance.review_strategydocument", is_strategy_owner)
