from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Integration,
    ManagementObject,
    ManagementPlan,
    Meeting,
    MeetingDecision,
    PlanActivity,
    PlanRisk,
    System,
    SystemItem,
    SystemRole,
    SystemSettings,
)


@admin.register(SystemSettings)
class SystemSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "min_meetings", "plan_due_month", "plan_due_day", "months_without_meeting"]


@admin.register(ManagementObject)
class ManagementObjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "owner_department", "is_active"]
    list_filter = ["organisation", "is_active"]
    search_fields = ["name"]


class SystemItemInline(admin.TabularInline):
    model = SystemItem
    extra = 0
    raw_id_fields = ["item"]


class IntegrationInline(admin.TabularInline):
    model = Integration
    fk_name = "source"
    extra = 0
    raw_id_fields = ["target"]


@admin.register(System)
class SystemAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "owner_department", "management_object", "is_vital", "lifecycle"]
    list_filter = ["organisation", "is_vital", "lifecycle", "category"]
    search_fields = ["name", "supplier_name"]
    raw_id_fields = ["owner_department", "management_object", "hosting_service", "replaced_by"]
    inlines = [SystemItemInline, IntegrationInline]


@admin.register(SystemRole)
class SystemRoleAdmin(SimpleHistoryAdmin):
    list_display = ["person", "kind", "system", "management_object", "communicated_on"]
    list_filter = ["organisation", "kind"]
    raw_id_fields = ["person", "system", "management_object"]


class ActivityInline(admin.TabularInline):
    model = PlanActivity
    extra = 0


class RiskInline(admin.TabularInline):
    model = PlanRisk
    extra = 0


@admin.register(ManagementPlan)
class ManagementPlanAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "year", "status", "approved_on"]
    list_filter = ["organisation", "year", "status"]
    raw_id_fields = ["system", "management_object", "approved_by"]
    inlines = [ActivityInline, RiskInline]


class DecisionInline(admin.TabularInline):
    model = MeetingDecision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "date", "kind", "status"]
    list_filter = ["organisation", "kind", "status"]
    raw_id_fields = ["system", "management_object", "minutes_approved_by"]
    inlines = [DecisionInline]
