# ruff: noqa: F811 - the fixtures are imported from measure_helpers
"""Progress per system, department and organisation, and the security quality of the follow-up,
against a small dataset computed by hand."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from styrbord.security import measure_services
from styrbord.security.quality import organisation_progress, security_quality
from styrbord.servicedesk.models import Ticket

from .measure_helpers import classify, client_as, english, managed_system, measure, world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(world):
    today = timezone.localdate()
    last_year = today.year - 1
    mfa = measure(world, "T.MFA", confidentiality=2)
    backup = measure(world, "T.BACKUP", confidentiality=2, availability=3)
    redundant = measure(world, "T.REDUNDANT", availability=3)
    log = measure(world, "T.LOG", traceability=2)
    policy = measure(world, "O.POLICY", confidentiality=1, integrity=1)
    measure(world, "O.OLD", confidentiality=1).__class__.objects.filter(code="O.OLD").update(is_active=False)
    s1 = managed_system(world, "S1", owner_department=world.branch)
    s2 = managed_system(world, "S2", owner_department=world.unit)
    s3 = managed_system(world, "S3", owner_department=world.other_branch)
    s4 = managed_system(world, "S4", owner_department=world.other_branch, is_vital=False)
    managed_system(world, "S5", owner_department=world.branch, lifecycle="retired", retired_on=date(today.year, 1, 1))
    classify(s1, on=date(last_year, 3, 1), confidentiality=1, integrity=0, availability=0)
    classify(s1, confidentiality=2, integrity=1, availability=1)
    classify(s2, confidentiality=0, integrity=0, availability=3)
    classify(s4, confidentiality=0, integrity=0, availability=0, traceability=2)
    record = measure_services.record_assessment
    record(acting_user=None, system=s1, measure=mfa, status="met")
    record(acting_user=None, system=s1, measure=backup, status="partly")
    record(acting_user=None, system=s1, measure=policy, status="not_applicable", not_applicable_reason="No users")
    record(acting_user=None, system=s2, measure=backup, status="met")
    record(acting_user=None, system=s4, measure=log, status="not_met", assessed_on=today - timedelta(days=100))
    reporter = world.users["employee"]

    def ticket(day, department, security=True):
        moment = timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=10)))
        Ticket.objects.create(
            organisation=world.org,
            title="Phishing",
            reporter=reporter,
            reported_at=moment,
            department=department,
            is_security_incident=security,
        )

    ticket(date(today.year, 1, 5), world.unit)
    ticket(date(today.year, 1, 9), world.other_branch)
    ticket(date(today.year, 1, 10), world.unit, security=False)
    ticket(date(last_year, 6, 1), world.branch)
    ticket(date(last_year, 12, 31), world.other_branch)
    return {"s1": s1, "s2": s2, "s3": s3, "s4": s4, "redundant": redundant}


def test_progress_per_system_department_and_organisation(world, data):
    per_system, departments, total = organisation_progress(world.org)
    figures = {p.label: p.as_dict() for p in per_system}
    assert set(figures) == {"S1", "S2", "S3", "S4"}  # the retired system is not in use
    assert figures["S1"] | {} == {
        "systems": 1,
        "classified": 1,
        "required": 3,
        "assessed": 3,
        "met": 1,
        "partly": 1,
        "not_met": 0,
        "not_applicable": 1,
        "gaps": 1,
        "unassessed": 0,
        "share_met": 50,
    }
    assert (figures["S2"]["required"], figures["S2"]["unassessed"], figures["S2"]["share_met"]) == (2, 1, 50)
    assert (figures["S3"]["classified"], figures["S3"]["required"], figures["S3"]["share_met"]) == (0, 0, None)
    assert (figures["S4"]["gaps"], figures["S4"]["share_met"]) == (1, 0)
    by_department = {d.label: d.as_dict() for d in departments}
    assert set(by_department) == {"Skolförvaltningen", "Skolan", "Socialförvaltningen"}
    branch = by_department["Skolförvaltningen"]  # S1 and, in its subtree, S2
    assert (branch["systems"], branch["required"], branch["met"], branch["gaps"], branch["share_met"]) == (
        2,
        5,
        2,
        1,
        50,
    )
    assert by_department["Skolan"]["systems"] == 1
    assert (by_department["Socialförvaltningen"]["classified"], by_department["Socialförvaltningen"]["required"]) == (
        1,
        1,
    )
    assert (total.systems, total.classified, total.required, total.met, total.not_applicable) == (4, 3, 6, 2, 1)
    assert total.share_met == 40


def test_security_quality_this_year_last_year_and_per_department(world, data):
    year = timezone.localdate().year
    figures = security_quality(world.org, year)
    assert figures["vital_systems"] == 3 and figures["classified"] == 2 and figures["classified_share"] == 67
    assert (figures["required_measures"], figures["not_applicable"], figures["measures_met"]) == (6, 1, 2)
    assert figures["measures_met_share"] == 40
    assert (figures["actions_open"], figures["actions_overdue"]) == (2, 1)
    assert figures["incidents_by_month"] == [2] + [0] * 11 and figures["incidents"] == 2
    previous = figures["previous"]
    assert previous["year"] == year - 1 and previous["reference_date"] == date(year - 1, 12, 31)
    # Then: S5 was still in use; only S1 had a classification (confidentiality 1: the policy); no answers yet.
    assert (previous["vital_systems"], previous["classified"], previous["classified_share"]) == (4, 1, 25)
    assert (previous["required_measures"], previous["measures_met"], previous["measures_met_share"]) == (1, 0, 0)
    assert (previous["actions_open"], previous["actions_overdue"]) == (0, 0)
    assert previous["incidents_by_month"] == [0] * 5 + [1] + [0] * 5 + [1]
    school = security_quality(world.org, year, departments=[world.branch], previous=False)
    assert "previous" not in school
    assert (school["vital_systems"], school["classified"], school["classified_share"]) == (2, 2, 100)
    assert (school["required_measures"], school["measures_met"], school["measures_met_share"]) == (5, 2, 50)
    assert (school["actions_open"], school["actions_overdue"], school["incidents"]) == (1, 0, 1)


def test_the_progress_and_quality_pages(world, data, client_as):
    client = client_as("security_coordinator")
    page = client.get(reverse("security:progress"))
    assert page.status_code == 200 and page.context["total"].required == 6
    assert "S1" in page.content.decode()
    page = client.get(reverse("security:quality"))
    assert page.status_code == 200
    labels = [label for label, _figures, _total in page.context["rows"]]
    assert labels == ["Testby kommun", "Skolförvaltningen", "Socialförvaltningen"]
    assert client_as("employee").get(reverse("security:progress")).status_code == 403
    assert client_as("employee").get(reverse("security:quality")).status_code == 200
