"""The admin shows information-security data for support, with each row's history.

Settings, hosting requirements and the measure catalogue may be corrected here. Classifications,
self-assessments, action-plan items and sent reminders are read-only: their rules (adopted
classifications never change, the need is derived from the levels, a gap opens an action) live
in the services that the pages and the API call.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActionItem,
    Assessment,
    Classification,
    ClassificationParticipant,
    ClassificationReminder,
    HostingRequirement,
    InformationType,
    InformationTypeLevel,
    Measure,
    SecuritySettings,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    pass


@admin.register(SecuritySettings)
class SecuritySettingsAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "classification_valid_years", "review_reminder_days", "catalogue_version"]
    readonly_fields = ["catalogue_version"]


@admin.register(HostingRequirement)
class HostingRequirementAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "availability_level", "min_availability_target", "min_weekly_support_hours"]
    list_filter = ["organisation", "availability_level"]


@admin.register(InformationType)
class InformationTypeAdmin(ReadOnlyAdmin):
    list_display = ["name", "system", "personal_data", "sensitive_personal_data", "is_active"]
    list_filter = ["system__organisation", "personal_data", "sensitive_personal_data", "is_active"]
    search_fields = ["name", "system__name"]
    list_select_related = ["system"]


class LevelInline(ReadOnlyMixin, admin.TabularInline):
    model = InformationTypeLevel
    extra = 0
    fields = ["information_type", "confidentiality", "integrity", "availability", "traceability"]


class ParticipantInline(ReadOnlyMixin, admin.TabularInline):
    model = ClassificationParticipant
    extra = 0
    fields = ["role", "person", "name"]


@admin.register(Classification)
class ClassificationAdmin(ReadOnlyAdmin):
    list_display = [
        "system",
        "status",
        "classified_on",
        "valid_until",
        "need_confidentiality",
        "need_integrity",
        "need_availability",
        "need_traceability",
        "review_reason",
    ]
    list_filter = ["system__organisation", "status"]
    search_fields = ["system__name", "notes", "review_reason"]
    date_hierarchy = "classified_on"
    list_select_related = ["system"]
    inlines = [ParticipantInline, LevelInline]


@admin.register(ClassificationReminder)
class ClassificationReminderAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["classification", "stage", "person", "sent_on"]
    list_filter = ["classification__system__organisation", "stage"]
    search_fields = ["classification__system__name", "person__email", "person__last_name"]
    date_hierarchy = "sent_on"
    list_select_related = ["classification__system", "person"]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "title",
        "organisation",
        "theme",
        "kind",
        "required_confidentiality",
        "required_integrity",
        "required_availability",
        "required_traceability",
        "catalogue_version",
        "is_active",
    ]
    list_filter = ["organisation", "theme", "kind", "is_active"]
    search_fields = ["code", "title", "guidance"]
    readonly_fields = ["catalogue_version"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["system", "measure", "status", "assessed_on", "assessed_by"]
    list_filter = ["system__organisation", "status"]
    search_fields = ["system__name", "measure__code", "measure__title"]
    date_hierarchy = "assessed_on"
    list_select_related = ["system", "measure", "assessed_by"]


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "assessment", "owner", "due_date", "status", "completed_on"]
    list_filter = ["assessment__system__organisation", "status"]
    search_fields = ["title", "assessment__system__name", "assessment__measure__code"]
    date_hierarchy = "due_date"
    list_select_related = ["assessment__system", "assessment__measure", "owner"]
