"""The admin shows finance data for support; changes go through the pages and the API, whose
services keep subscriptions, charges and closed months consistent."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Budget,
    BudgetNeed,
    BudgetRound,
    ChargeLine,
    FinanceSettings,
    MonthClose,
    NoNeedsStatement,
    Order,
    Subscription,
)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FinanceSettings)
class FinanceSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "cost_account", "revenue_account", "it_cost_centre", "cost_centre_dimension"]


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["id", "organisation", "department", "service", "kind", "quantity", "effective_date", "status"]
    list_filter = ["organisation", "status", "kind"]
    search_fields = ["department__name", "service__name"]


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["department", "service", "level", "quantity", "valid_from", "valid_to"]
    list_filter = ["organisation"]
    search_fields = ["department__name", "service__name"]


@admin.register(ChargeLine)
class ChargeLineAdmin(ReadOnlyAdmin):
    list_display = ["year", "month", "department", "service", "kind", "quantity", "amount"]
    list_filter = ["organisation", "year", "kind"]
    search_fields = ["department__name", "service__name", "reference"]


@admin.register(MonthClose)
class MonthCloseAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "year", "month", "closed_by", "closed_at"]


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "year", "kind", "department", "amount"]
    list_filter = ["organisation", "year", "kind"]


@admin.register(BudgetRound)
class BudgetRoundAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "year", "deadline", "status"]


@admin.register(BudgetNeed)
class BudgetNeedAdmin(ReadOnlyAdmin):
    list_display = ["round", "department", "service", "quantity_change", "month"]
    list_filter = ["round"]


@admin.register(NoNeedsStatement)
class NoNeedsStatementAdmin(ReadOnlyAdmin):
    list_display = ["round", "department", "recorded_by", "created_at"]
    list_filter = ["round"]
