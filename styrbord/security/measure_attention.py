"""What the home page asks about the action plan: overdue actions, for their owner and the coordinator."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrbord.core.navigation import Attention, register_attention
from styrbord.core.tenancy import access
from styrbord.organisations.choices import Role

from .choices import OPEN_ACTION_STATUSES
from .models import ActionItem


def overdue_actions(organisation, today=None):
    today = today or timezone.localdate()
    return ActionItem.objects.in_organisation(organisation).filter(status__in=OPEN_ACTION_STATUSES, due_date__lt=today)


@register_attention
def my_overdue_actions(request):
    organisation = request.organisation
    if organisation is None or not request.user.is_authenticated:
        return []
    count = overdue_actions(organisation).filter(owner=request.user).count()
    if not count:
        return []
    return [
        Attention(
            title=ngettext(
                "%(count)d security action of yours is overdue",
                "%(count)d security actions of yours are overdue",
                count,
            )
            % {"count": count},
            text=_("Carry them out, or agree on a new due date."),
            url=reverse("security:action_list") + f"?owner={request.user.pk}&overdue=true",
            severity="danger",
            count=count,
        )
    ]


@register_attention
def overdue_actions_for_coordinator(request):
    organisation = request.organisation
    if organisation is None or not access(request.user).has_role(organisation.pk, Role.SECURITY_COORDINATOR):
        return []
    count = overdue_actions(organisation).count()
    if not count:
        return []
    return [
        Attention(
            title=ngettext(
                "%(count)d action of the security action plan is overdue",
                "%(count)d actions of the security action plan are overdue",
                count,
            )
            % {"count": count},
            url=reverse("security:action_list") + "?overdue=true",
            severity="warning",
            count=count,
        )
    ]
