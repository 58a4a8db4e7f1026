"""The service catalogue: competence areas, services, levels, business calendars, price lists."""

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
from styrbord.core.tenancy import access

from .choices import (
    DRAFT_READERS,
    MONTHLY_UNITS,
    PRICE_BASIS,
    ChargeUnit,
    PriceListStatus,
    Priority,
    ServiceStatus,
    Weekday,
)


def draft_reader_organisation_ids(user):
    """The organisations in which ``user`` may read what is not published yet (IT roles and finance)."""
    return {grant.organisation_id for grant in access(user).grants if grant.role in DRAFT_READERS}


class CatalogueQuerySet(TenantQuerySet):
    """Scoping for rows that only some members see until they are published.

    A model states what every member may see in ``public_rows`` (a Q); IT roles and finance
    also see the rest (planned services, draft price lists). Hidden rows answer 404.
    """

    def restrict(self, user, action="view"):
        queryset = super().restrict(user, action)
        if not user or not user.is_authenticated or user.is_superuser:
            return queryset
        readers = draft_reader_organisation_ids(user)
        return queryset.filter(self.model.public_rows | Q(**{f"{self.organisation_lookup()}__in": readers}))


def frozen_error(price_list):
    """The error for any change to the prices of a published (frozen) price list."""
    return ValidationError(
        {
            "amount": _(
                "The price list for %(year)s is published and frozen: its prices cannot be changed. "
                "Draft a new year's price list instead."
            )
            % {"year": price_list.year}
        },
        code="frozen",
    )


class CompetenceArea(TimeStampedModel):
    """A competence area of the IT unit (Arbetsplats, Nätverk och kommunikation, …); also a service-desk queue."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="competence_areas",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=40)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "organisation"

    class Meta:
        ordering = ["organisation", "order", "name"]
        verbose_name = _("competence area")
        verbose_name_plural = _("competence areas")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                name="area_code_unique",
                violation_error_message=_("Another area of this organisation has this code."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:area_list") + f"#area-{self.pk}"


class BusinessCalendar(TimeStampedModel):
    """Opening hours that SLA clocks run on: weekday segments (or 24/7) minus closed days."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="calendars",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    always_open = models.BooleanField(_("open 24/7"), default=False)
    closed_on_public_holidays = models.BooleanField(
        _("closed on public holidays"),
        default=True,
        help_text=_("The statutory Swedish public holidays (nyårsdagen, långfredagen, …)."),
    )
    closed_on_de_facto_holidays = models.BooleanField(
        _("closed on de facto holidays"),
        default=True,
        help_text=_("Påskafton, pingstafton, midsommarafton, julafton and nyårsafton."),
    )

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "organisation"

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="calendar_name_unique",
                violation_error_message=_("Another calendar has this name."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:calendar_detail", args=[self.pk])


class OpeningSegment(models.Model):
    """One opening period on a weekday; a day may have several (e.g. 08–12 and 13–17)."""

    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="segments", verbose_name=_("calendar")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "calendar__organisation"

    class Meta:
        ordering = ["calendar", "weekday", "opens"]
        verbose_name = _("opening segment")
        verbose_name_plural = _("opening segments")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError({"closes": _("The closing time must be after the opening time.")})


class ClosedDay(models.Model):
    """A day the organisation closes (e.g. a klämdag it takes off); for one calendar or all of them."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="closed_days",
        verbose_name=_("organisation"),
    )
    calendar = models.ForeignKey(
        BusinessCalendar,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closed_days",
        verbose_name=_("calendar"),
        help_text=_("Empty: closed in every calendar of the organisation."),
    )
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100)

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "organisation"

    class Meta:
        ordering = ["date"]
        verbose_name = _("closed day")
        verbose_name_plural = _("closed days")

    def __str__(self):
        return f"{self.date} {self.name}"

    def get_absolute_url(self):
        if self.calendar_id:
            return reverse("catalog:calendar_detail", args=[self.calendar_id])
        return reverse("catalog:calendar_list")

    def clean(self):
        if self.calendar_id and self.organisation_id and self.calendar.organisation_id != self.organisation_id:
            raise ValidationError({"calendar": _("The calendar must belong to the same organisation.")})


class Service(TimeStampedModel):
    """A service in the catalogue, charged in one unit, offered at one or more levels."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="services", verbose_name=_("organisation")
    )
    area = models.ForeignKey(
        CompetenceArea, on_delete=models.PROTECT, related_name="services", verbose_name=_("competence area")
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=40)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description for users"), blank=True)
    includes = models.TextField(_("includes"), blank=True)
    excludes = models.TextField(_("excludes"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible in IT"),
    )
    status = models.CharField(_("status"), max_length=20, choices=ServiceStatus, default=ServiceStatus.ACTIVE)
    is_base = models.BooleanField(
        _("part of the base delivery"),
        default=False,
        help_text=_("Included for every department; otherwise ordered as an option."),
    )
    is_standard = models.BooleanField(_("standard solution"), default=True)
    unit = models.CharField(_("charge unit"), max_length=20, choices=ChargeUnit)
    requires_it_review = models.BooleanField(
        _("orders need IT review"),
        default=False,
        help_text=_("Orders are approved by IT as well as by the department head."),
    )
    default_level = models.ForeignKey(
        "ServiceLevel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default level"),
        help_text=_("The level that applies when a department has no subscription."),
    )

    history = HistoricalRecords()
    objects = CatalogueQuerySet.as_manager()
    organisation_field = "organisation"
    public_rows = ~Q(status=ServiceStatus.PLANNED)

    class Meta:
        ordering = ["organisation", "area__order", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                name="service_code_unique",
                violation_error_message=_("Another service of this organisation has this code."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:service_detail", args=[self.pk])

    @property
    def is_public(self):
        """Every member sees the service (planned ones only IT roles and finance)."""
        return self.status != ServiceStatus.PLANNED

    @property
    def is_orderable(self):
        return self.status == ServiceStatus.ACTIVE

    @property
    def is_monthly(self):
        return self.unit in MONTHLY_UNITS

    @property
    def price_basis(self):
        """What the service's prices are for: "per user and month", "per hour", …"""
        return PRICE_BASIS.get(self.unit, "")

    def clean(self):
        errors = {}
        if self.area_id and self.organisation_id and self.area.organisation_id != self.organisation_id:
            errors["area"] = _("The area must belong to the same organisation.")
        if self.default_level_id and self.pk and self.default_level.service_id != self.pk:
            errors["default_level"] = _("The default level must be one of this service's levels.")
        if errors:
            raise ValidationError(errors)


class ServiceLevel(TimeStampedModel):
    """A level of a service (Bas / Standard / Utökad): calendar, availability and per-priority targets."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="levels", verbose_name=_("service"))
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.PROTECT, related_name="levels", verbose_name=_("calendar")
    )
    availability_target = models.DecimalField(
        _("availability target (%)"),
        max_digits=6,
        decimal_places=3,
        default=Decimal("99.000"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    maintenance_window = models.CharField(_("maintenance window"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = CatalogueQuerySet.as_manager()
    organisation_field = "service__organisation"
    public_rows = ~Q(service__status=ServiceStatus.PLANNED)

    class Meta:
        ordering = ["service", "order", "name"]
        verbose_name = _("service level")
        verbose_name_plural = _("service levels")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "name"],
                name="level_name_unique",
                violation_error_message=_("This service already has a level with this name."),
            )
        ]

    def __str__(self):
        return f"{self.service} – {self.name}"

    def get_absolute_url(self):
        return reverse("catalog:service_detail", args=[self.service_id]) + f"#level-{self.pk}"

    @property
    def is_public(self):
        return self.service.is_public

    def clean(self):
        if self.calendar_id and self.service_id and self.calendar.organisation_id != self.service.organisation_id:
            raise ValidationError({"calendar": _("The calendar must belong to the same organisation.")})


class LevelTarget(models.Model):
    """Response and resolution targets for one priority, in business minutes of the level's calendar."""

    level = models.ForeignKey(
        ServiceLevel, on_delete=models.CASCADE, related_name="targets", verbose_name=_("service level")
    )
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority)
    response_minutes = models.PositiveIntegerField(_("response target (business minutes)"))
    resolution_minutes = models.PositiveIntegerField(_("resolution target (business minutes)"))

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "level__service__organisation"

    class Meta:
        ordering = ["level", "priority"]
        verbose_name = _("level target")
        verbose_name_plural = _("level targets")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "priority"],
                name="target_priority_unique",
                violation_error_message=_("This level already has a target for this priority."),
            )
        ]

    def __str__(self):
        return f"{self.level} P{self.priority}"

    def clean(self):
        if (
            self.response_minutes is not None
            and self.resolution_minutes is not None
            and self.resolution_minutes < self.response_minutes
        ):
            raise ValidationError({"resolution_minutes": _("Resolution cannot come before the response.")})


class PriceList(TimeStampedModel):
    """The prices of one budget year: drafted, then published and frozen."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="price_lists",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    status = models.CharField(_("status"), max_length=20, choices=PriceListStatus, default=PriceListStatus.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = CatalogueQuerySet.as_manager()
    organisation_field = "organisation"
    public_rows = Q(status=PriceListStatus.PUBLISHED)

    class Meta:
        ordering = ["organisation", "-year"]
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                name="price_list_year_unique",
                violation_error_message=_("This organisation already has a price list for that year."),
            )
        ]

    def __str__(self):
        return str(self.year)

    def get_absolute_url(self):
        return reverse("catalog:price_list_detail", args=[self.pk])

    @property
    def is_published(self):
        return self.status == PriceListStatus.PUBLISHED

    @property
    def is_public(self):
        return self.is_published


class Price(models.Model):
    """The price of a service at a level in a year: per unit and month, per hour, or per purchase."""

    price_list = models.ForeignKey(
        PriceList, on_delete=models.CASCADE, related_name="prices", verbose_name=_("price list")
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="prices", verbose_name=_("service"))
    level = models.ForeignKey(
        ServiceLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prices",
        verbose_name=_("service level"),
        help_text=_("Empty for a service without levels."),
    )
    amount = models.DecimalField(
        _("price (SEK)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )

    history = HistoricalRecords()
    objects = CatalogueQuerySet.as_manager()
    organisation_field = "price_list__organisation"
    public_rows = Q(price_list__status=PriceListStatus.PUBLISHED) & ~Q(service__status=ServiceStatus.PLANNED)

    class Meta:
        ordering = ["price_list", "service", "level"]
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        constraints = [
            models.UniqueConstraint(
                fields=["price_list", "service", "level"],
                name="price_unique",
                violation_error_message=_("This service and level already have a price."),
            ),
            models.UniqueConstraint(
                fields=["price_list", "service"],
                condition=models.Q(level__isnull=True),
                name="price_unique_without_level",
                violation_error_message=_("This service already has a price."),
            ),
        ]

    def __str__(self):
        return f"{self.service} {self.level or ''} {self.amount}"

    def get_absolute_url(self):
        return self.price_list.get_absolute_url()

    @property
    def is_public(self):
        return self.price_list.is_published and self.service.is_public

    def clean(self):
        if self.price_list_id and self.price_list.is_published:
            raise frozen_error(self.price_list)
        errors = {}
        if self.level_id and self.service_id and self.level.service_id != self.service_id:
            errors["level"] = _("The level must be one of the service's levels.")
        if self.service_id and self.price_list_id and self.service.organisation_id != self.price_list.organisation_id:
            errors["service"] = _("The service must belong to the price list's organisation.")
        if errors:
            raise ValidationError(errors)
