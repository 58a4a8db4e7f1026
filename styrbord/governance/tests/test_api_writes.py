"""Rules in the services, reached alike from pages and the API: strategy decisions of the same
organisation, levels set up by an explicit action (never on a read), forum members and agenda items."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from styrbord.core.testing import build_world
from styrbord.governance import services
from styrbord.governance.models import AgendaItem, DecisionLevel, ForumMember, StrategyDocument, StrategyReview
from styrbord.organisations import services as organisations

from .factories import forum, levels, meeting


@pytest.fixture
def world(db):
    return build_world()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _foreign_decision(world):
    """A decision of the other organisation that the head of IT can see: they belong to both."""
    organisations.add_membership(acting_user=None, user=world.users["it_head"], organisation=world.other_org)
    level = services.ensure_levels(world.other_org)["strategic"]
    return services.record_decision(acting_user=None, level=level, title="Annanby", text="Beslut.")


def _adopted_strategy(world):
    strategy = services.create_strategy(
        acting_user=None, organisation=world.org, title="IT-strategi", version="1.0", text="Text"
    )
    return services.adopt_strategy(
        strategy, acting_user=None, adopted_on=timezone.localdate() - datetime.timedelta(days=30)
    )


def test_review_with_another_organisations_decision_is_refused_by_service_page_and_api(world, client):
    strategy = _adopted_strategy(world)
    foreign = _foreign_decision(world)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    with pytest.raises(services.ValidationError) as error:
        services.record_review(strategy, acting_user=None, date=yesterday, decision=foreign)
    assert list(error.value.message_dict) == ["decision"]

    client.force_login(world.users["it_head"])
    page = client.post(
        reverse("governance:strategy_review", args=[strategy.pk]),
        {"date": yesterday.isoformat(), "outcome": "kept", "decision": foreign.pk},
    )
    assert page.status_code == 200 and "decision" in page.context["form"].errors

    response = api(world.users["it_head"]).post(
        reverse("governance-api:strategy-review", args=[strategy.pk]),
        {"date": yesterday.isoformat(), "outcome": "kept", "decision": foreign.pk},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {"decision": ["This must belong to the same organisation."]}
    assert not StrategyReview.objects.filter(strategy=strategy).exists()

    # An id the user cannot see at all is refused the same way it is for a missing one.
    unseen = api(world.users["management_group"]).post(
        reverse("governance-api:strategy-review", args=[strategy.pk]),
        {"date": yesterday.isoformat(), "outcome": "kept", "decision": foreign.pk},
        format="json",
    )
    assert unseen.status_code == 400 and "decision" in unseen.json()["errors"]
    assert not StrategyReview.objects.filter(strategy=strategy).exists()

    fine = api(world.users["it_head"]).post(
        reverse("governance-api:strategy-review", args=[strategy.pk]),
        {"date": yesterday.isoformat(), "outcome": "kept"},
        format="json",
    )
    assert fine.status_code == 201 and StrategyReview.objects.filter(strategy=strategy).count() == 1


def test_adopting_with_another_organisations_decision_is_refused(world):
    draft = services.create_strategy(acting_user=None, organisation=world.org, title="IT", version="2.0", text="T")
    foreign = _foreign_decision(world)
    response = api(world.users["it_head"]).post(
        reverse("governance-api:strategy-adopt", args=[draft.pk]),
        {"adopted_on": timezone.localdate().isoformat(), "decision": foreign.pk},
        format="json",
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["decision"]
    assert StrategyDocument.objects.get(pk=draft.pk).status == "draft"


def _governance_writes(queries):
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) and "governance_" in q["sql"]
    ]


def test_reading_the_levels_writes_nothing_and_the_head_of_it_sets_them_up(world, client):
    client.force_login(world.users["department_head"])
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("governance:level_list"))
    assert page.status_code == 200 and not _governance_writes(captured.captured_queries)
    assert not DecisionLevel.objects.filter(organisation=world.org).exists()
    assert "Set up the default levels" not in page.text
    assert client.post(reverse("governance:level_setup")).status_code == 403

    client.force_login(world.users["it_head"])
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("governance:level_list"))
        form = client.get(reverse("governance:forum_create"))
    assert not _governance_writes(captured.captured_queries)
    assert "Set up the default levels" in page.text and "no decision levels yet" in form.text
    assert not DecisionLevel.objects.filter(organisation=world.org).exists()
    assert client.get(reverse("governance:level_setup")).status_code == 405

    response = client.post(reverse("governance:level_setup"))
    assert response.status_code == 302
    assert set(DecisionLevel.objects.filter(organisation=world.org).values_list("key", flat=True)) == {
        "strategic",
        "tactical",
        "operational",
        "system_management",
    }
    assert "Set up the default levels" not in client.get(reverse("governance:level_list")).text
    assert not DecisionLevel.objects.filter(organisation=world.other_org).exists()


def test_levels_are_set_up_through_the_api_by_the_head_of_it_only(world):
    url = reverse("governance-api:level-defaults")
    assert api(world.users["department_head"]).post(url, {"organisation": world.org.pk}).status_code == 403
    assert api(world.users["stranger"]).post(url, {"organisation": world.org.pk}).status_code == 400
    assert api(world.users["employee"]).get(reverse("governance-api:level-list")).json()["count"] == 0
    assert not DecisionLevel.objects.exists()
    response = api(world.users["it_head"]).post(url, {"organisation": world.org.pk}, format="json")
    assert response.status_code == 200 and len(response.json()) == 4
    again = api(world.users["it_head"]).post(url, {"organisation": world.org.pk}, format="json")
    assert [row["id"] for row in again.json()] == [row["id"] for row in response.json()]
    assert DecisionLevel.objects.filter(organisation=world.org).count() == 4


def test_forum_members_through_the_api(world):
    vug = forum(world, "tactical")
    url = reverse("governance-api:forummember-list")
    head = api(world.users["it_head"])
    response = head.post(
        url, {"forum": vug.pk, "person": world.users["department_head"].pk, "role": "chair"}, format="json"
    )
    assert response.status_code == 201, response.content
    member_id = response.json()["id"]
    twice = head.post(url, {"forum": vug.pk, "person": world.users["department_head"].pk}, format="json")
    assert twice.status_code == 400 and "person" in twice.json()["errors"]
    # A person of another organisation that the head of IT also belongs to: refused on ``person``.
    organisations.add_membership(acting_user=None, user=world.users["it_head"], organisation=world.other_org)
    outsider = head.post(url, {"forum": vug.pk, "person": world.users["stranger"].pk}, format="json")
    assert outsider.status_code == 400 and outsider.json()["errors"] == {
        "person": ["The person must be a member of the organisation."]
    }
    assert ForumMember.objects.filter(forum=vug).count() == 1

    assert (
        api(world.users["department_head"])
        .post(url, {"forum": vug.pk, "person": world.users["employee"].pk}, format="json")
        .status_code
        == 403
    )
    detail = reverse("governance-api:forummember-detail", args=[member_id])
    assert head.patch(detail, {"role": "secretary"}, format="json").json()["role"] == "secretary"
    moved = head.patch(detail, {"person": world.users["employee"].pk}, format="json")
    assert moved.status_code == 200 and moved.json()["person"] == world.users["department_head"].pk
    assert api(world.users["department_head"]).delete(detail).status_code == 403
    assert api(world.users["stranger"]).delete(detail).status_code == 404
    assert head.delete(detail).status_code == 204
    assert not ForumMember.objects.filter(forum=vug).exists()
    assert vug.members.model.history.filter(id=member_id, history_type="-").exists()


def test_agenda_items_through_the_api(world):
    vug_meeting = meeting(world, "tactical", days=7)
    url = reverse("governance-api:agendaitem-list")
    head = api(world.users["department_head"])
    first = head.post(url, {"meeting": vug_meeting.pk, "title": "Budget"}, format="json")
    second = head.post(
        url,
        {"meeting": vug_meeting.pk, "title": "Nytt system", "presenter": world.users["it_head"].pk},
        format="json",
    )
    assert first.status_code == 201 and second.status_code == 201, second.content
    assert (first.json()["order"], second.json()["order"], second.json()["source"]) == (1, 2, "manual")

    organisations.add_membership(acting_user=None, user=world.users["department_head"], organisation=world.other_org)
    outsider = head.patch(
        reverse("governance-api:agendaitem-detail", args=[first.json()["id"]]),
        {"presenter": world.users["stranger"].pk},
        format="json",
    )
    assert outsider.status_code == 400 and "presenter" in outsider.json()["errors"]
    assert AgendaItem.objects.get(pk=first.json()["id"]).presenter is None

    # The operational level's roles do not keep the tactical forum's agenda; employees neither.
    assert (
        api(world.users["support_lead"]).post(url, {"meeting": vug_meeting.pk, "title": "X"}, format="json").status_code
        == 403
    )
    assert api(world.users["stranger"]).get(url).json()["count"] == 0

    detail = reverse("governance-api:agendaitem-detail", args=[second.json()["id"]])
    assert head.patch(detail, {"order": 1, "title": "Nytt ekonomisystem"}, format="json").status_code == 200
    services.close_meeting(vug_meeting, acting_user=None)
    closed = head.post(url, {"meeting": vug_meeting.pk, "title": "Sent"}, format="json")
    assert closed.status_code == 403  # change_agendaitem/add_agendaitem need an open meeting
    assert head.patch(detail, {"title": "Ändrat"}, format="json").status_code == 403
    assert AgendaItem.objects.get(pk=second.json()["id"]).title == "Nytt ekonomisystem"
    assert vug_meeting.agenda.count() == 2


def test_closed_meeting_agenda_is_refused_by_the_service_on_the_field(world):
    m = meeting(world, "tactical", days=7)
    item = services.add_agenda_item(m, acting_user=None, title="Punkt")
    with pytest.raises(services.ValidationError) as error:
        services.update_agenda_item(item, acting_user=None, source="escalation")
    assert error.value.message_dict == {"source": ["This field cannot be changed here."]}
    services.close_meeting(m, acting_user=None)
    with pytest.raises(services.ValidationError) as error:
        services.update_agenda_item(item, acting_user=None, title="Nytt")
    assert list(error.value.message_dict) == ["title"]
    assert AgendaItem.objects.get(pk=item.pk).title == "Punkt"


def test_level_attention_for_the_head_of_it(world, client):
    client.force_login(world.users["it_head"])
    items = client.get(reverse("core:home")).context["attention"]
    assert any(item.url == reverse("governance:level_list") for item in items)
    levels(world)
    items = client.get(reverse("core:home")).context["attention"]
    assert not any(item.url == reverse("governance:level_list") for item in items)
