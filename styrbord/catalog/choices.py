from django.db import models
from django.utils.translation import gettext_lazy as _

from styrbord.organisations.choices import IT_ROLES, Role


class ServiceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    RETIRING = "retiring", _("Retiring")
    RETIRED = "retired", _("Retired")


class ChargeUnit(models.TextChoices):
    USER = "user", _("per user")
    DEVICE = "device", _("per device")
    SYSTEM = "system", _("per system")
    GB = "gb", _("per GB")
    SERVER = "server", _("per server")
    HOUR = "hour", _("per hour")
    ONE_OFF = "one_off", _("one-off")


# Units priced per month; the others are charged per hour worked or once per purchase.
MONTHLY_UNITS = frozenset({ChargeUnit.USER, ChargeUnit.DEVICE, ChargeUnit.SYSTEM, ChargeUnit.GB, ChargeUnit.SERVER})

# What a price is for, shown after the amount ("185 kr per user and month").
PRICE_BASIS = {
    ChargeUnit.USER: _("per user and month"),
    ChargeUnit.DEVICE: _("per device and month"),
    ChargeUnit.SYSTEM: _("per system and month"),
    ChargeUnit.GB: _("per GB and month"),
    ChargeUnit.SERVER: _("per server and month"),
    ChargeUnit.HOUR: _("per hour"),
    ChargeUnit.ONE_OFF: _("per purchase"),
}


# Statuses every member sees in the catalogue; "planned" only IT roles and finance, "retired" only by link.
CATALOGUE_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.RETIRING)

# Who reads what is not published yet (planned services, draft price lists): the IT unit and finance.
DRAFT_READERS = IT_ROLES | {Role.FINANCE}


class Priority(models.IntegerChoices):
    P1 = 1, _("P1 – critical")
    P2 = 2, _("P2 – high")
    P3 = 3, _("P3 – normal")
    P4 = 4, _("P4 – low")


class PriceListStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")
