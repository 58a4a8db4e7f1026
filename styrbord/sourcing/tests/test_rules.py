"""The model rules and services: organisation numbers, dates, notice date, renewals, comparisons."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from styrbord.sourcing import services
from styrbord.sourcing.models import Contract, Criterion, Score, Supplier, months_before
from styrbord.sourcing.ranking import rank

from .factories import comparison, contract, score_all, supplier

pytestmark = pytest.mark.django_db


def errors_of(excinfo):
    return excinfo.value.message_dict


def test_org_number_is_normalised_and_checked(world):
    created = supplier(world, org_number="5567123400", name="Nordekonomi AB")
    assert created.org_number == "556712-3400"
    with pytest.raises(ValidationError) as excinfo:
        services.create_supplier(acting_user=None, organisation=world.org, name="Fel AB", org_number="556712-3401")
    assert "check digit" in errors_of(excinfo)["org_number"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.create_supplier(acting_user=None, organisation=world.org, name="Fel AB", org_number="12345")
    assert "org_number" in errors_of(excinfo)
    assert Supplier.objects.count() == 1


def test_org_number_is_unique_per_organisation(world):
    supplier(world, org_number="556712-3400")
    with pytest.raises(ValidationError) as excinfo:
        services.create_supplier(acting_user=None, organisation=world.org, name="Dubblett", org_number="556712-3400")
    assert "already registered" in errors_of(excinfo)["org_number"][0]
    other = supplier(world, org_number="556712-3400", organisation=world.other_org, name="Samma i Annanby")
    assert other.organisation == world.other_org


@pytest.mark.parametrize(
    ("end", "months", "expected"),
    [
        (date(2026, 12, 31), 6, date(2026, 6, 30)),  # the 31st becomes the month's last day
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2028, 3, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2027, 1, 15), 3, date(2026, 10, 15)),  # across the year
        (date(2027, 1, 15), 0, date(2027, 1, 15)),
    ],
)
def test_months_before(end, months, expected):
    assert months_before(end, months) == expected


def test_notice_date_is_derived_and_follows_changes(world):
    created = contract(world, end_date=date(2027, 12, 31), notice_months=6)
    assert created.notice_date == date(2027, 6, 30)
    services.update_contract(created, acting_user=None, notice_months=3)
    assert Contract.objects.get(pk=created.pk).notice_date == date(2027, 9, 30)
    services.update_contract(created, acting_user=None, end_date=None)
    assert Contract.objects.get(pk=created.pk).notice_date is None


def test_dates_are_checked_and_nothing_changes(world):
    created = contract(world, start_date=date(2024, 1, 1), end_date=date(2026, 12, 31))
    with pytest.raises(ValidationError) as excinfo:
        services.update_contract(created, acting_user=None, end_date=date(2023, 12, 31))
    assert "end_date" in errors_of(excinfo)
    created.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.update_contract(created, acting_user=None, notice_months=48)
    assert "notice_months" in errors_of(excinfo)
    assert Contract.objects.get(pk=created.pk).end_date == date(2026, 12, 31)


def test_renewal_options(world):
    created = contract(world, end_date=date(2026, 12, 31), notice_months=6, renewal_count=2, renewal_months=12)
    services.use_renewal(created, acting_user=None)
    created.refresh_from_db()
    assert (created.end_date, created.notice_date, created.renewals_used) == (date(2027, 12, 31), date(2027, 6, 30), 1)
    services.use_renewal(created, acting_user=None)
    with pytest.raises(ValidationError) as excinfo:
        services.use_renewal(created, acting_user=None)
    assert "renewal_count" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        contract(world, renewal_count=1, renewal_months=0)
    assert "renewal_months" in errors_of(excinfo)


def test_status_is_derived(world):
    created = contract(world, start_date=date(2024, 1, 1), end_date=date(2026, 12, 31), notice_months=6)
    assert created.status_on(date(2023, 12, 1)) == "upcoming"
    assert created.status_on(date(2025, 1, 1)) == "active"
    assert created.status_on(date(2026, 4, 1)) == "notice_due"  # 90 days before 2026-06-30
    assert created.status_on(date(2026, 7, 1)) == "active"  # notice date passed: it runs to its end
    assert created.status_on(date(2027, 1, 1)) == "expired"
    services.update_contract(created, acting_user=None, notice_given_on=date(2026, 5, 1))
    assert created.status_on(date(2026, 5, 2)) == "terminated"


def test_other_organisations_rows_are_refused(world):
    foreign = supplier(world, organisation=world.other_org, org_number="556803-2212")
    with pytest.raises(ValidationError) as excinfo:
        contract(world, supplier=foreign)
    assert "supplier" in errors_of(excinfo)


def test_criteria_come_from_the_data_file_and_weights_must_add_up(world):
    created = comparison(world)
    criteria = list(created.criteria.order_by("order"))
    assert [c.weight for c in criteria] == [30, 30, 20, 10, 10]
    assert criteria[1].name == "Cost over the contract period"
    with pytest.raises(ValidationError) as excinfo:
        services.set_criteria(created, acting_user=None, criteria=[{"name": "Kvalitet", "weight": 60}])
    assert "add up to 60" in errors_of(excinfo)["criteria"][0]
    with pytest.raises(ValidationError):
        services.set_criteria(
            created, acting_user=None, criteria=[{"name": "A", "weight": 50}, {"name": "a", "weight": 50}]
        )
    assert Criterion.objects.filter(comparison=created).count() == 5


def test_changing_criteria_keeps_the_scores_of_kept_names(world):
    created = comparison(world)
    score_all(created, {"Alternativ 1": [5, 4, 3, 2, 1], "Alternativ 2": [1, 2, 3, 4, 5]})
    rows = [{"name": c.name, "weight": c.weight} for c in created.criteria.order_by("order")][:3]
    rows[0]["weight"] = 50
    services.set_criteria(created, acting_user=None, criteria=rows)
    assert Score.objects.filter(alternative__comparison=created).count() == 6


def test_scores_are_1_to_5(world):
    created = comparison(world)
    alternative = created.alternatives.first()
    criterion = created.criteria.first()
    for bad in (0, 6, "3"):
        with pytest.raises(ValidationError) as excinfo:
            services.set_scores(created, acting_user=None, scores={(alternative, criterion): bad})
        assert "scores" in errors_of(excinfo)
    foreign = comparison(world)
    with pytest.raises(ValidationError):
        services.set_scores(created, acting_user=None, scores={(foreign.alternatives.first(), criterion): 3})
    assert not Score.objects.exists()


def test_ranking_arithmetic(world):
    created = comparison(world, alternatives=3)
    # Weights 30, 30, 20, 10, 10.
    ranking = score_all(
        created,
        {
            "Alternativ 1": [4, 4, 4, 3, 5],  # 1.2 + 1.2 + 0.8 + 0.3 + 0.5 = 4.0
            "Alternativ 2": [4, 3, 4, 5, 3],  # 1.2 + 0.9 + 0.8 + 0.5 + 0.3 = 3.7
            "Alternativ 3": [5, 5, 5, 5, 5],  # 5.0
        },
    )
    assert [(row.alternative.name, row.display_total, row.rank) for row in ranking.rows] == [
        ("Alternativ 3", Decimal("5.00"), 1),
        ("Alternativ 1", Decimal("4.00"), 2),
        ("Alternativ 2", Decimal("3.70"), 3),
    ]
    assert ranking.complete and ranking.weights_ok and not ranking.notes


def test_ties_share_a_rank_and_are_explained(world):
    created = comparison(world, alternatives=3)
    ranking = score_all(
        created,
        {"Alternativ 1": [3, 3, 3, 3, 3], "Alternativ 2": [3, 3, 3, 3, 3], "Alternativ 3": [2, 2, 2, 2, 2]},
    )
    assert [row.rank for row in ranking.rows] == [1, 1, 3]
    assert ranking.rows[0].tied_with == [ranking.rows[1].alternative]
    assert len(ranking.notes) == 1 and "same weighted score (3.00)" in ranking.notes[0]
    assert "100000.00 SEK" in ranking.notes[0] and "200000.00 SEK" in ranking.notes[0]


def test_incomplete_alternatives_come_last():
    class Row:
        def __init__(self, pk, weight=50, name=""):
            self.pk, self.weight, self.name, self.price = pk, weight, name, Decimal(0)

    a, b = Row(1, name="A"), Row(2, name="B")
    c1, c2 = Row(10), Row(11)
    ranking = rank([a, b], [c1, c2], {(1, 10): 5, (2, 10): 1, (2, 11): 1})
    assert [r.alternative.name for r in ranking.rows] == ["B", "A"]
    assert ranking.rows[1].total is None and ranking.rows[1].missing == [c2]
    assert not ranking.complete


def test_decision_needs_complete_scores_then_freezes(world):
    created = comparison(world)
    first = created.alternatives.order_by("id").first()
    with pytest.raises(ValidationError) as excinfo:
        services.decide(created, acting_user=None, chosen=first, decision="")
    assert {"scores", "decision"} <= set(errors_of(excinfo))
    score_all(created, {"Alternativ 1": [5, 4, 3, 2, 1], "Alternativ 2": [1, 2, 3, 4, 5]})
    services.decide(created, acting_user=world.users["it_head"], chosen=first, decision="Egen drift.")
    created.refresh_from_db()
    assert created.status == "decided" and created.decided_by == world.users["it_head"] and created.decided_on
    for attempt in (
        lambda: services.update_comparison(created, acting_user=None, title="Ändrad"),
        lambda: services.add_alternative(created, acting_user=None, kind="external", name="Sent anbud"),
        lambda: services.set_scores(created, acting_user=None, scores={}),
        lambda: services.set_criteria(created, acting_user=None, criteria=[{"name": "X", "weight": 100}]),
        lambda: services.remove_alternative(first, acting_user=None),
        lambda: services.decide(created, acting_user=None, chosen=first, decision="Igen"),
    ):
        with pytest.raises(ValidationError, match="decided"):
            attempt()
    assert created.alternatives.count() == 2


def test_internal_alternative_has_no_supplier(world):
    created = comparison(world, alternatives=0)
    with pytest.raises(ValidationError) as excinfo:
        services.add_alternative(created, acting_user=None, kind="internal", name="Egen", supplier=supplier(world))
    assert "supplier" in errors_of(excinfo)
