"""What the home page asks of each person about tickets."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrbord.core.navigation import counted, register_attention

from .choices import SlaState, TicketStatus
from .models import QueueMember, Ticket, staff_organisation_ids


@register_attention
def my_tickets_waiting(request):
    """Everyone: tickets of mine that wait for my answer."""
    organisation = request.organisation
    if organisation is None:
        return []
    count = (
        Ticket.objects.in_organisation(organisation).filter(reporter=request.user, status=TicketStatus.WAITING).count()
    )
    return counted(
        count,
        ngettext(
            "%(count)d of your tickets waits for your answer",
            "%(count)d of your tickets wait for your answer",
            count,
        ),
        url=reverse("servicedesk:my_tickets"),
        severity="warning",
    )


@register_attention
def my_queue_deadlines(request):
    """Desk staff: breached and at-risk tickets assigned to me or in the queues I work."""
    organisation = request.organisation
    if organisation is None or organisation.pk not in staff_organisation_ids(request.user):
        return []
    mine = Q(assignee=request.user) | Q(queue__in=QueueMember.objects.filter(user=request.user).values("area_id"))
    tickets = Ticket.objects.in_organisation(organisation).open().filter(mine)
    url = reverse("servicedesk:my_work")
    breached = tickets.in_sla_state(SlaState.BREACHED).count()
    at_risk = tickets.in_sla_state(SlaState.AT_RISK).count()
    return counted(
        breached,
        ngettext(
            "%(count)d ticket of yours is past its resolution target",
            "%(count)d tickets of yours are past their resolution target",
            breached,
        ),
        url=url,
        severity="danger",
    ) + counted(
        at_risk,
        ngettext(
            "%(count)d ticket of yours is at risk of missing its target",
            "%(count)d tickets of yours are at risk of missing their target",
            at_risk,
        ),
        url=url,
        severity="warning",
    )


@register_attention
def requests_to_order(request):
    """Department heads and IT coordinators: service requests from their departments not yet ordered."""
    from styrbord.core.tenancy import access
    from styrbord.organisations.choices import Role

    organisation = request.organisation
    if organisation is None:
        return []
    paths = access(request.user).department_paths(organisation.pk, Role.DEPARTMENT_HEAD, Role.IT_COORDINATOR)
    if not paths:
        return []
    within = Q()
    for path in paths:
        within |= Q(department__path__startswith=path)
    count = (
        Ticket.objects.in_organisation(organisation)
        .filter(within, kind="request", order__isnull=True, service__isnull=False)
        .exclude(status__in=[TicketStatus.RESOLVED, TicketStatus.CLOSED])
        .count()
    )
    return counted(
        count,
        ngettext(
            "%(count)d service request from your departments waits to be ordered",
            "%(count)d service requests from your departments wait to be ordered",
            count,
        ),
        text=_("Open the request and order it for the department, or answer the employee."),
        url=reverse("servicedesk:my_tickets"),
        severity="warning",
    )
