"""Demo: outages on some demo fault reports, last year's follow-up frozen with the head of IT's
assessments, this year's live (and, for the cooperation's host, this year's cooperation report).

Runs after every app whose figures the report shows (order 100); idempotent.
"""

from datetime import timedelta
from pathlib import Path

import yaml
from django.utils import timezone

from styrbord.core.demo import demo_loader
from styrbord.organisations.choices import Role
from styrbord.organisations.models import RoleAssignment
from styrbord.servicedesk.choices import TicketKind
from styrbord.servicedesk.models import Ticket

from . import services
from .models import AnnualReport, Outage

DATA = Path(__file__).parent / "data" / "demo.yaml"


def say(context, message):
    if context.get("stdout") is not None:
        context["stdout"].write(message)


def it_head(organisation):
    assignment = (
        RoleAssignment.objects.filter(organisation=organisation, role=Role.IT_HEAD).select_related("user").first()
    )
    return assignment.user if assignment else None


def record_outages(organisation, specs, user, now):
    if Outage.objects.filter(organisation=organisation).exists():
        return 0
    tickets = list(
        Ticket.objects.filter(
            organisation=organisation, kind=TicketKind.INCIDENT, service__isnull=False, service__levels__isnull=False
        )
        .distinct()
        .order_by("reported_at", "pk")[: len(specs) * 5 : 5]
    )
    for spec, ticket in zip(specs, tickets, strict=False):
        starts = now - timedelta(days=spec["days_ago"])
        services.record_outage(
            acting_user=user,
            ticket=ticket,
            starts_at=starts,
            ends_at=starts + timedelta(hours=spec["hours"]),
            planned=spec["planned"],
        )
    return min(len(specs), len(tickets))


@demo_loader(order=100)
def load(context):
    organisations = context.get("organisations") or {}
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    now = timezone.now()
    year = timezone.localdate().year
    for organisation in organisations.values():
        user = it_head(organisation)
        recorded = record_outages(organisation, data["outages"], user, now)
        reports = AnnualReport.objects.filter(organisation=organisation)
        if not reports.filter(year=year - 1, covers_cooperation=False).exists():
            last = services.create_report(
                acting_user=user, organisation=organisation, year=year - 1, **data["assessments"]
            )
            services.freeze_report(last, acting_user=user)
        if not reports.filter(year=year, covers_cooperation=False).exists():
            services.create_report(acting_user=user, organisation=organisation, year=year)
        serves = organisation.served_organisations.exists() and not organisation.served_by_id
        if serves and not reports.filter(year=year, covers_cooperation=True).exists():
            services.create_report(acting_user=user, organisation=organisation, year=year, covers_cooperation=True)
        say(
            context, f"Follow-up demo: {organisation.name}: {recorded} outages, reports {year - 1} (frozen) and {year}."
        )
