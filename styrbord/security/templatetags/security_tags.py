"""The protection need on a system's page: ``{% load security_tags %}{% protection_need system %}``."""

from django import template
from django.utils import timezone

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
