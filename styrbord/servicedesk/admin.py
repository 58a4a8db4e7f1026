"""The admin shows the service desk for support; tickets change through the pages and the API,
where the services keep the SLA clocks and the timeline right."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Attachment,
    Comment,
    DeskSettings,
    MaintenancePlan,
    PriorityRule,
    QueueMember,
    Ticket,
    TicketEvent,
    TicketLink,
    TimeEntry,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = TicketEvent
    fields = ["at", "kind", "actor", "text"]
    readonly_fields = fields


class CommentInline(ReadOnlyInline):
    model = Comment
    fields = ["created_at", "author", "is_public", "body"]
    readonly_fields = fields


@admin.register(Ticket)
class TicketAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "organisation", "kind", "status", "priority", "queue", "assignee", "resolve_by"]
    list_filter = ["organisation", "kind", "status", "priority"]
    search_fields = ["title", "description"]
    raw_id_fields = [
        "reporter",
        "created_by",
        "department",
        "service",
        "level",
        "queue",
        "assignee",
        "maintenance_plan",
    ]
    inlines = [EventInline, CommentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # tickets are official records: never deleted here


@admin.register(DeskSettings)
class DeskSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "reference_prefix", "at_risk_percent", "employees_see_department_tickets"]


@admin.register(PriorityRule)
class PriorityRuleAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "impact", "urgency", "priority"]
    list_filter = ["organisation"]


@admin.register(QueueMember)
class QueueMemberAdmin(SimpleHistoryAdmin):
    list_display = ["area", "user", "is_lead"]
    raw_id_fields = ["user"]


@admin.register(MaintenancePlan)
class MaintenancePlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "recurrence", "interval", "queue", "is_active"]
    list_filter = ["organisation", "is_active", "recurrence"]
    raw_id_fields = ["service", "queue", "assignee"]


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "ticket", "content_type", "size", "is_public", "uploaded_by", "uploaded_at"]
    readonly_fields = ["ticket", "comment", "file", "name", "content_type", "size", "uploaded_by"]
    exclude = ["stored_name"]

    def has_add_permission(self, request):
        return False


@admin.register(TimeEntry)
class TimeEntryAdmin(SimpleHistoryAdmin):
    list_display = ["ticket", "user", "date", "minutes", "billable"]
    raw_id_fields = ["ticket", "user"]

    def has_add_permission(self, request):
        return False


@admin.register(TicketLink)
class TicketLinkAdmin(SimpleHistoryAdmin):
    list_display = ["source", "kind", "target"]
    raw_id_fields = ["source", "target", "created_by"]
