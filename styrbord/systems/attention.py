"""What the home page asks of the head of IT, system managers and system owners."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrbord.core.navigation import Attention, register_attention
from styrbord.core.tenancy import access
from styrbord.organisations.choices import Role

from . import compliance
from .access import system_roles
from .choices import MeetingStatus, PlanStatus, RoleKind
from .models import ManagementPlan, Meeting, System, settings_for


@register_attention
def vital_systems_with_gaps(request):
    organisation = request.organisation
    if organisation is None or not access(request.user).has_role(organisation.pk, Role.IT_HEAD):
        return []
    gaps = [e for e in compliance.organisation_quality(organisation)[0] if not e.met]
    if not gaps:
        return []
    return [
        Attention(
            title=ngettext(
                "%(count)d vital system does not meet the management rules",
                "%(count)d vital systems do not meet the management rules",
                len(gaps),
            )
            % {"count": len(gaps)},
            text=_("Roles, an approved plan for this year or management meetings are missing."),
            url=reverse("systems:compliance"),
            severity="warning",
            count=len(gaps),
        )
    ]


def _names(systems, limit=5):
    names = [system.name for system in systems[:limit]]
    if len(systems) > limit:
        names.append("…")
    return ", ".join(names)


@register_attention
def my_managed_systems(request):
    """A system manager: next year's plan is due; a vital system has had no meeting for too long."""
    organisation = request.organisation
    roles = system_roles(request.user)
    if organisation is None or not roles.system_ids(RoleKind.MANAGER):
        return []
    systems = compliance.managed(System.objects.in_organisation(organisation)).filter(
        pk__in=roles.system_ids(RoleKind.MANAGER)
    )
    today = timezone.localdate()
    facts = list(compliance.gather(systems.order_by("name"), today).values())
    rules = settings_for(organisation)
    items = []
    due, lacking = compliance.plans_due(facts, rules, today)
    if lacking:
        items.append(
            Attention(
                title=_("The management plan for %(year)d is due by %(date)s") % {"year": due.year + 1, "date": due},
                text=_("Not yet submitted for: %(systems)s") % {"systems": _names(lacking)},
                url=lacking[0].get_absolute_url() if len(lacking) == 1 else reverse("systems:plan_list"),
                severity="danger" if today > due else "warning",
                count=len(lacking),
            )
        )
    quiet = compliance.without_meetings(facts, rules, today)
    if quiet:
        items.append(
            Attention(
                title=ngettext(
                    "No management meeting for %(months)d month",
                    "No management meeting for %(months)d months",
                    rules.months_without_meeting,
                )
                % {"months": rules.months_without_meeting},
                text=_("Call a meeting for: %(systems)s") % {"systems": _names(quiet)},
                url=quiet[0].get_absolute_url(),
                severity="warning",
                count=len(quiet),
            )
        )
    return items


@register_attention
def awaiting_my_approval(request):
    """A system owner: plans and minutes that wait for their approval."""
    organisation = request.organisation
    roles = system_roles(request.user)
    if organisation is None or not (roles.system_ids(RoleKind.OWNER) or roles.object_ids(RoleKind.OWNER)):
        return []
    mine = Q(system_id__in=roles.system_ids(RoleKind.OWNER)) | Q(
        management_object_id__in=roles.object_ids(RoleKind.OWNER)
    )
    items = []
    plans = list(ManagementPlan.objects.in_organisation(organisation).filter(mine, status=PlanStatus.SUBMITTED)[:20])
    for plan in plans:
        items.append(
            Attention(
                title=_("%(plan)s awaits your approval") % {"plan": plan},
                url=plan.get_absolute_url(),
                severity="warning",
            )
        )
    minutes = (
        Meeting.objects.in_organisation(organisation)
        .filter(mine, status=MeetingStatus.HELD, minutes_approved_on__isnull=True)
        .exclude(minutes="")
    )
    count = minutes.count()
    if count:
        items.append(
            Attention(
                title=ngettext(
                    "The minutes of %(count)d meeting await your approval",
                    "The minutes of %(count)d meetings await your approval",
                    count,
                )
                % {"count": count},
                url=reverse("systems:meeting_list") + "?status=held",
                severity="info",
                count=count,
            )
        )
    return items
