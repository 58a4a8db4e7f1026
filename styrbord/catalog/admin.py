from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    BusinessCalendar,
    ClosedDay,
    CompetenceArea,
    LevelTarget,
    OpeningSegment,
    Price,
    PriceList,
    Service,
    ServiceLevel,
)


@admin.register(CompetenceArea)
class CompetenceAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "organisation", "order", "is_active"]
    list_filter = ["organisation", "is_active"]
    search_fields = ["name", "code"]


class LevelInline(admin.TabularInline):
    model = ServiceLevel
    extra = 0
    fields = ["name", "calendar", "availability_target", "order", "is_active"]
    show_change_link = True


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "area", "organisation", "unit", "status", "is_base"]
    list_filter = ["organisation", "area", "status", "unit", "is_base"]
    search_fields = ["name", "code", "summary"]
    raw_id_fields = ["responsible", "default_level"]
    inlines = [LevelInline]


class TargetInline(admin.TabularInline):
    model = LevelTarget
    extra = 0


@admin.register(ServiceLevel)
class ServiceLevelAdmin(SimpleHistoryAdmin):
    list_display = ["name", "service", "calendar", "availability_target", "is_active"]
    list_filter = ["service__organisation", "name", "calendar"]
    search_fields = ["name", "service__name"]
    inlines = [TargetInline]


class SegmentInline(admin.TabularInline):
    model = OpeningSegment
    extra = 0


class CalendarClosedDayInline(admin.TabularInline):
    model = ClosedDay
    extra = 0
    fields = ["date", "name", "organisation"]


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "always_open", "closed_on_public_holidays", "closed_on_de_facto_holidays"]
    list_filter = ["organisation"]
    inlines = [SegmentInline, CalendarClosedDayInline]


@admin.register(ClosedDay)
class ClosedDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "name", "organisation", "calendar"]
    list_filter = ["organisation", "calendar"]
    date_hierarchy = "date"


class PriceInline(admin.TabularInline):
    model = Price
    extra = 0
    raw_id_fields = ["service", "level"]


@admin.register(PriceList)
class PriceListAdmin(SimpleHistoryAdmin):
    list_display = ["year", "organisation", "status", "published_at", "published_by"]
    list_filter = ["organisation", "status"]
    readonly_fields = ["status", "published_at", "published_by"]
    inlines = [PriceInline]

    def get_inlines(self, request, obj):
        # A published list is frozen: its prices are not editable here either (Price.clean refuses them).
        return [] if obj is not None and obj.is_published else self.inlines


@admin.register(Price)
class PriceAdmin(SimpleHistoryAdmin):
    list_display = ["service", "level", "price_list", "amount"]
    list_filter = ["price_list__organisation", "price_list__year", "price_list__status"]
    search_fields = ["service__name"]
    raw_id_fields = ["service", "level"]
