from styrbord.core.testing import IT_HEAD, ApiRow, PageRow
from styrbord.followup import services
from styrbord.followup.choices import FROZEN_READERS, OUTAGE_RECORDERS, READERS
from styrbord.followup.models import AnnualReport, Outage
from styrbord.servicedesk import services as desk

from .factories import at

REPORT_READERS = frozenset(role.value for role in READERS)
LIST_READERS = REPORT_READERS | frozenset(role.value for role in FROZEN_READERS)
RECORDERS = frozenset(role.value for role in OUTAGE_RECORDERS)


def a_report(world):
    return AnnualReport.objects.filter(organisation=world.org, year=2025).first() or services.create_report(
        acting_user=None, organisation=world.org, year=2025
    )


def a_ticket(world):
    from styrbord.servicedesk.models import Ticket

    return Ticket.objects.filter(organisation=world.org).first() or desk.create_ticket(
        acting_user=world.users["employee"],
        organisation=world.org,
        reporter=world.users["employee"],
        title="Servern svarar inte",
        department=world.unit,
        notify=False,
    )


def a_service(world):
    from styrbord.finance.tests.factories import make_catalog

    return make_catalog(world.org).server


def an_outage(world):
    return Outage.objects.filter(organisation=world.org).first() or services.record_outage(
        acting_user=None, ticket=a_ticket(world), service=a_service(world), starts_at=at(2025, 3, 1, 10), ends_at=None
    )


ROWS = [
    PageRow("followup:report_list", read=LIST_READERS),
    PageRow("followup:report_create", read=IT_HEAD),
    PageRow("followup:report_detail", read=REPORT_READERS, args=lambda w: [a_report(w).pk]),
    PageRow("followup:report_assessment", read=IT_HEAD, args=lambda w: [a_report(w).pk, "economy"]),
    PageRow("followup:report_freeze", read=IT_HEAD, args=lambda w: [a_report(w).pk]),
    PageRow("followup:report_xlsx", read=REPORT_READERS, args=lambda w: [a_report(w).pk]),
    PageRow("followup:outage_create", read=RECORDERS, args=lambda w: [a_ticket(w).pk]),
    PageRow("followup:outage_edit", read=RECORDERS, args=lambda w: [an_outage(w).pk]),
    ApiRow(
        "followup-api:report",
        obj=a_report,
        read=REPORT_READERS,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, obj: {"assessment_economy": "Budgeten hölls."},
        create_payload=lambda w: {"organisation": w.org.pk, "year": 2024},
    ),
    ApiRow(
        "followup-api:outage",
        obj=an_outage,
        read=RECORDERS,
        change=RECORDERS,
        create=RECORDERS,
        patch=lambda w, obj: {"note": "Strömavbrott"},
        create_payload=lambda w: {
            "ticket": a_ticket(w).pk,
            "service": a_service(w).pk,
            "starts_at": "2025-03-02T10:00:00+01:00",
            "ends_at": "2025-03-02T11:00:00+01:00",
        },
    ),
]
