"""Who may read and change tickets, their replies, files and time, queues, plans and desk settings.

Reading a ticket follows ``models.ticket_visibility`` (the same rule as ``Ticket.objects.restrict``):
desk staff (head of IT, support lead, IT staff) read every ticket of their organisation; the
reporter their own; a department head the tickets of their departments; an employee their
department's tickets when the desk settings allow it. Staff change anything. The reporter may
reply, reopen a resolved ticket and add files to their own open tickets. Nobody but staff
assigns, changes priority or status, records time or writes internal notes.
"""

import rules

from styrbord.core.predicates import has_role, is_member
from styrbord.core.tenancy import access
from styrbord.organisations.choices import Role

from .choices import TicketStatus
from .models import DESK_STAFF_ROLES

is_desk_staff = has_role(*DESK_STAFF_ROLES)
is_it_head = has_role(Role.IT_HEAD)
leads_desk = has_role(Role.IT_HEAD, Role.SUPPORT_LEAD)


def _ticket(obj):
    """The ticket an object belongs to (the ticket itself, a reply, a file, a time entry)."""
    return getattr(obj, "ticket", obj)


@rules.predicate
def is_reporter(user, obj=None):
    ticket = _ticket(obj)
    return ticket is not None and getattr(ticket, "reporter_id", None) == user.pk


@rules.predicate
def heads_ticket_department(user, obj=None):
    ticket = _ticket(obj)
    return ticket is not None and access(user).covers_department(ticket.department, Role.DEPARTMENT_HEAD)


@rules.predicate
def sees_department_tickets(user, obj=None):
    """The desk settings let employees read their own department's tickets, and this is one."""
    from styrbord.organisations.models import Membership

    ticket = _ticket(obj)
    if ticket is None or ticket.department_id is None:
        return False
    return Membership.objects.filter(
        user=user,
        organisation_id=ticket.organisation_id,
        department_id=ticket.department_id,
        is_active=True,
        organisation__desk_settings__employees_see_department_tickets=True,
    ).exists()


@rules.predicate
def is_public(user, obj=None):
    """A public reply or file (the reporter sees it), not an internal note or file."""
    return bool(getattr(obj, "is_public", False))


@rules.predicate
def is_closed(user, obj=None):
    return _ticket(obj) is not None and _ticket(obj).status == TicketStatus.CLOSED


@rules.predicate
def is_resolved(user, obj=None):
    return _ticket(obj) is not None and _ticket(obj).status == TicketStatus.RESOLVED


reads_ticket = is_member & (is_desk_staff | is_reporter | heads_ticket_department | sees_department_tickets)
reporter_of_open_ticket = is_member & is_reporter & ~is_closed

rules.add_perm("servicedesk.view_ticket", reads_ticket)
rules.add_perm("servicedesk.add_ticket", is_member)
rules.add_perm("servicedesk.change_ticket", is_desk_staff)
rules.add_perm("servicedesk.assign_ticket", is_desk_staff)
rules.add_perm("servicedesk.log_ticket", is_desk_staff)  # on behalf of someone, at an earlier time
rules.add_perm("servicedesk.reply_ticket", is_desk_staff | reporter_of_open_ticket)
rules.add_perm("servicedesk.reopen_ticket", (is_desk_staff | (is_member & is_reporter)) & is_resolved)
rules.add_perm("servicedesk.attach_ticket", is_desk_staff | reporter_of_open_ticket)
rules.add_perm("servicedesk.view_internal", is_desk_staff)  # internal notes and files, time, history
rules.add_perm("servicedesk.add_note", is_desk_staff)
rules.add_perm("servicedesk.record_time", is_desk_staff)

rules.add_perm("servicedesk.view_comment", is_desk_staff | (reads_ticket & is_public))
rules.add_perm("servicedesk.view_attachment", is_desk_staff | (reads_ticket & is_public))
rules.add_perm("servicedesk.view_timeentry", is_desk_staff)

rules.add_perm("servicedesk.view_queue", is_desk_staff)
rules.add_perm("servicedesk.view_queuemember", is_desk_staff)
rules.add_perm("servicedesk.change_queuemember", leads_desk)

rules.add_perm("servicedesk.view_maintenanceplan", is_desk_staff)
rules.add_perm("servicedesk.add_maintenanceplan", is_desk_staff)
rules.add_perm("servicedesk.change_maintenanceplan", is_desk_staff)
rules.add_perm("servicedesk.delete_maintenanceplan", is_desk_staff)

rules.add_perm("servicedesk.change_desksettings", is_it_head)


@rules.predicate
def can_order_request(user, ticket=None):
    """An open service request not yet ordered, by someone who orders for its department."""
    return (
        ticket is not None
        and ticket.kind == "request"
        and ticket.order_id is None
        and ticket.service_id is not None
        and ticket.department_id is not None
        and ticket.status in ("new", "assigned", "in_progress", "waiting")
        and user.has_perm("finance.add_order", ticket.department)
    )


rules.add_perm("servicedesk.order_ticket", reads_ticket & can_order_request)
