"""What the home page asks of each role in finance."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrbord.core.navigation import Attention, register_attention
from styrbord.core.tenancy import access
from styrbord.organisations.choices import Role

from .charging import previous_month
from .choices import DEPARTMENT_ROLES, RoundStatus
from .models import BudgetNeed, BudgetRound, NoNeedsStatement, Order, Subscription
from .services import closed_until, month_label


@register_attention
def orders_to_approve(request):
    organisation = request.organisation
    if organisation is None:
        return []
    count = Order.objects.awaiting(request.user, organisation).count()
    if not count:
        return []
    return [
        Attention(
            title=ngettext("%(count)d order awaits your approval", "%(count)d orders await your approval", count)
            % {"count": count},
            url=reverse("finance:approvals"),
            severity="warning",
            count=count,
        )
    ]


@register_attention
def needs_to_enter(request):
    """A department head or coordinator whose departments have not answered an open round: no needs
    entered, and no "no needs" answer for or within them."""
    organisation = request.organisation
    if organisation is None:
        return []
    paths = access(request.user).department_paths(organisation.pk, *DEPARTMENT_ROLES)
    if not paths:
        return []
    today = timezone.localdate()
    items = []
    rounds = BudgetRound.objects.in_organisation(organisation).filter(status=RoundStatus.OPEN, deadline__gte=today)
    mine = Q(pk__in=[])
    for path in paths:
        mine |= Q(department__path__startswith=path)
    for budget_round in rounds:
        answered = (
            BudgetNeed.objects.filter(mine, round=budget_round).exists()
            or NoNeedsStatement.objects.filter(mine, round=budget_round).exists()
        )
        if not answered:
            items.append(
                Attention(
                    title=_("Budget round %(year)s: enter your planned IT needs by %(deadline)s")
                    % {"year": budget_round.year, "deadline": budget_round.deadline},
                    text=_(
                        "Check the forecast of your departments and add new services or changes in volume, "
                        "or record that there are none."
                    ),
                    url=budget_round.get_absolute_url(),
                    severity="info",
                )
            )
    return items


@register_attention
def month_to_close(request):
    """Finance: last month has ended and is not closed yet."""
    organisation = request.organisation
    if organisation is None or not access(request.user).has_role(organisation.pk, Role.FINANCE):
        return []
    today = timezone.localdate()
    last = previous_month(today.year, today.month)
    watermark = closed_until(organisation)
    if watermark is not None and watermark >= last:
        return []
    if not Subscription.objects.in_organisation(organisation).exists():
        return []
    return [
        Attention(
            title=_("%(month)s is not closed") % {"month": month_label(*last)},
            text=_("Run the month, check the charges and close it, so that the internal invoicing can be exported."),
            url=f"{reverse('finance:month_list')}?year={last[0]}",
            severity="warning",
        )
    ]
