"""Choices of the system register and system management (pm3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from styrbord.organisations.choices import Role


class Lifecycle(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("system lifecycle", "Planned")
    IN_USE = "in_use", _("In use")
    BEING_REPLACED = "being_replaced", _("Being replaced")
    RETIRED = "retired", _("Retired")


# Systems that are managed now: the management-quality rules apply to them.
MANAGED_LIFECYCLES = frozenset({Lifecycle.IN_USE, Lifecycle.BEING_REPLACED})


class Category(models.TextChoices):
    """Who owns a system (strategy §7)."""

    BUSINESS = "business", _("Business system (owned by its department)")
    MUNICIPALITY_WIDE = "municipality_wide", _("Municipality-wide system (owned by the staff function)")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure (owned by the IT unit)")


class RoleKind(models.TextChoices):
    OWNER = "owner", _("System owner")
    MANAGER = "manager", _("System manager")
    ADMINISTRATOR = "administrator", _("System administrator")
    TECHNICAL_MANAGER = "technical_manager", _("Technical manager")
    INFORMATION_OWNER = "information_owner", _("Information owner")
    KEY_USER = "key_user", _("Key user")


# The roles every vital system must have named and communicated to the IT unit (strategy §9).
REQUIRED_ROLES = (RoleKind.OWNER, RoleKind.MANAGER, RoleKind.ADMINISTRATOR)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    CLOSED = "closed", _("Followed up")


APPROVED_STATUSES = frozenset({PlanStatus.APPROVED, PlanStatus.CLOSED})


class ActivityKind(models.TextChoices):
    UPKEEP = "upkeep", _("Upkeep (vidmakthålla)")
    DEVELOPMENT = "development", _("Development (vidareutveckla)")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("plan activity", "Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", pgettext_lazy("plan activity", "Cancelled")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class MeetingKind(models.TextChoices):
    MANAGEMENT = "management", _("Management meeting")
    STEERING = "steering", _("Steering group")
    USERS = "users", _("Key-user meeting")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("meeting", "Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")


# The decision level a decision taken in a management meeting belongs to (strategy §9); the
# governance app's decision log lists these beside the strategic, tactical and operational ones.
DECISION_LEVEL = "system_management"

# Maintain the register as a whole: systems, objects, roles, settings; edit every plan and meeting.
REGISTER_EDITORS = frozenset({Role.IT_HEAD})
