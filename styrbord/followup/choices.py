"""Choices of the annual follow-up and the roles that act in it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from styrbord.organisations.choices import IT_ROLES, Role


class ReportStatus(models.TextChoices):
    LIVE = "live", _("Live (computed from today's data)")
    FROZEN = "frozen", _("Frozen (the year's official version)")


# The five parts of the follow-up (strategy §11), in the order the report shows them.
PARTS = (
    ("economy", _("Economic follow-up")),
    ("delivered", _("Delivered quality against the catalogue")),
    ("perceived", _("Perceived quality")),
    ("security", _("IT-security quality")),
    ("systems", _("System-management quality")),
)
PART_KEYS = tuple(key for key, _label in PARTS)

# Who writes the report and its assessments and freezes it.
WRITERS = frozenset({Role.IT_HEAD})
# Who reads every report of the organisation, live or frozen: the strategic level and finance.
READERS = frozenset({Role.IT_HEAD, Role.MANAGEMENT_GROUP, Role.FINANCE})
# Who reads the frozen (official) reports too: the department heads (tactical level).
FROZEN_READERS = frozenset({Role.DEPARTMENT_HEAD})
# Who records outages on tickets: the desk staff.
OUTAGE_RECORDERS = frozenset(IT_ROLES)
