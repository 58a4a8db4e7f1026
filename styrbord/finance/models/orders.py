"""Orders and the subscriptions they create, as explicit periods."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrbord.core.tenancy import access
from styrbord.organisations.choices import Role

from ..choices import IT_REVIEWERS, ORDER_READERS, OrderKind, OrderStatus
from ..scoping import DepartmentScopedQuerySet
from .base import DepartmentServiceModel, person


class OrderQuerySet(DepartmentScopedQuerySet):
    def awaiting(self, user, organisation):
        """Pending orders of the organisation with an approval that is this user's to give."""
        user_access = access(user)
        condition = Q(pk__in=[])
        for path in user_access.department_paths(organisation.pk, Role.DEPARTMENT_HEAD):
            condition |= Q(department_approved_at__isnull=True, department__path__startswith=path)
        if user_access.has_role(organisation.pk, *IT_REVIEWERS):
            condition |= Q(it_review_required=True, it_approved_at__isnull=True)
        return self.in_organisation(organisation).filter(condition, status=OrderStatus.SUBMITTED)


class Order(DepartmentServiceModel):
    """A department orders a service at a level and a quantity from an effective date.

    A new subscription, a change (another quantity or level) or a termination. The department
    head approves (an order placed by the department head carries that approval already); a
    service marked as needing IT review is approved by IT as well. Once every approval is in,
    the order is applied to the subscription periods.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=OrderKind, default=OrderKind.NEW)
    quantity = models.PositiveIntegerField(_("quantity"), default=0, help_text=_("Units from the effective date."))
    effective_date = models.DateField(
        _("effective date"), help_text=_("The first day of the new state; for a termination, the first day without.")
    )
    subscription = models.ForeignKey(
        "Subscription",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_orders",
        verbose_name=_("subscription changed"),
    )
    result = models.ForeignKey(
        "Subscription",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resulting subscription"),
    )
    status = models.CharField(_("status"), max_length=20, choices=OrderStatus, default=OrderStatus.SUBMITTED)
    ordered_by = person(_("ordered by"))
    department_approved_by = person(_("approved for the department by"))
    department_approved_at = models.DateTimeField(_("approved for the department"), null=True, blank=True)
    it_review_required = models.BooleanField(_("IT review required"), default=False)
    it_approved_by = person(_("approved by IT"))
    it_approved_at = models.DateTimeField(_("approved by IT"), null=True, blank=True)
    decided_by = person(_("decided by"), help_text=_("Who gave the last approval, rejected or cancelled the order."))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = OrderQuerySet.as_manager()
    readers_all = ORDER_READERS
    owner_field = "ordered_by"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self):
        return _("Order %(number)s") % {"number": self.pk or "–"}

    def get_absolute_url(self):
        return reverse("finance:order_detail", args=[self.pk])

    @property
    def is_pending(self):
        return self.status == OrderStatus.SUBMITTED

    @property
    def needs_department_approval(self):
        return self.is_pending and self.department_approved_at is None

    @property
    def needs_it_approval(self):
        return self.is_pending and self.it_review_required and self.it_approved_at is None


class Subscription(DepartmentServiceModel):
    """One period of a department's subscription to a service: level and quantity, valid from–to.

    A change closes the current period the day before its effective date and opens a new one, so
    the subscription's history is the list of its periods. ``valid_to`` empty: until further
    notice. At any date a department has at most one period per service.
    """

    quantity = models.PositiveIntegerField(_("quantity"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Empty: until further notice."))
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("order")
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next",
        verbose_name=_("previous period"),
    )
    ended_by = models.ForeignKey(
        Order, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ended by order")
    )

    history = HistoricalRecords()
    readers_all = ORDER_READERS

    class Meta:
        ordering = ["department", "service", "valid_from"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        indexes = [models.Index(fields=["organisation", "valid_from", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="subscription_period_ordered",
                violation_error_message=_("A period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="subscription_quantity_positive",
                violation_error_message=_("The quantity must be a positive whole number."),
            ),
        ]

    def __str__(self):
        level = f" {self.level.name}" if self.level_id else ""
        return f"{self.department} – {self.service}{level} × {self.quantity}"

    def get_absolute_url(self):
        return reverse("finance:department_subscriptions", args=[self.department_id])

    def is_active_on(self, day):
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)
