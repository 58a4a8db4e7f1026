from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ConfigurationItem, ImportBatch, ItemRelation, ItemService, ItemType


@admin.register(ItemType)
class ItemTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "area", "organisation", "charged_as_service", "is_active"]
    list_filter = ["organisation", "area", "is_active"]
    search_fields = ["name", "code"]
    readonly_fields = ["library_version"]


class ItemServiceInline(admin.TabularInline):
    model = ItemService
    extra = 0
    raw_id_fields = ["service"]


class RelationInline(admin.TabularInline):
    model = ItemRelation
    fk_name = "source"
    extra = 0
    raw_id_fields = ["target"]


@admin.register(ConfigurationItem)
class ConfigurationItemAdmin(SimpleHistoryAdmin):
    list_display = ["name", "item_type", "status", "department", "assigned_to", "serial_number", "organisation"]
    list_filter = ["organisation", "item_type__area", "status"]
    search_fields = ["name", "serial_number", "model"]
    raw_id_fields = ["assigned_to", "department", "item_type"]
    inlines = [ItemServiceInline, RelationInline]


@admin.register(ItemRelation)
class ItemRelationAdmin(SimpleHistoryAdmin):
    list_display = ["source", "kind", "target"]
    list_filter = ["kind"]
    raw_id_fields = ["source", "target"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["filename", "organisation", "uploaded_by", "status", "created_at", "applied_at"]
    list_filter = ["organisation", "status"]
    exclude = ["content"]
    readonly_fields = ["filename", "uploaded_by", "status", "summary", "applied_at"]

    def has_add_permission(self, request):
        return False  # files are imported on the import page or with 'styrbord import-items'
