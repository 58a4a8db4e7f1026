"""The annual follow-up report (strategy §11) and the outages that the availability figure needs."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrbord.core.models import TenantModel

from .choices import ReportStatus

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class AnnualReport(TenantModel):
    """One organisation's follow-up of a year; for a cooperation's host also the cooperation's.

    While live, the figures are computed from the data each time the report is read. Freezing
    stores them in ``snapshot``: the frozen report is the year's official version and never
    changes when the data does. The head of IT writes an assessment per part until then.
    """

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    covers_cooperation = models.BooleanField(
        _("covers the cooperation"),
        default=False,
        help_text=_("Also the organisations this IT unit serves: per municipality and together."),
    )
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus, default=ReportStatus.LIVE)
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )
    snapshot = models.JSONField(_("figures when frozen"), null=True, blank=True, editable=False)
    assessment_economy = models.TextField(_("assessment of the economic follow-up"), blank=True)
    assessment_delivered = models.TextField(_("assessment of the delivered quality"), blank=True)
    assessment_perceived = models.TextField(_("assessment of the perceived quality"), blank=True)
    assessment_security = models.TextField(_("assessment of the IT-security quality"), blank=True)
    assessment_systems = models.TextField(_("assessment of the system-management quality"), blank=True)

    history = HistoricalRecords(excluded_fields=["snapshot"])
    constraint_error_fields = {"annual_report_unique": "year"}

    ASSESSMENT_FIELDS = (
        "assessment_economy",
        "assessment_delivered",
        "assessment_perceived",
        "assessment_security",
        "assessment_systems",
    )

    class Meta:
        ordering = ["organisation", "-year", "covers_cooperation"]
        verbose_name = _("annual follow-up report")
        verbose_name_plural = _("annual follow-up reports")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "covers_cooperation"],
                name="annual_report_unique",
                violation_error_message=_("There is already a report for that year."),
            )
        ]

    def __str__(self):
        if self.covers_cooperation:
            return _("Follow-up %(year)s, cooperation") % {"year": self.year}
        return _("Follow-up %(year)s") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("followup:report_detail", args=[self.pk])

    @property
    def is_frozen(self):
        return self.status == ReportStatus.FROZEN

    def assessment(self, part):
        return getattr(self, f"assessment_{part}")

    def clean(self):
        if self.covers_cooperation and self.organisation_id and self.organisation.served_by_id:
            raise ValidationError(
                {"covers_cooperation": _("Only the organisation whose IT unit serves the others reports for them.")}
            )


class Outage(TenantModel):
    """A service (or one of its levels) was unavailable from–to; recorded on an incident ticket.

    Unplanned outages count against the level's availability; planned ones (announced
    maintenance within the level's maintenance window) do not. An outage without an end is
    still going on and counts up to now.
    """

    ticket = models.ForeignKey(
        "servicedesk.Ticket", on_delete=models.PROTECT, related_name="outages", verbose_name=_("ticket")
    )
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    level = models.ForeignKey(
        "catalog.ServiceLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service level"),
        help_text=_("Empty: every level of the service was unavailable."),
    )
    starts_at = models.DateTimeField(_("unavailable from"))
    ends_at = models.DateTimeField(
        _("unavailable until"), null=True, blank=True, help_text=_("Empty while the outage is going on.")
    )
    planned = models.BooleanField(
        _("planned maintenance"),
        default=False,
        help_text=_("Announced maintenance within the level's maintenance window: not counted against availability."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()
    EDITABLE_FIELDS = ("service", "level", "starts_at", "ends_at", "planned", "note")

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("outage")
        verbose_name_plural = _("outages")
        indexes = [models.Index(fields=["organisation", "starts_at"], name="outage_start_idx")]

    def __str__(self):
        return f"{self.service} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("servicedesk:ticket_detail", args=[self.ticket_id]) + "#outages"

    @property
    def is_ongoing(self):
        return self.ends_at is None

    def clean(self):
        from styrbord.servicedesk.choices import TicketKind

        errors = {}
        for name in ("ticket", "service"):
            related = getattr(self, name, None) if getattr(self, f"{name}_id") else None
            if related is not None and self.organisation_id and related.organisation_id != self.organisation_id:
                errors[name] = _("This must belong to the same organisation.")
        if self.ticket_id and self.ticket.kind not in (TicketKind.INCIDENT, TicketKind.MAINTENANCE):
            errors["ticket"] = _("Record outages on a fault report or a maintenance ticket.")
        if self.level_id and self.service_id and self.level.service_id != self.service_id:
            errors["level"] = _("The level must be one of the service's levels.")
        if self.starts_at and self.starts_at > timezone.now():
            errors["starts_at"] = _("An outage cannot start in the future.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must be after the start.")
        if errors:
            raise ValidationError(errors)
