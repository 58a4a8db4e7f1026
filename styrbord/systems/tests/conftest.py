import pytest

from styrbord.systems import compliance

SYSTEM_REGISTER_RULES = {"roles", "plan", "meetings"}


@pytest.fixture(autouse=True)
def only_the_system_registers_own_rules(monkeypatch):
    """Other apps register more rules (security: a current classification) and test them
    themselves; these tests count and evaluate the system register's own three."""
    monkeypatch.setattr(compliance, "RULES", [rule for rule in compliance.RULES if rule.key in SYSTEM_REGISTER_RULES])
