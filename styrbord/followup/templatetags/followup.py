"""The hook on the service desk's staff ticket page: the ticket's outages and the form to record one."""

from django import template

from ..forms import OutageForm
from ..models import Outage

register = template.Library()


@register.inclusion_tag("followup/_ticket_outages.html", takes_context=True)
def ticket_outages(context, ticket):
    user = context["request"].user
    can_record = user.has_perm("followup.add_outage", ticket.organisation)
    return {
        "ticket": ticket,
        "outages": list(Outage.objects.filter(ticket=ticket).select_related("service", "level")),
        "can_record": can_record,
        "outage_form": OutageForm(ticket=ticket, user=user) if can_record else None,
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }
