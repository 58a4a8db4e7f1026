"""The consistency checks: hosting below the availability need, vital systems without a current
classification, sensitive personal data without traceability measures met."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from styrbord.catalog.tests.factories import make_calendar, make_service
from styrbord.finance.models import Subscription
from styrbord.security import services
from styrbord.security.findings import findings_for, visible_findings, weekly_hours
from styrbord.security.models import Assessment, Measure

from .classification_helpers import classified, classify, information_type, role, system

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def kinds(world, system_name=None):
    return [(f.system.name, f.kind) for f in findings_for(world.org) if system_name in (None, f.system.name)]


@pytest.fixture
def hosting(world):
    """Server operations with an office-hours level (99 per cent, 45 h) and a 24/7 level (99.9)."""
    services.create_hosting_requirement(
        acting_user=None,
        organisation=world.org,
        availability_level=3,
        min_availability_target=Decimal("99.5"),
        min_weekly_support_hours=Decimal("168"),
    )
    service = make_service(world.org, levels=("Bas",), calendar=make_calendar(world.org, hours=("08:00-17:00",)))
    always = make_calendar(world.org, always_open=True)
    from styrbord.catalog import services as catalog_services
    from styrbord.catalog.tests.factories import TARGETS

    plus = catalog_services.create_level(
        acting_user=None,
        service=service,
        name="Dygnet runt",
        calendar=always,
        order=2,
        targets=TARGETS,
        availability_target=Decimal("99.9"),
    )
    return service, service.levels.get(name="Bas"), plus


def subscribe(world, service, level, department):
    return Subscription.objects.create(
        organisation=world.org,
        department=department,
        service=service,
        level=level,
        quantity=1,
        valid_from=date(2024, 1, 1),
    )


def test_weekly_hours_from_the_calendar(world):
    assert weekly_hours(make_calendar(world.org, hours=("08:00-12:00", "13:00-17:00"))) == Decimal("40.00")
    assert weekly_hours(make_calendar(world.org, always_open=True)) == Decimal("168")


def test_hosting_below_the_need_is_flagged_by_the_owner_departments_subscription(world, hosting):
    service, basic, plus = hosting
    adopted = classified(world, "Journal", 2, 2, 3, hosting_service=service)
    subscribe(world, service, basic, world.branch)
    found = [f for f in findings_for(world.org) if f.kind == "hosting"]
    assert len(found) == 1 and found[0].system == adopted.system
    assert found[0].details["basis"] == "owner_department" and found[0].details["reason"] == "below_requirement"
    assert "99.500 per cent" in found[0].message or "99.5" in found[0].message
    # A 24/7 level for the owner department meets the requirement.
    Subscription.objects.all().delete()
    subscribe(world, service, plus, world.branch)
    assert kinds(world, "Journal") == []


def test_without_subscription_the_default_level_is_compared_and_said(world, hosting):
    service, basic, plus = hosting
    service.default_level = basic
    service.save()
    classified(world, "Vård", 1, 1, 4, hosting_service=service)
    (finding,) = [f for f in findings_for(world.org) if f.kind == "hosting"]
    assert finding.details["basis"] == "default_level" and "default level" in finding.message
    # Another department's subscription at 24/7 counts when the owner has none.
    subscribe(world, service, plus, world.other_branch)
    assert [f for f in findings_for(world.org) if f.kind == "hosting"] == []


def test_no_hosting_service_and_low_needs(world, hosting):
    classified(world, "Utan drift", 1, 1, 3)
    classified(world, "Låg", 1, 1, 2, hosting_service=hosting[0])
    found = {(f.system.name, f.details.get("reason")) for f in findings_for(world.org) if f.kind == "hosting"}
    assert found == {("Utan drift", "no_hosting_service")}


def test_vital_systems_without_a_current_classification(world):
    system(world, "Aldrig")
    system(world, "Inte vital", is_vital=False)
    old = classified(world, "Gammal", days_ago=5)
    old.valid_until = timezone.localdate() - timedelta(days=1)
    old.save()
    classified(world, "Klar")
    found = {f.system.name: f.details["reason"] for f in findings_for(world.org) if f.kind == "vital_unclassified"}
    assert found == {"Aldrig": "never_classified", "Gammal": "expired"}


def test_sensitive_personal_data_needs_the_traceability_measures_met(world):
    target = system(world, "Socialjournal")
    kind = information_type(target, "Journal", personal_data=True, sensitive_personal_data=True)
    log = Measure.objects.create(
        organisation=world.org,
        code="SP1",
        theme="technological",
        kind="technical",
        title="Logga åtkomst",
        required_traceability=2,
    )
    Measure.objects.create(
        organisation=world.org,
        code="SP2",
        theme="technological",
        kind="technical",
        title="Logguppföljning",
        required_traceability=3,
    )
    assert kinds(world, "Socialjournal") == [("Socialjournal", "vital_unclassified"), ("Socialjournal", "traceability")]
    classify(target, (kind, 3, 2, 2, 2))
    (finding,) = [f for f in findings_for(world.org) if f.kind == "traceability"]
    assert finding.details["measures"] == ["SP1"]  # SP2 is required only from level 3
    Assessment.objects.create(system=target, measure=log, status="met", assessed_on=timezone.localdate())
    assert kinds(world, "Socialjournal") == []


def test_findings_cost_a_constant_number_of_queries(world, hosting, django_assert_max_num_queries):
    service, basic, _plus = hosting
    for n in range(8):
        classified(world, f"H{n}", 1, 1, 3, hosting_service=service)
        system(world, f"V{n}")
    subscribe(world, service, basic, world.branch)
    with django_assert_max_num_queries(12):
        assert len(findings_for(world.org)) == 16


def test_findings_are_shown_by_role_and_respect_restricted_classifications(world, hosting, client, api_as):
    service, basic, _plus = hosting
    secret = classified(world, "Hemligt", 3, 1, 3, hosting_service=service)
    subscribe(world, service, basic, world.branch)
    role(secret.system, "manager", world.users["employee"])
    assert [f.system.name for f in visible_findings(world.users["it_staff"], world.org, findings_for(world.org))] == []
    assert [f.kind for f in visible_findings(world.users["employee"], world.org, findings_for(world.org))] == [
        "hosting"
    ]
    body = api_as("security_coordinator").get("/api/security/findings/?kind=hosting").json()
    assert [row["system_name"] for row in body["results"]] == ["Hemligt"]
    assert api_as("department_head").get("/api/security/findings/").status_code == 403
    client.force_login(world.users["it_head"])
    page = client.get("/security/findings/")
    assert page.status_code == 200 and "Hemligt" in page.content.decode()
