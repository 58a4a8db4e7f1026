"""The generator at a tiny scale: counts, consistent SLA figures, tenants kept apart, pages that work,
the system register and the CMDB."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import reverse
from rest_framework.test import APIClient

from styrbord.finance.models import Subscription
from styrbord.infra.models import ConfigurationItem, ItemRelation, ItemService, ItemType
from styrbord.organisations.models import Membership, Organisation, User
from styrbord.servicedesk import clock as sla_clock
from styrbord.servicedesk.choices import OPEN_STATUSES, TicketStatus
from styrbord.servicedesk.models import Comment, SurveyAnswer, Ticket
from styrbord.servicedesk.sla import ClockCache
from styrbord.systems.models import Integration, ManagementPlan, Meeting, System, SystemItem, SystemRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(db, settings):
    settings.LANGUAGE_CODE = "en"
    call_command("generate", scale="XS", seed=3, verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return list(Organisation.objects.order_by("pk"))


def test_counts(generated):
    assert len(generated) == 2
    assert Ticket.objects.count() == 240
    assert Ticket.history.count() == 240
    assert Ticket.objects.filter(status__in=OPEN_STATUSES).exists()
    assert Ticket.objects.filter(status=TicketStatus.CLOSED).exists()
    assert Comment.objects.count() > 240
    assert SurveyAnswer.objects.filter(score__isnull=False).exists()
    assert Subscription.objects.filter(organisation=generated[0]).exists()
    # Tickets spread by size: the larger municipality has more.
    assert (
        Ticket.objects.filter(organisation=generated[0]).count()
        > Ticket.objects.filter(organisation=generated[1]).count()
    )


def test_refuses_a_database_with_data(generated):
    with pytest.raises(CommandError):
        call_command("generate", scale="XS", verbosity=0)


def test_sla_figures_agree_with_the_clock(generated):
    clocks = ClockCache()
    settled = Ticket.objects.filter(resolved_at__isnull=False, level__isnull=False).select_related("level__calendar")
    assert settled.exists()
    for ticket in settled:
        response, resolution = sla_clock.targets_for(ticket.level, ticket.priority)
        clock = clocks(ticket.level.calendar)
        assert ticket.respond_by == clock.add(ticket.reported_at, response * 60)
        assert ticket.resolution_met == (ticket.resolution_consumed_seconds <= resolution * 60)
        assert ticket.resolution_business_minutes == ticket.resolution_consumed_seconds // 60
        assert (
            abs(clock.seconds_between(ticket.reported_at, ticket.resolved_at) - ticket.resolution_consumed_seconds) <= 1
        )
        assert ticket.response_met == (ticket.first_response_at <= ticket.respond_by)
    running = Ticket.objects.open().filter(sla_paused_at__isnull=True, level__isnull=False)
    assert all(ticket.resolve_by is not None for ticket in running)
    assert Ticket.objects.filter(resolution_met=False).exists()


def test_tenants_apart_and_pages_work(generated, client):
    first, second = generated
    head = User.objects.filter(role_assignments__organisation=first, role_assignments__role="it_head").first()
    visible = Ticket.objects.restrict(head)
    assert visible.exists()
    assert not visible.filter(organisation=second).exists()
    client.force_login(head)
    response = client.get(reverse("servicedesk:queue"))
    assert response.status_code == 200
    api = APIClient()
    api.force_authenticate(head)
    listing = api.get("/api/servicedesk/tickets/")
    assert listing.status_code == 200
    assert listing.json()["count"] == visible.count()
    ticket = visible.filter(status=TicketStatus.CLOSED).first()
    assert client.get(reverse("servicedesk:ticket_detail", args=[ticket.pk])).status_code == 200
    employee = User.objects.filter(memberships__organisation=first, role_assignments__isnull=True).first()
    client.force_login(employee)
    assert client.get(reverse("servicedesk:my_tickets")).status_code == 200


def test_system_register_and_cmdb(generated, client):
    """Systems and items in every municipality, valid as if entered by a person, kept within it."""
    for organisation in generated:
        systems = System.objects.filter(organisation=organisation)
        items = ConfigurationItem.objects.filter(organisation=organisation)
        assert systems.count() >= 6
        assert items.filter(item_type__code__in=["laptop", "desktop"], assigned_to__isnull=False).exists()
        assert items.filter(item_type__code="virtual_server").exists()
        assert ItemType.objects.filter(organisation=organisation).exists()
        assert not items.exclude(item_type__organisation=organisation).exists()
        assert not systems.exclude(owner_department__organisation=organisation).exists()
        # A computer for roughly every second employee.
        employees = Membership.objects.filter(organisation=organisation, user__role_assignments__isnull=True).count()
        computers = items.filter(item_type__code__in=["laptop", "desktop"], status="in_use").count()
        assert employees * 0.3 <= computers <= employees * 0.8
    assert System.history.count() == System.objects.count()
    assert ConfigurationItem.history.count() == ConfigurationItem.objects.count()
    # Roles go to members of the system's municipality.
    roles = SystemRole.objects.select_related("person")
    assert roles.filter(kind="owner").exists()
    for role in roles:
        assert Membership.objects.filter(user=role.person, organisation=role.organisation).exists()
    # Relations and links stay within the municipality.
    assert ItemRelation.objects.exists() and SystemItem.objects.exists() and ItemService.objects.exists()
    assert not ItemRelation.objects.exclude(target__organisation=F("source__organisation")).exists()
    assert not ItemService.objects.exclude(service__organisation=F("item__organisation")).exists()
    assert not SystemItem.objects.exclude(item__organisation=F("system__organisation")).exists()
    assert not Integration.objects.exclude(target__organisation=F("source__organisation")).exists()
    assert (
        not ConfigurationItem.objects.filter(assigned_to__isnull=False)
        .exclude(assigned_to__memberships__organisation=F("organisation"))
        .exists()
    )
    # A sample passes the models' validation, as if entered by a person.
    samples = [
        *System.objects.all(),
        *SystemRole.objects.all()[:20],
        *ManagementPlan.objects.all()[:5],
        *Meeting.objects.all()[:5],
        *SystemItem.objects.all()[:10],
        *Integration.objects.all()[:5],
        *ConfigurationItem.objects.order_by("?")[:60],
        *ItemRelation.objects.all()[:20],
        *ItemService.objects.all()[:10],
    ]
    for sample in samples:
        sample.full_clean()


def test_register_pages_open_with_generated_data(generated, client):
    first, second = generated
    head = User.objects.filter(role_assignments__organisation=first, role_assignments__role="it_head").first()
    staff = User.objects.filter(role_assignments__organisation=first, role_assignments__role="it_staff").first()
    client.force_login(head)
    response = client.get(reverse("systems:system_list"))
    assert response.status_code == 200
    names = set(System.objects.filter(organisation=first).values_list("name", flat=True))
    assert {system.name for system in response.context["systems"]} == names
    system = System.objects.filter(organisation=first, item_links__isnull=False).first()
    assert client.get(reverse("systems:system_detail", args=[system.pk])).status_code == 200
    client.force_login(staff)
    response = client.get(reverse("infra:item_list"))
    assert response.status_code == 200
    assert ConfigurationItem.objects.filter(organisation=first).first().name.split("-")[0] in response.content.decode()
    other = ConfigurationItem.objects.filter(organisation=second).first()
    assert client.get(reverse("infra:item_detail", args=[other.pk])).status_code == 404
    item = ConfigurationItem.objects.filter(organisation=first, relations_out__isnull=False).first()
    assert client.get(reverse("infra:item_detail", args=[item.pk])).status_code == 200


def test_past_months_are_charged_as_the_monthly_task_leaves_them(generated):
    from django.utils import timezone

    from styrbord.finance.charging import previous_month
    from styrbord.finance.models import ChargeLine
    from styrbord.finance.reports import cost_entries
    from styrbord.finance.services import charged_months

    today = timezone.localdate()
    last = previous_month(today.year, today.month)
    for organisation in generated:
        charged = charged_months(organisation)
        assert charged[0] == (today.year - 1, 1) and charged[-1] == last
        assert len(charged) == 12 + last[1]
        assert not ChargeLine.objects.filter(organisation=organisation, year=today.year, month=today.month).exists()
        # Last year's costs come from the lines: no month of it is a forecast.
        entries, months, _missing = cost_entries(organisation, today.year - 1)
        assert months == set(range(1, 13)) and entries and not any(entry.forecast for entry in entries)
