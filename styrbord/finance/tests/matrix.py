"""The finance pages and API resources in the authorization matrix (core/tests/test_matrix.py)."""

from datetime import date

from django.utils import timezone

from styrbord.core.testing import IT_HEAD, ApiRow, PageRow
from styrbord.finance import services

from .factories import approved_subscription, make_catalog, pending_order

ORDER_READERS = frozenset(
    {"department_head", "it_coordinator", "it_head", "support_lead", "it_staff", "finance", "management_group"}
)
ORDERERS = frozenset({"department_head", "it_coordinator", "it_head"})
APPROVERS = frozenset({"department_head", "it_head", "support_lead"})
COST_READERS = frozenset({"department_head", "it_coordinator", "it_head", "finance", "management_group"})
CLOSERS = frozenset({"finance", "it_head"})
RECORDERS = frozenset({"it_head", "support_lead", "it_staff", "finance"})
NEED_EDITORS = frozenset({"department_head", "it_coordinator"})
DEPARTMENT_HEAD = frozenset({"department_head"})


def charge_line(world):
    approved_subscription(world, quantity=3, start=date(2024, 1, 1))
    services.run_month(world.org, 2024, 1, acting_user=None)
    from styrbord.finance.models import ChargeLine

    return ChargeLine.objects.get(organisation=world.org)


def budget_round(world):
    from styrbord.finance.models import BudgetRound

    today = timezone.localdate()
    existing = BudgetRound.objects.filter(organisation=world.org).first()
    return existing or services.open_budget_round(
        acting_user=None, organisation=world.org, year=today.year + 1, deadline=today
    )


def need(world):
    catalog = make_catalog(world.org)
    return services.add_need(
        acting_user=None,
        round=budget_round(world),
        department=world.unit,
        service=catalog.arbetsplats,
        quantity_change=2,
        month=3,
        reason="Fler användare",
    )


def no_needs(world):
    return services.record_no_needs(acting_user=None, round=budget_round(world), department=world.unit)


def no_needs_payload(world):
    return {"round": budget_round(world).pk, "department": world.branch.pk, "note": "Inget nytt i år"}


def order_payload(world):
    catalog = make_catalog(world.org)
    return {"department": world.unit.pk, "service": catalog.dator.pk, "quantity": 3, "effective_date": "2025-02-01"}


def need_payload(world):
    catalog = make_catalog(world.org)
    return {
        "round": budget_round(world).pk,
        "department": world.unit.pk,
        "service": catalog.server.pk,
        "quantity_change": 1,
        "month": 5,
        "reason": "Nytt system",
    }


ROWS = [
    PageRow("finance:order_list", read=ORDER_READERS),
    PageRow("finance:order_create", read=ORDERERS),
    PageRow("finance:approvals", read=APPROVERS),
    PageRow("finance:order_detail", read=ORDER_READERS, args=lambda w: [pending_order(w).pk]),
    PageRow("finance:order_reject", read=DEPARTMENT_HEAD, args=lambda w: [pending_order(w).pk]),
    PageRow("finance:order_history", read=ORDER_READERS, args=lambda w: [pending_order(w).pk]),
    PageRow("finance:subscription_list", read=ORDER_READERS),
    PageRow("finance:department_subscriptions", read=ORDER_READERS, args=lambda w: [w.unit.pk]),
    PageRow("finance:cost_overview", read=COST_READERS),
    PageRow("finance:department_cost", read=COST_READERS, args=lambda w: [w.unit.pk]),
    PageRow("finance:month_list", read=CLOSERS),
    PageRow("finance:record_work", read=RECORDERS),
    PageRow("finance:exports", read=COST_READERS),
    PageRow("finance:export_charges", read=COST_READERS),
    PageRow("finance:budget_list", read=COST_READERS),
    PageRow("finance:round_list", read=COST_READERS),
    PageRow("finance:round_open", read=IT_HEAD),
    PageRow("finance:round_detail", read=COST_READERS, args=lambda w: [budget_round(w).pk]),
    PageRow("finance:round_export", read=COST_READERS, args=lambda w: [budget_round(w).pk]),
    PageRow("finance:need_create", read=NEED_EDITORS, args=lambda w: [budget_round(w).pk]),
    PageRow("finance:need_edit", read=NEED_EDITORS, args=lambda w: [need(w).pk]),
    PageRow("finance:no_needs_create", read=NEED_EDITORS, args=lambda w: [budget_round(w).pk]),
    PageRow("finance:settings", read=CLOSERS),
    ApiRow(
        "finance-api:order",
        obj=pending_order,
        read=ORDER_READERS,
        create=ORDERERS,
        create_payload=order_payload,
    ),
    ApiRow("finance-api:subscription", obj=lambda w: approved_subscription(w), read=ORDER_READERS),
    ApiRow("finance-api:charge", obj=charge_line, read=COST_READERS),
    ApiRow(
        "finance-api:budgetline",
        obj=need,
        read=COST_READERS,
        change=NEED_EDITORS,
        create=NEED_EDITORS,
        patch=lambda w, o: {"reason": "Fler användare i höst"},
        create_payload=need_payload,
    ),
    ApiRow(
        "finance-api:noneeds",
        obj=no_needs,
        read=COST_READERS,
        create=NEED_EDITORS,
        create_payload=no_needs_payload,
    ),
]
