"""Choices of the CMDB and the roles that act in it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from styrbord.organisations.choices import Role


class Area(models.TextChoices):
    """The three competence areas of operations (strategy §6)."""

    WORKPLACE = "workplace", _("Workplace")
    NETWORK = "network", _("Network and communication")
    DATACENTER = "datacenter", _("Datacenter")


class Lifecycle(models.TextChoices):
    ORDERED = "ordered", _("Ordered")
    IN_STOCK = "in_stock", _("In stock")
    IN_USE = "in_use", _("In use")
    IN_REPAIR = "in_repair", _("In repair")
    RETIRED = "retired", _("Retired")


# The date field that records when an item first reached a status.
MILESTONE_FIELDS = {
    Lifecycle.ORDERED: "ordered_on",
    Lifecycle.IN_STOCK: "delivered_on",
    Lifecycle.IN_USE: "in_use_from",
    Lifecycle.RETIRED: "retired_on",
}


class RelationKind(models.TextChoices):
    """How a source item relates to a target item; read as "source <kind> target"."""

    RUNS_ON = "runs_on", _("runs on")
    CONNECTED_TO = "connected_to", _("is connected to")
    BACKED_UP_BY = "backed_up_by", _("is backed up by")
    DEPENDS_ON = "depends_on", _("depends on")


# A failure of the target stops the source for these kinds; a failed backup does not stop
# what it backs up, so "backed up by" is followed only when asked for.
OPERATIONAL_KINDS = frozenset({RelationKind.RUNS_ON, RelationKind.CONNECTED_TO, RelationKind.DEPENDS_ON})


class FieldKind(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    APPLIED = "applied", _("Imported")
    REFUSED = "refused", _("Refused")


# Read the CMDB: the IT unit, and the security coordinator who classifies what runs where.
CMDB_READERS = frozenset({Role.IT_HEAD, Role.SUPPORT_LEAD, Role.IT_STAFF, Role.SECURITY_COORDINATOR})
# Maintain configuration items, relations and imports.
CMDB_EDITORS = frozenset({Role.IT_HEAD, Role.IT_STAFF})
# Define item types (the fields each kind of item has).
TYPE_EDITORS = frozenset({Role.IT_HEAD})
# Compare subscriptions with the devices in use.
RECONCILERS = frozenset({Role.IT_HEAD, Role.SUPPORT_LEAD, Role.IT_STAFF, Role.FINANCE})
