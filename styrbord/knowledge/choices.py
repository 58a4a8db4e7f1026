"""Choices of instructions and training (strategy §2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from styrbord.organisations.choices import Role
from styrbord.systems.choices import RoleKind


class ArticleKind(models.TextChoices):
    INSTRUCTION = "instruction", _("Instruction")
    TRAINING = "training", _("Training material")
    GUIDE = "guide", _("FAQ and guide")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Audience(models.TextChoices):
    """Who an article or a course is for; the writers (see rules.py) always read it."""

    EVERYONE = "everyone", _("Everyone in the organisation")
    IT_STAFF = "it_staff", _("IT staff")
    IT_COORDINATORS = "it_coordinators", _("IT coordinators")
    DEPARTMENT_HEADS = "department_heads", _("Department heads")
    SYSTEM_ROLES = "system_roles", _("System roles of the linked systems (administrators, managers, key users)")


# The organisation roles each audience reaches (SYSTEM_ROLES is decided per system, not by role).
AUDIENCE_ROLES = {
    Audience.IT_STAFF: (Role.IT_HEAD, Role.SUPPORT_LEAD, Role.IT_STAFF),
    Audience.IT_COORDINATORS: (Role.IT_COORDINATOR,),
    Audience.DEPARTMENT_HEADS: (Role.DEPARTMENT_HEAD,),
}

# Write every article and course of the organisation and run the courses.
WRITER_ROLES = (Role.IT_HEAD, Role.SUPPORT_LEAD, Role.IT_STAFF)
# A system's roles that write about it.
SYSTEM_WRITER_KINDS = (RoleKind.OWNER, RoleKind.MANAGER)


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_ENROLMENT = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING)
