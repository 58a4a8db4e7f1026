"""System management: the annual management plan with its activities and risks, and meetings."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrbord.core.models import TenantQuerySet, TimeStampedModel

from ..choices import (
    APPROVED_STATUSES,
    DECISION_LEVEL,
    ActivityKind,
    ActivityStatus,
    MeetingKind,
    MeetingStatus,
    PlanStatus,
    RiskLevel,
)
from .register import ScopedToSystemOrObject

ZERO = Decimal("0.00")


def money(verbose_name, **kwargs):
    kwargs.setdefault("default", ZERO)
    return models.DecimalField(
        verbose_name, max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)], **kwargs
    )


def hours(verbose_name, **kwargs):
    kwargs.setdefault("default", Decimal("0"))
    return models.DecimalField(
        verbose_name, max_digits=8, decimal_places=1, validators=[MinValueValidator(Decimal("0"))], **kwargs
    )


class ManagementPlan(ScopedToSystemOrObject):
    """The annual management plan (förvaltningsplan) of a management object or a system.

    Drafted by the system manager, approved by the system owner (who and when), then followed
    up: each activity's status and actual cost, and a closing summary.
    """

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus, default=PlanStatus.DRAFT)
    goals = models.TextField(_("goals"), blank=True)
    budget_upkeep = money(_("budget for upkeep (SEK)"))
    budget_development = money(_("budget for development (SEK)"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True, help_text=_("What was achieved, and what was not."))
    closed_on = models.DateField(_("followed up on"), null=True, blank=True)

    history = HistoricalRecords()
    constraint_error_fields = {"plan_system_year_unique": "year", "plan_object_year_unique": "year"}

    class Meta(ScopedToSystemOrObject.Meta):
        ordering = ["-year", "id"]
        verbose_name = _("management plan")
        verbose_name_plural = _("management plans")
        constraints = [
            *ScopedToSystemOrObject.Meta.constraints,
            models.UniqueConstraint(
                fields=["system", "year"],
                condition=Q(system__isnull=False),
                name="plan_system_year_unique",
                violation_error_message=_("This system already has a plan for that year."),
            ),
            models.UniqueConstraint(
                fields=["management_object", "year"],
                condition=Q(management_object__isnull=False),
                name="plan_object_year_unique",
                violation_error_message=_("This management object already has a plan for that year."),
            ),
        ]

    def __str__(self):
        return _("Management plan %(year)s – %(scope)s") % {"year": self.year, "scope": self.scope}

    def get_absolute_url(self):
        return reverse("systems:plan_detail", args=[self.pk])

    def clean(self):
        errors = self.scope_errors()
        if errors:
            raise ValidationError(errors)

    @property
    def is_approved(self):
        return self.status in APPROVED_STATUSES

    @property
    def budget_total(self):
        return self.budget_upkeep + self.budget_development

    def totals(self):
        """Per kind of activity and in total: budget, estimated cost and hours, actual cost."""
        rows = []
        activities = list(self.activities.all())
        budgets = {ActivityKind.UPKEEP: self.budget_upkeep, ActivityKind.DEVELOPMENT: self.budget_development}
        for kind, label in ActivityKind.choices:
            mine = [a for a in activities if a.kind == kind]
            rows.append(
                {
                    "kind": kind,
                    "label": label,
                    "budget": budgets[kind],
                    "estimated_cost": sum((a.estimated_cost for a in mine), ZERO),
                    "estimated_hours": sum((a.estimated_hours for a in mine), Decimal("0")),
                    "actual_cost": sum((a.actual_cost or ZERO for a in mine), ZERO),
                }
            )
        rows.append(
            {
                "kind": "total",
                "label": _("Total"),
                **{key: sum((row[key] for row in rows), ZERO) for key in rows[0] if key not in ("kind", "label")},
            }
        )
        return rows


class PlanActivity(TimeStampedModel):
    """An activity of a plan: upkeep or development, with its estimate and, when followed up, its outcome."""

    plan = models.ForeignKey(
        ManagementPlan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("plan")
    )
    title = models.CharField(_("activity"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind, default=ActivityKind.UPKEEP)
    estimated_cost = money(_("estimated cost (SEK)"))
    estimated_hours = hours(_("estimated hours"))
    status = models.CharField(_("status"), max_length=20, choices=ActivityStatus, default=ActivityStatus.PLANNED)
    actual_cost = money(_("actual cost (SEK)"), null=True, blank=True, default=None)
    actual_hours = hours(_("actual hours"), null=True, blank=True, default=None)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "plan__organisation"

    class Meta:
        ordering = ["plan", "-kind", "order", "id"]  # upkeep (vidmakthålla) first
        verbose_name = _("plan activity")
        verbose_name_plural = _("plan activities")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.plan.get_absolute_url()


class PlanRisk(TimeStampedModel):
    plan = models.ForeignKey(ManagementPlan, on_delete=models.CASCADE, related_name="risks", verbose_name=_("plan"))
    description = models.CharField(_("risk"), max_length=300)
    level = models.CharField(_("level"), max_length=10, choices=RiskLevel, default=RiskLevel.MEDIUM)
    mitigation = models.TextField(_("mitigation"), blank=True)

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "plan__organisation"

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = _("plan risk")
        verbose_name_plural = _("plan risks")

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return self.plan.get_absolute_url()


class Meeting(ScopedToSystemOrObject):
    """A management meeting: called by the system manager, minutes approved by the owner."""

    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind, default=MeetingKind.MANAGEMENT)
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus, default=MeetingStatus.PLANNED)
    participants = models.TextField(_("participants"), blank=True, help_text=_("One per line."))
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes approved by"),
    )
    minutes_approved_on = models.DateField(_("minutes approved on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta(ScopedToSystemOrObject.Meta):
        ordering = ["-date", "-id"]
        verbose_name = _("management meeting")
        verbose_name_plural = _("management meetings")
        indexes = [models.Index(fields=["organisation", "date"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d} – {self.scope}"

    def get_absolute_url(self):
        return reverse("systems:meeting_detail", args=[self.pk])

    def clean(self):
        errors = self.scope_errors()
        if errors:
            raise ValidationError(errors)

    def participant_list(self):
        return [line.strip() for line in self.participants.splitlines() if line.strip()]


class MeetingDecision(TimeStampedModel):
    """A decision taken in a management meeting: it belongs to the system-management decision level."""

    level = DECISION_LEVEL

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting"))
    text = models.TextField(_("decision"))
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    due_on = models.DateField(_("to be done by"), null=True, blank=True)

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "meeting__organisation"

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()
