"""The finance app's models: settings, orders and subscriptions, charges and closing, budgets."""

from .budget import Budget, BudgetNeed, BudgetRound, NoNeedsStatement
from .charges import ChargeLine, MonthClose
from .orders import Order, Subscription
from .settings import FinanceSettings

__all__ = [
    "Budget",
    "BudgetNeed",
    "BudgetRound",
    "ChargeLine",
    "FinanceSettings",
    "MonthClose",
    "NoNeedsStatement",
    "Order",
    "Subscription",
]
