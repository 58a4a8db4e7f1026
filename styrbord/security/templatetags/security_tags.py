"""The protection need on a system's page (``{% protection_need system %}``) and in the system list
(``{% protection_needs systems as needs %}`` … ``{{ needs|need_of:system }}``)."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from ..classification import NeedStatus, can_see, latest_adopted, status_of
from ..services import settings_for
from ..views import need_rows

register = template.Library()


@register.inclusion_tag("security/_protection_need.html", takes_context=True)
def protection_need(context, system):
    """Two queries: the latest adopted classification and the reminder setting."""
    request = context.get("request")
    user = getattr(request, "user", None)
    today = timezone.localdate()
    latest = latest_adopted([system], today).get(system.pk)
    status = status_of(latest, today, settings_for(system.organisation).review_reminder_days)
    visible = latest is None or (user is not None and can_see(user, latest))
    current = latest if status in (NeedStatus.CURRENT, NeedStatus.DUE) and visible else None
    return {
        "system": system,
        "status_label": NeedStatus(status).label,
        "restricted": not visible,
        "need": need_rows(current),
        "request": request,
    }


ASPECT_LETTERS = {
    "confidentiality": pgettext_lazy("confidentiality, one letter", "C"),
    "integrity": pgettext_lazy("integrity, one letter", "I"),
    "availability": pgettext_lazy("availability, one letter", "A"),
    "traceability": pgettext_lazy("traceability, one letter", "T"),
}


@register.simple_tag(takes_context=True)
def protection_needs(context, systems):
    """{system id: its protection need in short ("C2 I1 A3"), or its status}, for a list column.

    One query for the whole page; a restricted classification shows only that it is restricted.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    systems = list(systems)
    today = timezone.localdate()
    latest = latest_adopted(systems, today)
    result = {}
    for system in systems:
        found = latest.get(system.pk)
        status = status_of(found, today)
        if status not in (NeedStatus.CURRENT, NeedStatus.DUE):
            result[system.pk] = NeedStatus(status).label
            continue
        found.system = system
        if user is None or not can_see(user, found):
            result[system.pk] = _("restricted")
            continue
        levels = [
            f"{letter}{level}"
            for aspect, letter in ASPECT_LETTERS.items()
            if (level := found.need()[aspect]) is not None
        ]
        result[system.pk] = " ".join(levels)
    return result


@register.filter
def need_of(needs, system):
    return needs.get(system.pk, "")
