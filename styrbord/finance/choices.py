"""Choices of the finance app and the roles that act in it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from styrbord.organisations.choices import Role


class OrderKind(models.TextChoices):
    NEW = "new", _("New subscription")
    CHANGE = "change", pgettext_lazy("order kind", "Change")
    TERMINATE = "terminate", _("Termination")


class OrderStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class ChargeKind(models.TextChoices):
    MONTHLY = "monthly", _("Subscription")
    HOURLY = "hourly", _("Hourly work")
    ONE_OFF = "one_off", _("One-off purchase")
    ADJUSTMENT = "adjustment", _("Adjustment")


class BudgetKind(models.TextChoices):
    DEPARTMENT = "department", _("Department's IT cost budget")
    IT_UNIT = "it_unit", _("IT unit's cost budget")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV (Excel, semicolon separated)")
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    SIE = "sie", _("SIE 4 internal invoicing")


# Who does what in finance (see rules.py). Department-scoped roles act for their subtree.
DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.IT_COORDINATOR})
# Read every order and subscription of the organisation: IT delivers them, finance and the
# management group follow them.
ORDER_READERS = frozenset({Role.IT_HEAD, Role.SUPPORT_LEAD, Role.IT_STAFF, Role.FINANCE, Role.MANAGEMENT_GROUP})
# Read every charge, budget and budget need of the organisation.
COST_READERS = frozenset({Role.IT_HEAD, Role.FINANCE, Role.MANAGEMENT_GROUP})
# Give the IT review that some services require.
IT_REVIEWERS = frozenset({Role.IT_HEAD, Role.SUPPORT_LEAD})
# Run and close months, keep the finance settings.
MONTH_CLOSERS = frozenset({Role.FINANCE, Role.IT_HEAD})
# Record hourly work and one-off purchases (the service desk does it through record_work()).
WORK_RECORDERS = frozenset({Role.IT_HEAD, Role.SUPPORT_LEAD, Role.IT_STAFF, Role.FINANCE})
