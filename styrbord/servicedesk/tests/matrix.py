"""The service desk's rows of the authorization matrix (see core/tests/test_matrix.py).

Pages of one ticket answer 404 to a member who may not read the ticket, which the page rows
cannot express; test_pages.py runs them for every role instead.
"""

from styrbord.catalog.models import CompetenceArea
from styrbord.core.testing import IT_HEAD, MEMBERS, ApiRow, PageRow, unique

from .builders import STAFF, catalogue, plan, ticket

# A ticket reported by the employee in world.unit: read by the desk staff, the reporter and the head of
# the branch above the unit; nobody else (employees do not see colleagues' tickets unless the desk
# settings say so).
TICKET_READERS = STAFF | {"employee", "department_head"}


def _ticket(world):
    return ticket(world, service=catalogue(world.org).service)


def _queue(world):
    return CompetenceArea.objects.create(organisation=world.org, name=unique("Nätverk "), code=unique("net"))


ROWS = [
    PageRow("servicedesk:my_tickets"),
    PageRow("servicedesk:report"),
    PageRow("servicedesk:request"),
    PageRow("servicedesk:planned_maintenance"),
    PageRow("servicedesk:queue", read=STAFF),
    PageRow("servicedesk:my_work", read=STAFF),
    PageRow("servicedesk:ticket_create", read=STAFF),
    PageRow("servicedesk:queue_members", read=STAFF),
    PageRow("servicedesk:desk_settings", read=IT_HEAD),
    PageRow("servicedesk:plan_list", read=STAFF),
    PageRow("servicedesk:plan_create", read=STAFF),
    PageRow("servicedesk:plan_detail", read=STAFF, args=lambda w: [plan(w).pk]),
    PageRow("servicedesk:plan_edit", read=STAFF, args=lambda w: [plan(w).pk]),
    PageRow("servicedesk:plan_history", read=STAFF, args=lambda w: [plan(w).pk]),
    ApiRow(
        "servicedesk-api:ticket",
        obj=_ticket,
        read=TICKET_READERS,
        change=STAFF,
        create=MEMBERS,
        patch=lambda w, o: {"title": o.title},
        create_payload=lambda w: {
            "kind": "incident",
            "title": "Skärmen är svart",
            "description": "Datorn startar men skärmen är svart.",
            "service": catalogue(w.org).service.pk,
            "department": w.unit.pk,
            "impact": 2,
            "urgency": 2,
        },
    ),
    ApiRow("servicedesk-api:queue", obj=_queue, read=STAFF),
    ApiRow(
        "servicedesk-api:maintenanceplan",
        obj=plan,
        read=STAFF,
        change=STAFF,
        create=STAFF,
        patch=lambda w, o: {"title": o.title},
        create_payload=lambda w: {
            "organisation": w.org.pk,
            "title": "Kontrollera UPS",
            "queue": _queue(w).pk,
            "recurrence": "monthly_day",
            "day_of_month": 15,
            "starts_on": "2027-01-01",
        },
    ),
]
