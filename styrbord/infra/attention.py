"""What the home page asks of the CMDB's maintainers."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrbord.core.navigation import Attention, register_attention

from .models import ConfigurationItem
from .reconciliation import COUNTED_STATUSES


@register_attention
def unassigned_devices(request):
    """Charged devices in use without a department cannot be charged to anyone."""
    organisation = request.organisation
    if organisation is None or not request.user.has_perm("infra.change_configurationitem", organisation):
        return []
    count = (
        ConfigurationItem.objects.in_organisation(organisation)
        .filter(item_type__charged_as_service__isnull=False, status__in=COUNTED_STATUSES, department__isnull=True)
        .count()
    )
    if not count:
        return []
    return [
        Attention(
            title=ngettext(
                "%(count)d charged device has no department", "%(count)d charged devices have no department", count
            )
            % {"count": count},
            text=_("It cannot be charged until it is assigned to a department."),
            url=reverse("infra:reconciliation"),
            severity="warning",
            count=count,
        )
    ]
