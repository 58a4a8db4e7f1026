from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from styrbord.organisations.choices import Role


class LevelKey(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic")
    TACTICAL = "tactical", _("Tactical")
    OPERATIONAL = "operational", _("Operational")
    SYSTEM_MANAGEMENT = "system_management", _("System management")


# Who leads forums at each level and records their meetings and decisions (§9 of the strategy).
LEVEL_ROLES = {
    LevelKey.STRATEGIC: frozenset({Role.IT_HEAD, Role.MANAGEMENT_GROUP}),
    LevelKey.TACTICAL: frozenset({Role.IT_HEAD, Role.DEPARTMENT_HEAD}),
    LevelKey.OPERATIONAL: frozenset({Role.SUPPORT_LEAD, Role.IT_COORDINATOR}),
    LevelKey.SYSTEM_MANAGEMENT: frozenset({Role.IT_HEAD}),
}
# Maintain levels (rename), forums and strategy documents.
GOVERNANCE_ADMINS = frozenset({Role.IT_HEAD})
# Receive strategy review reminders.
STRATEGY_OWNERS = frozenset({Role.IT_HEAD, Role.MANAGEMENT_GROUP})


class ForumRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", pgettext_lazy("forum role", "Member")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CLOSED = "closed", _("Closed")


class AgendaSource(models.TextChoices):
    MANUAL = "manual", _("Added by the forum")
    ESCALATION = "escalation", _("Escalation")
    PROJECT = "project", _("Project proposal")
    FOLLOW_UP = "follow_up", _("Follow-up of a decision")
    OTHER = "other", _("Other")


class DecisionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    FOLLOWED_UP = "followed_up", _("Followed up")
    AMENDED = "amended", _("Amended")
    REVOKED = "revoked", _("Revoked")


class EscalationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ON_AGENDA = "on_agenda", _("On the agenda")
    DECIDED = "decided", _("Decided")
    ESCALATED = "escalated", _("Escalated further")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    SUPERSEDED = "superseded", _("Superseded")


class ReviewOutcome(models.TextChoices):
    KEPT = "kept", _("Kept unchanged")
    REVISED = "revised", _("Revised")


# Objects a decision may concern, as "app_label.model". Models of apps that are not installed are
# skipped. Every one must be scoped to an organisation (``organisation_field``).
SUBJECT_TYPES = (
    "catalog.service",
    "systems.system",
    "systems.managementobject",
    "systems.managementplan",
    "finance.budgetround",
    "finance.budget",
    "sourcing.contract",
    "sourcing.supplier",
    "sourcing.comparison",
    "projects.project",
    "projects.prioritisation",
    "projects.digitalisationplan",
    "security.classification",
    "organisations.department",
    "governance.strategydocument",
    "governance.forum",
)
