"""Choices of information security: KLASSA aspects and levels, measures, self-assessment, actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Aspect(models.TextChoices):
    CONFIDENTIALITY = "confidentiality", _("Confidentiality")
    INTEGRITY = "integrity", _("Integrity")
    AVAILABILITY = "availability", _("Availability")
    TRACEABILITY = "traceability", _("Traceability")


# The aspects every information type is classified on; traceability only where personal data is involved.
CORE_ASPECTS = (Aspect.CONFIDENTIALITY, Aspect.INTEGRITY, Aspect.AVAILABILITY)


class Level(models.IntegerChoices):
    NONE = 0, _("0 – none or negligible")
    MODERATE = 1, _("1 – moderate")
    SIGNIFICANT = 2, _("2 – significant")
    SERIOUS = 3, _("3 – serious")
    EXTREMELY_SERIOUS = 4, _("4 – extremely serious")


# Level 4 is outside the measure catalogue: it needs a separate analysis (protective security).
OUTSIDE_CATALOGUE = Level.EXTREMELY_SERIOUS
# From this confidentiality need the classification itself is visible only to those who need it.
RESTRICTED_FROM = Level.SERIOUS


class ClassificationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    SUPERSEDED = "superseded", _("Superseded")


class ParticipantRole(models.TextChoices):
    SYSTEM_MANAGER = "system_manager", _("System manager")
    SYSTEM_OWNER = "system_owner", _("System owner")
    SECURITY_COORDINATOR = "security_coordinator", _("Information-security coordinator")
    USER = "user", _("User representative")
    IT = "it", _("IT unit")
    OTHER = "other", _("Other")


class Theme(models.TextChoices):
    """The four themes of ISO/IEC 27002:2022."""

    ORGANISATIONAL = "organisational", _("Organisational")
    PEOPLE = "people", _("People")
    PHYSICAL = "physical", _("Physical")
    TECHNOLOGICAL = "technological", _("Technological")


class MeasureKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative")
    TECHNICAL = "technical", _("Technical")


class AssessmentStatus(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


# A measure with one of these answers becomes an action-plan item until it is met.
GAP_STATUSES = frozenset({AssessmentStatus.PARTLY, AssessmentStatus.NOT_MET})


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


OPEN_ACTION_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})


class ReminderStage(models.TextChoices):
    """Why a classification reminder was sent; each is sent once per classification and person."""

    EXPIRING = "expiring", _("Expires soon")
    REVIEW = "review", _("Due for review")
    EXPIRED = "expired", _("Expired")
