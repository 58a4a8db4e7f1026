"""Budgets, the annual budget round and the departments' planned needs (behovsinventering)."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrbord.core.models import TenantModel

from ..choices import COST_READERS, DEPARTMENT_ROLES, BudgetKind, RoundStatus
from ..scoping import DepartmentScopedQuerySet
from .base import DepartmentServiceModel, check_same_organisation, person
from .charges import MONTH_VALIDATORS, YEAR_VALIDATORS


class Budget(TenantModel):
    """A year's IT cost budget: a department's, or the IT unit's own cost budget (for cost coverage)."""

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=20, choices=BudgetKind, default=BudgetKind.DEPARTMENT)
    department = models.ForeignKey(
        "organisations.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    amount = models.DecimalField(_("amount (SEK)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()
    objects = DepartmentScopedQuerySet.as_manager()
    readers_all = COST_READERS
    readers_subtree = DEPARTMENT_ROLES
    department_field = "department"
    constraint_error_fields = {"budget_department_unique": "department", "budget_it_unit_unique": "kind"}

    class Meta:
        ordering = ["organisation", "year", "kind", "department__path"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "department"],
                condition=Q(kind=BudgetKind.DEPARTMENT),
                name="budget_department_unique",
                violation_error_message=_("This department already has a budget for that year."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "year"],
                condition=Q(kind=BudgetKind.IT_UNIT),
                name="budget_it_unit_unique",
                violation_error_message=_("The IT unit already has a cost budget for that year."),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.department or self.get_kind_display()}"

    def clean(self):
        if self.kind == BudgetKind.DEPARTMENT and not self.department_id:
            raise ValidationError({"department": _("Choose the department whose budget this is.")})
        if self.kind == BudgetKind.IT_UNIT and self.department_id:
            raise ValidationError({"department": _("The IT unit's budget is not a department's: leave it empty.")})
        check_same_organisation(self, "department")


class BudgetRound(TenantModel):
    """The head of IT opens next year's budget round; departments enter needs until the deadline."""

    year = models.PositiveSmallIntegerField(_("budget year"), validators=YEAR_VALIDATORS)
    deadline = models.DateField(_("deadline"), help_text=_("Departments enter their needs until this day."))
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus, default=RoundStatus.OPEN)
    opened_by = person(_("opened by"))
    note = models.TextField(_("instructions to the departments"), blank=True)

    history = HistoricalRecords()
    constraint_error_fields = {"budget_round_unique": "year"}

    class Meta:
        ordering = ["organisation", "-year"]
        verbose_name = _("budget round")
        verbose_name_plural = _("budget rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                name="budget_round_unique",
                violation_error_message=_("There is already a budget round for that year."),
            )
        ]

    def __str__(self):
        return _("Budget round %(year)s") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("finance:round_detail", args=[self.pk])

    def accepts_needs(self, today=None):
        today = today or timezone.localdate()
        return self.status == RoundStatus.OPEN and today <= self.deadline


class BudgetNeed(DepartmentServiceModel):
    """A department's planned need for the budget year: a new service or a change in volume."""

    round = models.ForeignKey(BudgetRound, on_delete=models.PROTECT, related_name="needs", verbose_name=_("round"))
    quantity_change = models.IntegerField(
        _("change in quantity"), help_text=_("More units (positive) or fewer (negative), from the month.")
    )
    month = models.PositiveSmallIntegerField(_("from month"), validators=MONTH_VALIDATORS)
    reason = models.TextField(_("reason"))
    created_by = person(_("entered by"))

    history = HistoricalRecords()
    readers_all = COST_READERS

    class Meta:
        ordering = ["round", "department__path", "service", "month"]
        verbose_name = _("planned need")
        verbose_name_plural = _("planned needs")

    def __str__(self):
        return f"{self.department} {self.service} {self.quantity_change:+d}"

    def clean(self):
        errors = {}
        if self.quantity_change == 0:
            errors["quantity_change"] = _("Enter how many units more (positive) or fewer (negative).")
        if not (self.reason or "").strip():
            errors["reason"] = _("Give a reason for the need.")
        if self.round_id and self.organisation_id and self.round.organisation_id != self.organisation_id:
            errors["round"] = _("This must belong to the same organisation.")
        if errors:
            raise ValidationError(errors)
        super().clean()


class NoNeedsStatement(TenantModel):
    """A department's answer to a budget round: it plans no new services or changes in volume.

    It covers the department and every department under it, so that the round can tell a
    department that has answered "nothing new" from one that has not answered at all.
    """

    round = models.ForeignKey(BudgetRound, on_delete=models.PROTECT, related_name="no_needs", verbose_name=_("round"))
    department = models.ForeignKey(
        "organisations.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = person(_("recorded by"))

    history = HistoricalRecords()
    objects = DepartmentScopedQuerySet.as_manager()
    readers_all = COST_READERS
    readers_subtree = DEPARTMENT_ROLES
    department_field = "department"
    constraint_error_fields = {"no_needs_unique": "department"}

    class Meta:
        ordering = ["round", "department__path"]
        verbose_name = _("no needs")
        verbose_name_plural = _("no needs")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "department"],
                name="no_needs_unique",
                violation_error_message=_("This department has already said it has no needs in this round."),
            )
        ]

    def __str__(self):
        return _("%(department)s: no needs for %(year)s") % {"department": self.department, "year": self.round.year}

    def get_absolute_url(self):
        return self.round.get_absolute_url()

    def clean(self):
        check_same_organisation(self, "department")
        if self.round_id and self.organisation_id and self.round.organisation_id != self.organisation_id:
            raise ValidationError({"round": _("This must belong to the same organisation.")})
