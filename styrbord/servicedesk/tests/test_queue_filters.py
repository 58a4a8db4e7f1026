"""The queue's filter form stays small: only the organisation's rows, assignees among its desk staff."""

import pytest
from django.urls import reverse

from styrbord.core.middleware import SESSION_KEY
from styrbord.core.testing import make_person
from styrbord.organisations import services as org_services
from styrbord.servicedesk import services
from styrbord.servicedesk.models import Ticket

from .builders import (
    catalogue,
    english,  # noqa: F401  (autouse: pages in English)
    ticket,
)

pytestmark = pytest.mark.django_db


def option(value):
    return f'<option value="{value}"'


def test_queue_filters_offer_only_the_organisations_desk_staff_and_rows(world, client_as):
    cat = catalogue(world.org)
    foreign = catalogue(world.other_org)
    staff = world.users["it_staff"]
    # Also a member (not staff) of the other organisation: its people and rows are visible to them.
    org_services.add_membership(acting_user=None, user=staff, organisation=world.other_org)
    outsider = make_person(world.org, department=world.unit)
    client = client_as("it_staff")
    session = client.session
    session[SESSION_KEY] = world.org.pk
    session.save()
    shown = client.get(reverse("servicedesk:queue")).content.decode()
    assignee_select = shown.split('name="assignee"')[1].split("</select>")[0]
    assert option(staff.pk) in assignee_select and option(world.users["support_lead"].pk) in assignee_select
    for person in (outsider, world.users["employee"], world.users["finance"], world.users["stranger"]):
        assert option(person.pk) not in shown, person
    assert option(cat.area.pk) in shown.split('name="queue"')[1].split("</select>")[0]
    assert option(foreign.area.pk) not in shown.split('name="queue"')[1].split("</select>")[0]
    assert option(foreign.service.pk) not in shown.split('name="service"')[1].split("</select>")[0]
    departments = shown.split('name="department"')[1].split("</select>")[0]
    assert option(world.unit.pk) in departments and option(world.foreign_department.pk) not in departments
    assert '<input type="hidden" name="reporter"' in shown and 'name="reporter_name"' in shown


def test_queue_filters_by_reporter_id_and_by_reporter_text(world, client_as):
    anna = make_person(world.org, department=world.unit, username="asv", first_name="Anna", last_name="Svensson")
    hers = ticket(world, reporter=anna)
    other = ticket(world)
    client = client_as("it_staff")

    def listed(**params):
        response = client.get(reverse("servicedesk:queue"), params)
        return {t.pk for t in response.context["object_list"]}, response.content.decode()

    by_id, shown = listed(reporter=anna.pk)
    assert by_id == {hers.pk}
    assert f'name="reporter" value="{anna.pk}"' in shown and "Anna Svensson" in shown
    assert listed(reporter_name="anna svens")[0] == {hers.pk}
    assert listed(reporter_name="ASV")[0] == {hers.pk}
    assert listed(reporter_name=anna.email.upper())[0] == {hers.pk}
    assert listed(reporter_name="nobody-like-this")[0] == set()
    assert other.pk in listed()[0]


def test_api_filters_by_reporter_still_by_id(world, api_as):
    mine = ticket(world)
    ticket(world, reporter="department_head")
    client = api_as("it_staff")
    body = client.get("/api/servicedesk/tickets/", {"reporter": world.users["employee"].pk}).json()
    assert {row["id"] for row in body["results"]} == {mine.pk}
    assert client.get("/api/servicedesk/tickets/", {"reporter": world.users["stranger"].pk}).status_code == 400


def test_visibility_of_staff_everywhere_is_their_organisations_and_otherwise_unchanged(world):
    staff = world.users["it_staff"]
    theirs = ticket(world)
    assert set(Ticket.objects.restrict(staff)) == {theirs}
    # Staff here, a plain member there: their own report there is still visible, others' not.
    org_services.add_membership(acting_user=None, user=staff, organisation=world.other_org)
    staff = type(staff).objects.get(pk=staff.pk)
    foreign = catalogue(world.other_org)
    own = services.create_ticket(
        acting_user=staff,
        organisation=world.other_org,
        reporter=staff,
        service=foreign.service,
        department=world.foreign_department,
        notify=False,
        title="Min egen",
    )
    services.create_ticket(
        acting_user=world.users["stranger"],
        organisation=world.other_org,
        reporter=world.users["stranger"],
        service=foreign.service,
        department=world.foreign_department,
        notify=False,
        title="Inte min",
    )
    assert set(Ticket.objects.restrict(staff)) == {theirs, own}
