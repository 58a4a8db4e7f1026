"""Sourcing (strategy §3): the supplier register, contracts with their requirements, and comparisons.

A contract's last date to give notice is stored (derived from its end and notice period on every
save) so that lists, filters and the reminder job read it without computing; its status is derived
from the dates when it is shown. A comparison weighs alternatives (internal delivery and external
offers) on weighted criteria; once decided it no longer changes.
"""

import calendar
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrbord.core.models import TenantModel, TenantQuerySet, TimeStampedModel
from styrbord.core.validators import normalise_org_number
from styrbord.infra.models import same_organisation_errors

from .choices import (
    SCORE_MAX,
    SCORE_MIN,
    WEIGHT_TOTAL,
    AlternativeKind,
    ComparisonStatus,
    ContractStatus,
    Fulfilment,
    ProcurementForm,
    RequirementKind,
)

ZERO = Decimal("0.00")


def months_before(day, months):
    """``day`` moved back ``months`` calendar months; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_after(day, months):
    return months_before(day, -months)


class SourcingSettings(TenantModel):
    """Per organisation: how many days before a contract's last notice date its owner is reminded."""

    first_reminder_days = models.PositiveSmallIntegerField(
        _("first reminder (days before the notice date)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
    )
    second_reminder_days = models.PositiveSmallIntegerField(
        _("second reminder (days before the notice date)"),
        null=True,
        blank=True,
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text=_("Leave empty for a single reminder."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sourcing settings")
        verbose_name_plural = _("sourcing settings")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                name="sourcing_settings_unique",
                violation_error_message=_("This organisation already has sourcing settings."),
            )
        ]

    def __str__(self):
        return str(self.organisation)

    def get_absolute_url(self):
        return reverse("sourcing:settings")

    def clean(self):
        if (
            self.first_reminder_days
            and self.second_reminder_days
            and self.second_reminder_days >= self.first_reminder_days
        ):
            raise ValidationError(
                {"second_reminder_days": _("The second reminder comes closer to the notice date than the first.")}
            )

    @property
    def thresholds(self):
        """The reminder thresholds in days, largest first."""
        return sorted({d for d in (self.first_reminder_days, self.second_reminder_days) if d}, reverse=True)

    @property
    def window(self):
        """A contract is "notice due" when its notice date is at most this many days away."""
        return self.thresholds[0] if self.thresholds else 0


def settings_for(organisation_id):
    """The organisation's settings, or the defaults when none are saved (not saved then)."""
    if hasattr(organisation_id, "pk"):
        organisation_id = organisation_id.pk
    return SourcingSettings.objects.filter(organisation_id=organisation_id).first() or SourcingSettings(
        organisation_id=organisation_id
    )


class Supplier(TenantModel):
    """A company the organisation buys from, identified by its Swedish organisation number."""

    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"), max_length=11, help_text=_("Ten digits, NNNNNN-NNNN, with a valid check digit.")
    )
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "org_number"],
                name="supplier_org_number_unique",
                violation_error_message=_("A supplier with this organisation number is already registered."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("sourcing:supplier_detail", args=[self.pk])

    def clean(self):
        if self.org_number:
            try:
                self.org_number = normalise_org_number(self.org_number)
            except ValidationError as error:
                raise ValidationError({"org_number": error.messages}) from None


class SupplierContact(TimeStampedModel):
    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("supplier")
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True, help_text=_("E.g. account manager, support."))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "supplier__organisation"

    class Meta:
        ordering = ["supplier", "name"]
        verbose_name = _("supplier contact")
        verbose_name_plural = _("supplier contacts")

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name

    def get_absolute_url(self):
        return self.supplier.get_absolute_url()


class Contract(TenantModel):
    """An agreement with a supplier: what it covers, its period, notice, renewals, value and owner."""

    reference = models.CharField(
        _("reference"), max_length=60, help_text=_("The contract's number or diary reference.")
    )
    title = models.CharField(_("title"), max_length=200)
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("supplier")
    )
    services = models.ManyToManyField(
        "catalog.Service", blank=True, related_name="+", verbose_name=_("services covered")
    )
    systems = models.ManyToManyField(
        "systems.System", blank=True, related_name="supplier_contracts", verbose_name=_("systems covered")
    )
    items = models.ManyToManyField(
        "infra.ConfigurationItem", blank=True, related_name="+", verbose_name=_("configuration items covered")
    )
    classifications = models.ManyToManyField(
        "security.Classification",
        blank=True,
        related_name="+",
        verbose_name=_("security classifications"),
        help_text=_("Their procurement requirements are shown with the contract."),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True, help_text=_("Empty for an open-ended contract."))
    notice_months = models.PositiveSmallIntegerField(
        _("notice period (months)"), default=3, validators=[MaxValueValidator(60)]
    )
    notice_date = models.DateField(
        _("last date to give notice"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The end minus the notice period."),
    )
    renewal_count = models.PositiveSmallIntegerField(
        _("renewal options"), default=0, validators=[MaxValueValidator(20)], help_text=_("How many extensions.")
    )
    renewal_months = models.PositiveSmallIntegerField(
        _("months per renewal"), default=0, validators=[MaxValueValidator(120)]
    )
    renewals_used = models.PositiveSmallIntegerField(_("renewals used"), default=0, editable=False)
    annual_value = models.DecimalField(
        _("annual value (SEK)"), max_digits=14, decimal_places=2, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("contract owner"),
        help_text=_("For a system's contract, its system owner (strategy §6)."),
    )
    procurement_form = models.CharField(
        _("procurement form"), max_length=30, choices=ProcurementForm, default=ProcurementForm.DIRECT_AWARD
    )
    procurement_reference = models.CharField(_("procurement reference"), max_length=100, blank=True)
    notice_given_on = models.DateField(
        _("notice given on"), null=True, blank=True, help_text=_("Set when the contract has been terminated.")
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()
    constraint_error_fields = {"contract_reference_unique": "reference"}

    class Meta:
        ordering = ["organisation", "notice_date", "reference"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        indexes = [models.Index(fields=["organisation", "notice_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"],
                name="contract_reference_unique",
                violation_error_message=_("Another contract of this organisation has this reference."),
            )
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("sourcing:contract_detail", args=[self.pk])

    def derive(self):
        self.notice_date = months_before(self.end_date, self.notice_months) if self.end_date else None

    def clean(self):
        errors = same_organisation_errors(
            self, self.organisation_id, supplier=self.supplier if self.supplier_id else None
        )
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = _("The contract must end after it starts.")
        if self.renewal_count and not self.renewal_months:
            errors["renewal_months"] = _("Say how many months each renewal extends the contract.")
        if self.renewals_used > self.renewal_count:
            errors["renewal_count"] = _("More renewals are used than the contract offers.")
        if self.renewal_count and not self.end_date:
            errors["renewal_count"] = _("An open-ended contract has no renewal options.")
        if (
            self.owner_id
            and self.organisation_id
            and not self.owner.memberships.filter(organisation_id=self.organisation_id).exists()
        ):
            errors["owner"] = _("The person must be a member of the organisation.")
        if self.notice_given_on and self.start_date and self.notice_given_on < self.start_date:
            errors["notice_given_on"] = _("Notice cannot be given before the contract starts.")
        if errors:
            raise ValidationError(errors)
        if self.end_date and self.start_date:
            self.derive()
            if self.notice_date < self.start_date:
                raise ValidationError({"notice_months": _("The notice period is longer than the contract.")})

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    @property
    def renewals_left(self):
        return max(self.renewal_count - self.renewals_used, 0)

    def status_on(self, today=None, window=None):
        """Upcoming, active, notice due (the notice date is ``window`` days away or less), expired, terminated."""
        today = today or timezone.localdate()
        if self.notice_given_on:
            return ContractStatus.TERMINATED
        if today < self.start_date:
            return ContractStatus.UPCOMING
        if self.end_date and today > self.end_date:
            return ContractStatus.EXPIRED
        if window is None:
            window = settings_for(self.organisation_id).window
        if self.notice_date and 0 <= (self.notice_date - today).days <= window:
            return ContractStatus.NOTICE_DUE
        return ContractStatus.ACTIVE

    @property
    def status(self):
        if not hasattr(self, "_status"):
            self._status = self.status_on()
        return self._status

    def get_status_display(self):
        return ContractStatus(self.status).label

    @property
    def days_to_notice(self):
        return (self.notice_date - timezone.localdate()).days if self.notice_date else None


class ContractRequirement(TimeStampedModel):
    """A requirement the contract regulates: business, technical or information security (§3)."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("contract")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RequirementKind)
    code = models.CharField(
        _("code"), max_length=40, blank=True, help_text=_("E.g. the code of a security measure it comes from.")
    )
    text = models.TextField(_("requirement"))
    fulfilment = models.CharField(
        _("fulfilled"), max_length=10, choices=Fulfilment, blank=True, default=Fulfilment.NOT_ASSESSED
    )
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "contract__organisation"

    class Meta:
        ordering = ["contract", "kind", "code", "id"]
        verbose_name = _("contract requirement")
        verbose_name_plural = _("contract requirements")

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return self.contract.get_absolute_url()

    def clean(self):
        if self.fulfilment in (Fulfilment.PARTLY, Fulfilment.NO) and not self.comment.strip():
            raise ValidationError({"comment": _("Explain what is missing.")})


class ContractReminder(TimeStampedModel):
    """A reminder sent to the contract owner: one per threshold and notice date (an extension resets them)."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("contract")
    )
    notice_date = models.DateField(_("last date to give notice"))
    threshold_days = models.PositiveSmallIntegerField(_("days before"))
    sent_to = models.EmailField(_("sent to"), blank=True)

    objects = TenantQuerySet.as_manager()
    organisation_field = "contract__organisation"

    class Meta:
        ordering = ["contract", "-notice_date", "-threshold_days"]
        verbose_name = _("contract reminder")
        verbose_name_plural = _("contract reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "notice_date", "threshold_days"],
                name="contract_reminder_unique",
                violation_error_message=_("This reminder was already sent."),
            )
        ]

    def __str__(self):
        return f"{self.contract} – {self.threshold_days}"


class Comparison(TenantModel):
    """A sourcing comparison for a need: alternatives scored on weighted criteria, then a decision."""

    title = models.CharField(_("need"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("catalogue service"),
    )
    system = models.ForeignKey(
        "systems.System", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("system")
    )
    outside_catalogue = models.BooleanField(
        _("outside the catalogue"),
        default=False,
        help_text=_("The service is not in IT's catalogue but could be delivered internally."),
    )
    period_months = models.PositiveSmallIntegerField(
        _("contract period (months)"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("The prices of the alternatives cover this period."),
    )
    status = models.CharField(_("status"), max_length=10, choices=ComparisonStatus, default=ComparisonStatus.OPEN)
    chosen = models.ForeignKey(
        "Alternative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chosen alternative"),
    )
    decision = models.TextField(_("decision"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "-created_at"]
        verbose_name = _("sourcing comparison")
        verbose_name_plural = _("sourcing comparisons")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sourcing:comparison_detail", args=[self.pk])

    @property
    def is_decided(self):
        return self.status == ComparisonStatus.DECIDED

    def clean(self):
        errors = same_organisation_errors(
            self,
            self.organisation_id,
            service=self.service if self.service_id else None,
            system=self.system if self.system_id else None,
        )
        if self.outside_catalogue and self.service_id:
            errors["outside_catalogue"] = _("A need outside the catalogue cannot name a catalogue service.")
        if self.chosen_id and self.chosen.comparison_id != self.pk:
            errors["chosen"] = _("Choose one of this comparison's alternatives.")
        if errors:
            raise ValidationError(errors)


class Alternative(TimeStampedModel):
    comparison = models.ForeignKey(
        Comparison, on_delete=models.CASCADE, related_name="alternatives", verbose_name=_("comparison")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AlternativeKind)
    name = models.CharField(_("name"), max_length=200)
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("supplier")
    )
    price = models.DecimalField(
        _("price over the contract period (SEK)"),
        max_digits=14,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "comparison__organisation"

    class Meta:
        ordering = ["comparison", "id"]
        verbose_name = _("alternative")
        verbose_name_plural = _("alternatives")
        constraints = [
            models.UniqueConstraint(
                fields=["comparison", "name"],
                name="alternative_name_unique",
                violation_error_message=_("The comparison already has an alternative with this name."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.comparison.get_absolute_url()

    def clean(self):
        errors = {}
        if self.supplier_id and self.comparison_id:
            errors.update(same_organisation_errors(self, self.comparison.organisation_id, supplier=self.supplier))
        if self.kind == AlternativeKind.INTERNAL and self.supplier_id:
            errors["supplier"] = _("Internal delivery has no supplier.")
        if errors:
            raise ValidationError(errors)


class Criterion(TimeStampedModel):
    comparison = models.ForeignKey(
        Comparison, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("comparison")
    )
    name = models.CharField(_("criterion"), max_length=100)
    weight = models.PositiveSmallIntegerField(
        _("weight (per cent)"), validators=[MaxValueValidator(WEIGHT_TOTAL)], help_text=_("The weights add up to 100.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "comparison__organisation"

    class Meta:
        ordering = ["comparison", "order", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["comparison", "name"],
                name="criterion_name_unique",
                violation_error_message=_("The comparison already has a criterion with this name."),
            )
        ]

    def __str__(self):
        return self.name


class Score(TimeStampedModel):
    alternative = models.ForeignKey(
        Alternative, on_delete=models.CASCADE, related_name="scores", verbose_name=_("alternative")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "alternative__comparison__organisation"

    class Meta:
        ordering = ["alternative", "criterion"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["alternative", "criterion"],
                name="score_unique",
                violation_error_message=_("This alternative already has a score on this criterion."),
            )
        ]

    def __str__(self):
        return f"{self.alternative} – {self.criterion}: {self.value}"

    def clean(self):
        if self.alternative_id and self.criterion_id and self.alternative.comparison_id != self.criterion.comparison_id:
            raise ValidationError({"criterion": _("The criterion belongs to another comparison.")})


def windows_for(organisation_ids):
    """{organisation id: notice-due window in days}, defaults for organisations without settings."""
    found = {s.organisation_id: s.window for s in SourcingSettings.objects.filter(organisation_id__in=organisation_ids)}
    default = SourcingSettings().window
    return {org: found.get(org, default) for org in organisation_ids}


def with_status(contracts, today=None):
    """Set each contract's status with one query for the settings (for lists)."""
    contracts = list(contracts)
    today = today or timezone.localdate()
    windows = windows_for({c.organisation_id for c in contracts})
    for contract in contracts:
        contract._status = contract.status_on(today, windows[contract.organisation_id])
    return contracts


def status_condition(status, today, organisation_ids):
    """A filter on Contract rows with the derived ``status`` on ``today`` (as ``Contract.status_on``)."""
    live = models.Q(notice_given_on__isnull=True)
    if status == ContractStatus.TERMINATED:
        return ~live
    if status == ContractStatus.UPCOMING:
        return live & models.Q(start_date__gt=today)
    if status == ContractStatus.EXPIRED:
        return live & models.Q(start_date__lte=today, end_date__lt=today)
    running = live & models.Q(start_date__lte=today) & (models.Q(end_date__isnull=True) | models.Q(end_date__gte=today))
    due = models.Q(pk__in=[])
    for organisation_id, window in windows_for(organisation_ids).items():
        due |= models.Q(
            organisation_id=organisation_id,
            notice_date__gte=today,
            notice_date__lte=today + timedelta(days=window),
        )
    return running & due if status == ContractStatus.NOTICE_DUE else running & ~due
