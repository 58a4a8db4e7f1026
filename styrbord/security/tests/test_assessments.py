# ruff: noqa: F811 - the fixtures are imported from measure_helpers
"""Self-assessment of required measures and the action plan it keeps."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from styrbord.core.navigation import attention_for
from styrbord.security import measure_services
from styrbord.security.models import ActionItem, Assessment
from styrbord.security.requirements import is_required, required_measures

from .measure_helpers import (  # noqa: F401
    api_as,
    classify,
    client_as,
    english,
    managed_system,
    measure,
    world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    manager = world.users["employee"]
    system = managed_system(world, "Procapita", manager=manager)
    classify(system, confidentiality=2, integrity=1, availability=1)
    return {
        "system": system,
        "manager": manager,
        "mfa": measure(world, "T.MFA", confidentiality=2),
        "backup": measure(world, "T.BACKUP", confidentiality=2, availability=3),
        "redundancy": measure(world, "T.REDUNDANT", availability=3),
        "log": measure(world, "T.LOG", traceability=2),
        "policy": measure(world, "O.POLICY", confidentiality=1, integrity=1),
    }


def test_required_measures_follow_the_levels(world, setup):
    need = {"confidentiality": 2, "integrity": 1, "availability": 1, "traceability": None}
    from styrbord.security.models import Measure

    required = {m.code for m in required_measures(need, Measure.objects.in_organisation(world.org))}
    assert required == {"T.MFA", "T.BACKUP", "O.POLICY"}
    assert not is_required(setup["mfa"], {"confidentiality": 1})
    assert is_required(setup["redundancy"], {"availability": 3}) and is_required(setup["log"], {"traceability": 3})
    assert not is_required(setup["log"], {"confidentiality": 4, "traceability": None})


def test_a_gap_opens_an_action_for_the_system_manager_and_met_closes_it(world, setup):
    system, manager = setup["system"], setup["manager"]
    assessment = measure_services.record_assessment(
        acting_user=manager, system=system, measure=setup["mfa"], status="partly", comment="Only for admins"
    )
    action = ActionItem.objects.get(assessment=assessment)
    today = timezone.localdate()
    assert action.owner == manager and action.due_date == today + timedelta(days=90) and action.status == "open"
    assert action.title == "Measure T.MFA" and assessment.assessed_by == manager
    # Recording the gap again keeps the one open item; a new owner and due date are taken over.
    measure_services.record_assessment(
        acting_user=manager,
        system=system,
        measure=setup["mfa"],
        status="not_met",
        action_owner=world.users["it_staff"],
        action_due_date=today + timedelta(days=30),
    )
    action.refresh_from_db()
    assert ActionItem.objects.filter(assessment=assessment).count() == 1
    assert action.owner == world.users["it_staff"] and action.due_date == today + timedelta(days=30)
    measure_services.record_assessment(acting_user=manager, system=system, measure=setup["mfa"], status="met")
    action.refresh_from_db()
    assert action.status == "done" and action.completed_on == today
    measure_services.record_assessment(acting_user=manager, system=system, measure=setup["mfa"], status="partly")
    assert ActionItem.objects.filter(assessment=assessment, status="open").count() == 1


def test_not_applicable_needs_a_reason_and_nothing_changes(world, setup):
    with pytest.raises(ValidationError) as error:
        measure_services.record_assessment(
            acting_user=None, system=setup["system"], measure=setup["mfa"], status="not_applicable"
        )
    assert "not_applicable_reason" in error.value.message_dict
    assert not Assessment.objects.exists()
    done = measure_services.record_assessment(
        acting_user=None,
        system=setup["system"],
        measure=setup["mfa"],
        status="not_applicable",
        not_applicable_reason="No logins: the system is fed by integrations only.",
    )
    assert done.not_applicable_reason and not done.actions.exists()


def test_a_measure_of_another_organisation_or_a_stranger_as_owner_is_refused(world, setup):
    foreign = measure(world, "F.1", organisation=world.other_org, confidentiality=1)
    with pytest.raises(ValidationError) as error:
        measure_services.record_assessment(acting_user=None, system=setup["system"], measure=foreign, status="met")
    assert "measure" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        measure_services.record_assessment(
            acting_user=None,
            system=setup["system"],
            measure=setup["mfa"],
            status="partly",
            action_owner=world.users["stranger"],
        )
    assert "action_owner" in error.value.message_dict
    assert not Assessment.objects.exists() and not ActionItem.objects.exists()


def test_the_system_manager_assesses_through_the_pages(world, setup, client):
    system, manager = setup["system"], setup["manager"]
    client.force_login(manager)
    page = client.get(reverse("security:assessment_system", args=[system.pk]))
    assert page.status_code == 200
    assert [row["measure"].code for row in page.context["rows"]] == ["O.POLICY", "T.BACKUP", "T.MFA"]
    assert page.context["progress"].required == 3 and page.context["can_assess"]
    url = reverse("security:assessment_record", args=[system.pk, setup["mfa"].pk])
    form = client.get(url)
    assert form.status_code == 200 and form.context["form"].initial["action_owner"] == manager
    response = client.post(url, {"status": "not_applicable", "comment": ""})
    assert response.status_code == 200 and "not_applicable_reason" in response.context["form"].errors
    assert not Assessment.objects.exists()
    due = timezone.localdate() + timedelta(days=45)
    response = client.post(
        url, {"status": "not_met", "comment": "Planned", "action_owner": manager.pk, "action_due_date": due.isoformat()}
    )
    assert response.status_code == 302
    action = ActionItem.objects.get()
    assert action.due_date == due and action.owner == manager
    # The action owner may update the action; an employee without a role may not even see it.
    edit = reverse("security:action_edit", args=[action.pk])
    response = client.post(
        edit, {"title": action.title, "owner": manager.pk, "due_date": due.isoformat(), "status": "in_progress"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"
    other = Client()
    other.force_login(world.users["finance"])
    assert other.get(reverse("security:assessment_system", args=[system.pk])).status_code == 403
    assert other.get(action.get_absolute_url()).status_code == 403
    assert other.get(url).status_code == 403


def test_the_action_list_filters_and_shows_only_what_one_may_read(world, setup, client_as):
    system = setup["system"]
    today = timezone.localdate()
    measure_services.record_assessment(
        acting_user=None, system=system, measure=setup["mfa"], status="partly", assessed_on=today - timedelta(days=100)
    )
    measure_services.record_assessment(acting_user=None, system=system, measure=setup["backup"], status="not_met")
    client = client_as("security_coordinator")
    url = reverse("security:action_list")

    def listed(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return {a.assessment.measure.code for a in response.context["object_list"]}

    assert listed() == {"T.MFA", "T.BACKUP"}
    assert listed(overdue="true") == {"T.MFA"}
    assert listed(owner=setup["manager"].pk, overdue="false") == {"T.BACKUP"}
    assert listed(system=system.pk, status="open") == {"T.MFA", "T.BACKUP"}
    assert listed(department=world.other_branch.pk) == set()
    finance = client_as("finance")
    assert list(finance.get(url).context["object_list"]) == []


def test_overdue_actions_need_the_attention_of_their_owner_and_the_coordinator(world, setup, rf):
    today = timezone.localdate()
    measure_services.record_assessment(
        acting_user=None,
        system=setup["system"],
        measure=setup["mfa"],
        status="partly",
        assessed_on=today - timedelta(days=120),
    )

    def titles(user):
        request = rf.get("/")
        request.user, request.organisation = user, world.org
        return [item.title for item in attention_for(request)]

    assert any("1 security action of yours is overdue" in t for t in titles(setup["manager"]))
    assert any(
        "1 action of the security action plan is overdue" in t for t in titles(world.users["security_coordinator"])
    )
    assert not any("overdue" in t and "security" in t for t in titles(world.users["finance"]))


def test_the_assessment_and_action_api(world, setup, api_as):
    system, manager = setup["system"], setup["manager"]
    api = api_as("employee")  # the system manager
    url = reverse("security-api:assessment-list")
    response = api.post(
        url, {"system": system.pk, "measure": setup["mfa"].pk, "status": "not_applicable"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"].keys() == {"not_applicable_reason"}
    response = api.post(url, {"system": system.pk, "measure": setup["mfa"].pk, "status": "partly"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body["open_actions"]) == 1
    duplicate = api.post(url, {"system": system.pk, "measure": setup["mfa"].pk, "status": "met"}, format="json")
    assert duplicate.status_code == 400 and "measure" in duplicate.json()["errors"]
    assert [a["id"] for a in api.get(url, {"status": "partly"}).json()["results"]] == [body["id"]]
    action_url = reverse("security-api:action-detail", args=[body["open_actions"][0]])
    response = api.patch(action_url, {"status": "in_progress"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "in_progress"
    response = api.patch(reverse("security-api:assessment-detail", args=[body["id"]]), {"status": "met"}, format="json")
    assert response.status_code == 200 and response.json()["open_actions"] == []
    assert api.get(action_url).json()["status"] == "done"
    assert api.post(reverse("security-api:action-list"), {}, format="json").status_code == 405
    finance = api_as("finance")
    assert finance.get(url).json()["results"] == []
    assert finance.get(action_url).status_code == 404
    assert api_as("stranger").get(action_url).status_code == 404
    assert manager.pk == ActionItem.objects.get().owner_id


def test_action_and_assessment_lists_have_a_constant_query_count(
    world, setup, api_as, client_as, django_assert_max_num_queries
):
    for index in range(12):
        extra = measure(world, f"Z.{index}", confidentiality=1)
        measure_services.record_assessment(acting_user=None, system=setup["system"], measure=extra, status="partly")
    api = api_as("security_coordinator")
    with django_assert_max_num_queries(10):
        assert len(api.get(reverse("security-api:action-list")).json()["results"]) == 12
    with django_assert_max_num_queries(10):
        assert len(api.get(reverse("security-api:assessment-list")).json()["results"]) == 12
    client = client_as("security_coordinator")
    with django_assert_max_num_queries(16):
        assert client.get(reverse("security:action_list")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("security:assessment_system", args=[setup["system"].pk])).status_code == 200


def test_owners_of_overdue_actions_get_a_weekly_reminder(world, setup, mailoutbox):
    from styrbord.security.tasks import send_overdue_reminders

    today = timezone.localdate()
    measure_services.record_assessment(
        acting_user=None,
        system=setup["system"],
        measure=setup["mfa"],
        status="partly",
        assessed_on=today - timedelta(days=100),
    )
    measure_services.record_assessment(
        acting_user=None, system=setup["system"], measure=setup["backup"], status="partly"
    )
    assert send_overdue_reminders(today) == 1
    message = mailoutbox[0]
    assert message.to == [setup["manager"].email]
    assert "T.MFA" in message.body and "T.BACKUP" not in message.body
    assert message.subject == "1 overdue security action"
