"""The "current classification" management-quality rule and the home page's attention items."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from styrbord.security import compliance_rule
from styrbord.systems import compliance

from .classification_helpers import classified, role, system

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def with_rule(monkeypatch):
    monkeypatch.setattr(compliance, "RULES", list(compliance.RULES))
    compliance_rule.register()


def test_the_rule_counts_current_classifications_in_constant_queries(world, with_rule, django_assert_num_queries):
    done = classified(world, "Klassad").system
    missing = system(world, "Oklassad")
    results = {e.system.name: e.as_dict()["classification"] for e in compliance.evaluate_systems([done, missing])}
    assert results["Klassad"]["met"] is True and results["Oklassad"]["met"] is False
    few = compliance.gather([done, missing])
    many_systems = [done, missing] + [classified(world, f"K{n}").system for n in range(6)]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        compliance.evaluate_systems([done, missing])
    with CaptureQueriesContext(connection) as large:
        compliance.evaluate_systems(many_systems)
    assert len(small) == len(large) and few


def test_attention_for_coordinator_manager_and_it_head(world, client_as):
    due = classified(world, "Snart", days_ago=10)
    due.valid_until = timezone.localdate() + timedelta(days=10)
    due.save()
    role(due.system, "manager", world.users["employee"])
    system(world, "Vital utan")
    titles = lambda who: [a.title for a in client_as(who).get("/").context["attention"]]  # noqa: E731
    assert any("due for review" in t for t in titles("employee"))
    assert any("due for review" in t for t in titles("security_coordinator"))
    assert any("no current classification" in t for t in titles("it_head"))
    assert not any("classification" in t for t in titles("it_staff"))
