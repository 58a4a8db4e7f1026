"""What the home page asks of contract owners and the head of IT: notice dates that come close."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrbord.core.navigation import Attention, register_attention
from styrbord.core.tenancy import access
from styrbord.organisations.choices import Role

from .models import Contract, settings_for


def due_contracts(organisation, today=None):
    """Contracts still running whose last notice date is within the organisation's reminder window."""
    today = today or timezone.localdate()
    rules = settings_for(organisation)
    return (
        Contract.objects.in_organisation(organisation)
        .filter(
            notice_given_on__isnull=True,
            start_date__lte=today,
            notice_date__gte=today,
            notice_date__lte=today + timedelta(days=rules.window),
        )
        .order_by("notice_date"),
        rules,
    )


def _item(contracts, rules, today, title):
    soonest = contracts[0]
    second = rules.thresholds[-1] if rules.thresholds else 0
    urgent = (soonest.notice_date - today).days <= second
    return Attention(
        title=title,
        text=_("The first: %(contract)s, by %(day)s.")
        % {"contract": soonest, "day": f"{soonest.notice_date:%Y-%m-%d}"},
        url=soonest.get_absolute_url()
        if len(contracts) == 1
        else reverse("sourcing:contract_list") + "?status=notice_due",
        severity="danger" if urgent else "warning",
        count=len(contracts),
    )


@register_attention
def contracts_to_give_notice(request):
    organisation = request.organisation
    if organisation is None:
        return []
    today = timezone.localdate()
    contracts, rules = due_contracts(organisation, today)
    items = []
    mine = list(contracts.filter(owner=request.user))
    if mine:
        items.append(
            _item(
                mine,
                rules,
                today,
                ngettext(
                    "Decide about notice for %(count)d contract you own",
                    "Decide about notice for %(count)d contracts you own",
                    len(mine),
                )
                % {"count": len(mine)},
            )
        )
    if access(request.user).has_role(organisation.pk, Role.IT_HEAD):
        others = list(contracts.exclude(owner=request.user))
        if others:
            items.append(
                _item(
                    others,
                    rules,
                    today,
                    ngettext(
                        "The last notice date of %(count)d contract is near",
                        "The last notice dates of %(count)d contracts are near",
                        len(others),
                    )
                    % {"count": len(others)},
                )
            )
    return items
