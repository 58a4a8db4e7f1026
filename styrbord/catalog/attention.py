"""What the home page asks of the head of IT about the price lists of the budget process."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from styrbord.core.navigation import Attention, register_attention
from styrbord.core.tenancy import access
from styrbord.organisations.choices import Role

from .models import PriceList


@register_attention
def price_lists(request):
    organisation = request.organisation
    if organisation is None or not access(request.user).has_role(organisation.pk, Role.IT_HEAD):
        return []
    year = timezone.localdate().year
    lists = {
        price_list.year: price_list
        for price_list in PriceList.objects.filter(organisation=organisation, year__in=[year, year + 1])
    }
    items = []
    current = lists.get(year)
    if current is None or not current.is_published:
        items.append(
            Attention(
                title=_("No published price list for %(year)s") % {"year": year},
                text=_("Departments cannot be charged without this year's prices."),
                url=current.get_absolute_url() if current else reverse("catalog:price_list_create"),
                severity="danger",
            )
        )
    upcoming = lists.get(year + 1)
    if upcoming is None:
        items.append(
            Attention(
                title=_("No price list for %(year)s yet") % {"year": year + 1},
                text=_("Next year's prices are part of the budget process: copy this year's list to start."),
                url=reverse("catalog:price_list_create") + (f"?source={current.pk}" if current else ""),
                severity="info",
            )
        )
    elif not upcoming.is_published:
        items.append(
            Attention(
                title=_("The price list for %(year)s is a draft") % {"year": year + 1},
                text=_("Publish it when the budget is decided."),
                url=upcoming.get_absolute_url(),
                severity="info",
            )
        )
    return items
