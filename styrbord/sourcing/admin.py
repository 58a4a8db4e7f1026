from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Comparison, Contract, SourcingSettings, Supplier


@admin.register(SourcingSettings)
class SourcingSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "first_reminder_days", "second_reminder_days"]


@admin.register(Supplier)
class SupplierAdmin(SimpleHistoryAdmin):
    list_display = ["name", "org_number", "organisation", "is_active"]
    list_filter = ["organisation", "is_active"]
    search_fields = ["name", "org_number"]


@admin.register(Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "supplier", "end_date", "notice_date", "organisation"]
    list_filter = ["organisation", "procurement_form"]
    search_fields = ["reference", "title"]
    raw_id_fields = ["supplier", "owner"]
    filter_horizontal = []
    exclude = ["services", "systems", "items", "classifications"]


@admin.register(Comparison)
class ComparisonAdmin(SimpleHistoryAdmin):
    list_display = ["title", "status", "organisation"]
    list_filter = ["organisation", "status"]
