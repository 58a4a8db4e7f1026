"""Orders: who may place and approve them, refusals, and the subscription periods they make."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from styrbord.catalog.models import PriceList
from styrbord.core.testing import make_person
from styrbord.finance import services
from styrbord.finance.choices import OrderKind, OrderStatus
from styrbord.finance.models import Order, Subscription
from styrbord.organisations import services as org_services

from .factories import approved_subscription


def order(world, catalog, *, by="it_coordinator", department=None, service=None, **fields):
    fields.setdefault("quantity", 5)
    fields.setdefault("effective_date", date(2025, 3, 1))
    return services.place_order(
        acting_user=world.users[by] if by else None,
        department=department or world.unit,
        service=service or catalog.arbetsplats,
        **fields,
    )


def head_of(world, department):
    person = make_person(world.org, department=department)
    org_services.assign_role(
        acting_user=None, user=person, organisation=world.org, role="department_head", department=department
    )
    return person


def test_coordinator_orders_and_the_head_above_approves(world, catalog):
    placed = order(world, catalog)
    assert placed.status == OrderStatus.SUBMITTED and placed.needs_department_approval
    assert placed.level == catalog.levels[("arbetsplats", "Bas")]  # the service's default level
    # The head holds the role for the parent department (branch): the subtree counts.
    assert world.users["department_head"].has_perm("finance.decide_order", placed)
    services.approve_order(placed, acting_user=world.users["department_head"])
    placed.refresh_from_db()
    assert placed.status == OrderStatus.APPROVED
    assert placed.department_approved_by == world.users["department_head"]
    period = placed.result
    assert (period.department, period.quantity, period.valid_from, period.valid_to) == (
        world.unit,
        5,
        date(2025, 3, 1),
        None,
    )


def test_a_department_heads_own_order_carries_their_approval(world, catalog):
    placed = order(world, catalog, by="department_head")
    assert placed.status == OrderStatus.APPROVED
    assert placed.department_approved_by == world.users["department_head"]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("department_head", True),
        ("it_head", False),
        ("it_coordinator", False),
        ("support_lead", False),
        ("finance", False),
        ("employee", False),
    ],
)
def test_department_approval_rights_by_role(world, catalog, role, allowed):
    placed = order(world, catalog)
    assert world.users[role].has_perm("finance.decide_order", placed) is allowed
    if allowed:
        services.approve_order(placed, acting_user=world.users[role])
        assert placed.status == OrderStatus.APPROVED
    else:
        with pytest.raises(PermissionDenied):
            services.approve_order(placed, acting_user=world.users[role])
        assert Order.objects.get(pk=placed.pk).status == OrderStatus.SUBMITTED


def test_a_head_outside_the_subtree_cannot_approve(world, catalog):
    other_head = head_of(world, world.other_branch)
    placed = order(world, catalog)
    assert not other_head.has_perm("finance.decide_order", placed)
    with pytest.raises(PermissionDenied):
        services.approve_order(placed, acting_user=other_head)
    # A head of the unit itself (below the branch) may approve its orders.
    unit_head = head_of(world, world.unit)
    services.approve_order(placed, acting_user=unit_head)
    assert placed.status == OrderStatus.APPROVED


def test_who_may_order_for_which_department(world, catalog):
    coordinator, it_head, finance = (world.users[r] for r in ("it_coordinator", "it_head", "finance"))
    assert coordinator.has_perm("finance.add_order", world.unit)
    assert coordinator.has_perm("finance.add_order", world.branch)
    assert not coordinator.has_perm("finance.add_order", world.other_branch)
    assert it_head.has_perm("finance.add_order", world.other_branch)
    assert not finance.has_perm("finance.add_order", world.unit)
    assert not world.users["stranger"].has_perm("finance.add_order", world.unit)


def test_services_needing_it_review_are_approved_by_it_too(world, catalog):
    placed = order(world, catalog, by="department_head", service=catalog.server, quantity=2)
    assert placed.status == OrderStatus.SUBMITTED
    assert placed.department_approved_at and placed.needs_it_approval
    # The department head has given their approval and has nothing more to give.
    assert not world.users["department_head"].has_perm("finance.decide_order", placed)
    with pytest.raises(PermissionDenied):
        services.approve_order(placed, acting_user=world.users["department_head"])
    assert world.users["support_lead"].has_perm("finance.decide_order", placed)
    services.approve_order(placed, acting_user=world.users["support_lead"])
    assert placed.status == OrderStatus.APPROVED and placed.it_approved_by == world.users["support_lead"]


def test_it_may_review_before_the_department_approves(world, catalog):
    placed = order(world, catalog, service=catalog.server, quantity=1)
    services.approve_order(placed, acting_user=world.users["it_head"])
    assert placed.status == OrderStatus.SUBMITTED and placed.it_approved_at and placed.needs_department_approval
    services.approve_order(placed, acting_user=world.users["department_head"])
    assert placed.status == OrderStatus.APPROVED


def test_reject_needs_a_reason_and_ends_the_order(world, catalog):
    placed = order(world, catalog)
    head = world.users["department_head"]
    with pytest.raises(ValidationError) as error:
        services.reject_order(placed, acting_user=head, reason="  ")
    assert "reason" in error.value.message_dict
    services.reject_order(placed, acting_user=head, reason="Ryms inte i budgeten")
    placed.refresh_from_db()
    assert placed.status == OrderStatus.REJECTED and placed.rejection_reason == "Ryms inte i budgeten"
    with pytest.raises(ValidationError) as error:
        services.approve_order(placed, acting_user=head)
    assert "status" in error.value.message_dict
    assert not Subscription.objects.exists()
    with pytest.raises(PermissionDenied):
        services.reject_order(order(world, catalog), acting_user=world.users["it_coordinator"], reason="nej")


def test_the_orderer_may_cancel_a_pending_order(world, catalog):
    placed = order(world, catalog)
    assert world.users["it_coordinator"].has_perm("finance.cancel_order", placed)
    assert not world.users["finance"].has_perm("finance.cancel_order", placed)
    services.cancel_order(placed, acting_user=world.users["it_coordinator"])
    assert placed.status == OrderStatus.CANCELLED
    assert not world.users["it_coordinator"].has_perm("finance.cancel_order", placed)


@pytest.mark.parametrize("quantity", [0, -1, "2.5", 2.5, None, "abc", True])
def test_quantity_must_be_a_positive_whole_number(world, catalog, quantity):
    with pytest.raises(ValidationError) as error:
        order(world, catalog, quantity=quantity)
    assert error.value.message_dict["quantity"] == ["The quantity must be a positive whole number."]
    assert not Order.objects.exists()


def test_a_retired_service_is_refused(world, catalog):
    with pytest.raises(ValidationError) as error:
        order(world, catalog, service=catalog.gammal)
    assert "retired" in error.value.message_dict["service"][0]


def test_an_unpublished_price_is_refused_until_the_list_is_published(world, catalog):
    with pytest.raises(ValidationError) as error:
        order(world, catalog, effective_date=date(2023, 6, 1))
    assert error.value.message_dict["service"] == ["No published price for Arbetsplats Bas in 2023."]
    PriceList.objects.filter(organisation=world.org, year=2023).update(status="published")
    assert order(world, catalog, effective_date=date(2023, 6, 1)).pk


def test_hour_and_one_off_services_are_not_subscribed(world, catalog):
    for service in (catalog.konsult, catalog.headset):
        with pytest.raises(ValidationError) as error:
            order(world, catalog, service=service)
        assert "service" in error.value.message_dict


def test_a_level_of_another_service_is_refused(world, catalog):
    with pytest.raises(ValidationError) as error:
        order(world, catalog, level=catalog.levels[("dator", "Standard")])
    assert "level" in error.value.message_dict


def test_a_department_of_another_organisation_is_refused(world, catalog):
    with pytest.raises(ValidationError) as error:
        order(world, catalog, department=world.foreign_department)
    assert set(error.value.message_dict) >= {"service"}


def test_a_second_new_subscription_to_the_same_service_is_refused(world, catalog):
    approved_subscription(world, quantity=3, start=date(2025, 1, 1))
    with pytest.raises(ValidationError) as error:
        order(world, catalog, effective_date=date(2025, 6, 1))
    assert "order a change instead" in error.value.message_dict["service"][0]


def test_change_and_termination_need_an_active_subscription(world, catalog):
    for kind in (OrderKind.CHANGE, OrderKind.TERMINATE):
        with pytest.raises(ValidationError) as error:
            order(world, catalog, kind=kind)
        assert "no subscription" in error.value.message_dict["service"][0]


def test_a_change_closes_the_period_and_opens_the_next(world, catalog):
    first = approved_subscription(world, quantity=10, start=date(2024, 1, 1))
    change = order(
        world,
        catalog,
        by=None,
        kind=OrderKind.CHANGE,
        quantity=12,
        effective_date=date(2024, 6, 15),
        level=catalog.levels[("arbetsplats", "Standard")],
    )
    assert change.subscription == first
    services.approve_order(change, acting_user=None)
    first.refresh_from_db()
    assert first.valid_to == date(2024, 6, 14) and first.ended_by == change
    second = change.result
    assert (second.previous, second.quantity, second.level.name, second.valid_from, second.valid_to) == (
        first,
        12,
        "Standard",
        date(2024, 6, 15),
        None,
    )
    end = order(world, catalog, by=None, kind=OrderKind.TERMINATE, effective_date=date(2025, 1, 1))
    services.approve_order(end, acting_user=None)
    second.refresh_from_db()
    assert second.valid_to == date(2024, 12, 31) and end.result is None
    # The full history stays: two periods, each with its order.
    periods = Subscription.objects.filter(department=world.unit, service=catalog.arbetsplats).order_by("valid_from")
    assert [(p.valid_from, p.valid_to, p.quantity) for p in periods] == [
        (date(2024, 1, 1), date(2024, 6, 14), 10),
        (date(2024, 6, 15), date(2024, 12, 31), 12),
    ]
    assert first.history.count() >= 2


def test_a_change_keeps_the_level_or_quantity_not_given(world, catalog):
    approved_subscription(world, quantity=10, start=date(2024, 1, 1))
    change = order(
        world,
        catalog,
        kind=OrderKind.CHANGE,
        quantity=None,
        effective_date=date(2024, 5, 1),
        level=catalog.levels[("arbetsplats", "Standard")],
    )
    assert change.quantity == 10
    with pytest.raises(ValidationError) as error:
        order(world, catalog, kind=OrderKind.CHANGE, quantity=10, effective_date=date(2024, 5, 1))
    assert "nothing would change" in error.value.message_dict["quantity"][0]


def test_a_change_before_a_scheduled_one_or_on_the_first_day_is_refused(world, catalog):
    approved_subscription(world, quantity=10, start=date(2024, 1, 1))
    later = order(world, catalog, by=None, kind=OrderKind.CHANGE, quantity=11, effective_date=date(2024, 9, 1))
    services.approve_order(later, acting_user=None)
    with pytest.raises(ValidationError) as error:
        order(world, catalog, kind=OrderKind.CHANGE, quantity=12, effective_date=date(2024, 5, 1))
    assert "effective_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        order(world, catalog, kind=OrderKind.CHANGE, quantity=12, effective_date=date(2024, 9, 1))
    assert "effective_date" in error.value.message_dict


def test_an_order_is_checked_again_when_it_is_approved(world, catalog):
    first = order(world, catalog, effective_date=date(2025, 2, 1))
    second = order(world, catalog, effective_date=date(2025, 3, 1))
    services.approve_order(first, acting_user=world.users["department_head"])
    with pytest.raises(ValidationError):
        services.approve_order(second, acting_user=world.users["department_head"])
    assert Order.objects.get(pk=second.pk).status == OrderStatus.SUBMITTED


def test_orders_awaiting_a_person(world, catalog):
    plain = order(world, catalog)
    server = order(world, catalog, by="department_head", service=catalog.server, quantity=1)
    assert set(Order.objects.awaiting(world.users["department_head"], world.org)) == {plain}
    assert set(Order.objects.awaiting(world.users["support_lead"], world.org)) == {server}
    assert not Order.objects.awaiting(world.users["it_coordinator"], world.org).exists()
