"""Charge lines per department and month, and the months that finance has closed."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrbord.core.models import TenantModel, TenantQuerySet

from ..choices import COST_READERS, MONTH_CLOSERS, ChargeKind
from .base import DepartmentServiceModel, person

MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class ChargeLine(DepartmentServiceModel):
    """What a department is charged in a month for a service.

    ``monthly`` lines come from subscriptions (one per subscription period and month) and are
    recomputed while the month is open; ``hourly`` and ``one_off`` lines are recorded work and
    purchases; ``adjustment`` lines correct a closed month: they are charged in the first open
    month and point at the month (and, where one exists, the line) they correct.
    """

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=20, choices=ChargeKind)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    unit_price = models.DecimalField(_("unit price (SEK)"), max_digits=12, decimal_places=2)
    active_days = models.PositiveSmallIntegerField(_("days charged"), null=True, blank=True)
    days_in_month = models.PositiveSmallIntegerField(_("days in month"), null=True, blank=True)
    amount = models.DecimalField(_("amount (SEK)"), max_digits=12, decimal_places=2)
    description = models.CharField(_("description"), max_length=300, blank=True)
    work_date = models.DateField(_("date of work or purchase"), null=True, blank=True)
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("Where the line comes from, e.g. a ticket.")
    )
    subscription = models.ForeignKey(
        "Subscription",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subscription"),
    )
    order = models.ForeignKey(
        "Order", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("order")
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects line"),
    )
    corrected_year = models.PositiveSmallIntegerField(
        _("corrected year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    corrected_month = models.PositiveSmallIntegerField(
        _("corrected month"), null=True, blank=True, validators=MONTH_VALIDATORS
    )
    created_by = person(_("created by"))

    history = HistoricalRecords()
    readers_all = COST_READERS

    class Meta:
        ordering = ["year", "month", "department", "service", "kind", "id"]
        verbose_name = _("charge line")
        verbose_name_plural = _("charge lines")
        indexes = [
            models.Index(fields=["organisation", "year", "month", "kind"]),
            models.Index(fields=["department", "year"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "year", "month"],
                condition=Q(kind=ChargeKind.MONTHLY),
                name="charge_monthly_unique",
                violation_error_message=_("This subscription period is already charged for this month."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=ChargeKind.ADJUSTMENT)
                | (Q(corrected_year__isnull=False) & Q(corrected_month__isnull=False)),
                name="charge_adjustment_names_month",
                violation_error_message=_("An adjustment must name the month it corrects."),
            ),
        ]

    def __str__(self):
        return f"{self.year}-{self.month:02d} {self.department} {self.service} {self.amount}"


class MonthCloseQuerySet(TenantQuerySet):
    def closed(self, organisation):
        return set(self.filter(organisation=organisation).values_list("year", "month"))


class MonthClose(TenantModel):
    """Finance closed a month: its charge lines never change again."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH_VALIDATORS)
    closed_by = person(_("closed by"))
    closed_at = models.DateTimeField(_("closed"))

    history = HistoricalRecords()
    objects = MonthCloseQuerySet.as_manager()
    readers_all = MONTH_CLOSERS

    class Meta:
        ordering = ["organisation", "-year", "-month"]
        verbose_name = _("closed month")
        verbose_name_plural = _("closed months")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "month"],
                name="month_close_unique",
                violation_error_message=_("This month is already closed."),
            )
        ]

    def __str__(self):
        return f"{self.year}-{self.month:02d}"
