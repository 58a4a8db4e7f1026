"""Per-organisation bookkeeping settings: accounts and dimensions for the internal invoicing."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrbord.core.models import TenantModel
from styrbord.core.validators import validate_cost_centre

from ..choices import MONTH_CLOSERS

account_number = RegexValidator(r"^\d{4,6}$", _("An account number is 4–6 digits, e.g. 6540."))


class FinanceSettings(TenantModel):
    """How the internal IT charges are booked (Kommun-Bas 13 style defaults).

    The departments' cost goes to an internal IT cost account in class 6–7 (6540) on their own
    cost centre; the IT unit's matching revenue to a class-3 account (3590) on the IT unit's cost
    centre. An internal counterpart code (motpart) marks both sides as internal, so that the
    municipality's consolidated accounts can eliminate them.
    """

    cost_account = models.CharField(_("cost account"), max_length=6, default="6540", validators=[account_number])
    cost_account_name = models.CharField(_("cost account name"), max_length=100, default="Interna IT-tjänster")
    revenue_account = models.CharField(_("revenue account"), max_length=6, default="3590", validators=[account_number])
    revenue_account_name = models.CharField(
        _("revenue account name"), max_length=100, default="Intern försäljning av IT-tjänster"
    )
    it_cost_centre = models.CharField(
        _("IT unit's cost centre"),
        max_length=20,
        blank=True,
        validators=[validate_cost_centre],
        help_text=_("The cost centre that the IT unit's revenue is booked on."),
    )
    cost_centre_dimension = models.PositiveSmallIntegerField(
        _("cost-centre dimension"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("The SIE dimension number of cost centres (1 in most finance systems)."),
    )
    cost_centre_dimension_name = models.CharField(
        _("cost-centre dimension name"), max_length=100, default="Kostnadsställe"
    )
    counterpart_code = models.CharField(
        _("internal counterpart code"),
        max_length=20,
        blank=True,
        help_text=_("Motpart code for internal transactions; leave empty if not used."),
    )
    counterpart_dimension = models.PositiveSmallIntegerField(
        _("counterpart dimension"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("The SIE dimension of the counterpart code (20 or above are free to use); empty: not exported."),
    )
    voucher_series = models.CharField(_("voucher series"), max_length=10, default="IT")

    history = HistoricalRecords()

    readers_all = MONTH_CLOSERS

    class Meta:
        verbose_name = _("finance settings")
        verbose_name_plural = _("finance settings")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                name="finance_settings_unique",
                violation_error_message=_("This organisation already has finance settings."),
            )
        ]

    def __str__(self):
        return str(_("Finance settings"))

    @classmethod
    def for_organisation(cls, organisation):
        """The saved settings, or the defaults (unsaved) for an organisation that has none yet."""
        return cls.objects.filter(organisation=organisation).first() or cls(organisation=organisation)
