"""What the home page asks about classifications.

- The system's manager and owner, and the security coordinator: classifications that expire
  within the reminder days, have expired, or are due for review because the system changed.
- The security coordinator and the head of IT: vital systems without a current classification.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrbord.core.navigation import Attention, register_attention
from styrbord.core.tenancy import access
from styrbord.organisations.choices import Role
from styrbord.systems.access import system_roles
from styrbord.systems.choices import MANAGED_LIFECYCLES, RoleKind
from styrbord.systems.models import System

from .classification import NeedStatus, latest_adopted, status_of
from .services import settings_for


def _names(systems, limit=5):
    names = [system.name for system in systems[:limit]]
    if len(systems) > limit:
        names.append("…")
    return ", ".join(names)


def classification_states(organisation, systems=None, today=None):
    """[(system, latest adopted classification or None, NeedStatus)] for systems in use."""
    today = today or timezone.localdate()
    if systems is None:
        systems = System.objects.in_organisation(organisation).filter(lifecycle__in=MANAGED_LIFECYCLES)
    systems = list(systems.order_by("name"))
    latest = latest_adopted(systems, today)
    days = settings_for(organisation).review_reminder_days
    return [(s, latest.get(s.pk), status_of(latest.get(s.pk), today, days)) for s in systems]


@register_attention
def classifications_to_review(request):
    organisation = request.organisation
    if organisation is None or not request.user.is_authenticated:
        return []
    systems = System.objects.in_organisation(organisation).filter(lifecycle__in=MANAGED_LIFECYCLES)
    if not access(request.user).has_role(organisation.pk, Role.SECURITY_COORDINATOR):
        mine = system_roles(request.user).system_ids(RoleKind.MANAGER, RoleKind.OWNER)
        if not mine:
            return []
        systems = systems.filter(pk__in=mine)
    due = [
        s
        for s, _c, status in classification_states(organisation, systems)
        if status in (NeedStatus.DUE, NeedStatus.EXPIRED)
    ]
    if not due:
        return []
    return [
        Attention(
            title=ngettext(
                "%(count)d classification is due for review or has expired",
                "%(count)d classifications are due for review or have expired",
                len(due),
            )
            % {"count": len(due)},
            text=_("Re-classify: %(systems)s") % {"systems": _names(due)},
            url=reverse("security:classification_list") + "?status=due",
            severity="warning",
            count=len(due),
        )
    ]


@register_attention
def vital_systems_unclassified(request):
    organisation = request.organisation
    if organisation is None or not access(request.user).has_role(
        organisation.pk, Role.SECURITY_COORDINATOR, Role.IT_HEAD
    ):
        return []
    systems = System.objects.in_organisation(organisation).filter(lifecycle__in=MANAGED_LIFECYCLES, is_vital=True)
    lacking = [
        s
        for s, _c, status in classification_states(organisation, systems)
        if status in (NeedStatus.MISSING, NeedStatus.EXPIRED)
    ]
    if not lacking:
        return []
    return [
        Attention(
            title=ngettext(
                "%(count)d vital system has no current classification",
                "%(count)d vital systems have no current classification",
                len(lacking),
            )
            % {"count": len(lacking)},
            text=_("Classify: %(systems)s") % {"systems": _names(lacking)},
            url=reverse("security:classification_list") + "?status=missing&vital=true",
            severity="danger",
            count=len(lacking),
        )
    ]
