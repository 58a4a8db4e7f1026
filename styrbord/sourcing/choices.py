"""Choices of sourcing (strategy §3): contracts, their requirements and sourcing comparisons."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ContractStatus(models.TextChoices):
    """Derived from the dates and the notice given; never stored."""

    UPCOMING = "upcoming", _("Upcoming")
    ACTIVE = "active", _("Active")
    NOTICE_DUE = "notice_due", _("Notice due")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", pgettext_lazy("contract", "Terminated")


class ProcurementForm(models.TextChoices):
    DIRECT_AWARD = "direct_award", _("Direct award")
    FRAMEWORK_CALL_OFF = "framework_call_off", _("Call-off from a framework agreement")
    SIMPLIFIED = "simplified", _("Simplified procedure")
    OPEN = "open", _("Open procedure")
    RESTRICTED = "restricted", _("Restricted procedure")
    NEGOTIATED = "negotiated", _("Negotiated procedure")
    OTHER = "other", _("Other")


class RequirementKind(models.TextChoices):
    """The three kinds of requirement the strategy (§3) weighs together in a procurement."""

    BUSINESS = "business", _("Business")
    TECHNICAL = "technical", _("Technical")
    SECURITY = "security", _("Information security")


class Fulfilment(models.TextChoices):
    NOT_ASSESSED = "", _("Not assessed")
    YES = "yes", _("Fulfilled")
    PARTLY = "partly", _("Partly fulfilled")
    NO = "no", _("Not fulfilled")


class ComparisonStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("comparison", "Open")
    DECIDED = "decided", _("Decided")


class AlternativeKind(models.TextChoices):
    INTERNAL = "internal", _("Internal delivery")
    EXTERNAL = "external", _("External offer")


SCORE_MIN = 1
SCORE_MAX = 5
WEIGHT_TOTAL = 100
