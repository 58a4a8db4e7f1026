from django.utils.translation import gettext as _
from rest_framework import serializers

from styrbord.core.api import TenantSerializer

from ..models import (
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
from ..services import AREA_FIELDS, CALENDAR_FIELDS, CLOSED_DAY_FIELDS, LEVEL_FIELDS, SERVICE_FIELDS

TIMESTAMPS = ["created_at", "updated_at"]


class FixedParentMixin:
    """Fields that place a row (its organisation or parent) are set at creation and then read-only."""

    fixed_on_update = ()

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            for name in self.fixed_on_update:
                fields[name].read_only = True
        return fields


class CompetenceAreaSerializer(FixedParentMixin, TenantSerializer):
    fixed_on_update = ("organisation",)

    class Meta:
        model = CompetenceArea
        fields = ["id", "organisation", *AREA_FIELDS, *TIMESTAMPS]
        read_only_fields = TIMESTAMPS
        validators = []  # the service checks the code and reports it on the field


class ServiceSerializer(FixedParentMixin, TenantSerializer):
    fixed_on_update = ("organisation",)
    price_basis = serializers.CharField(read_only=True, help_text="What a price is for, e.g. 'per user and month'.")

    class Meta:
        model = Service
        fields = ["id", "organisation", *SERVICE_FIELDS, "price_basis", *TIMESTAMPS]
        read_only_fields = TIMESTAMPS
        validators = []


class LevelTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = LevelTarget
        fields = ["priority", "response_minutes", "resolution_minutes"]

    def validate(self, attrs):
        if attrs["resolution_minutes"] < attrs["response_minutes"]:
            raise serializers.ValidationError({"resolution_minutes": _("Resolution cannot come before the response.")})
        return attrs


class ServiceLevelSerializer(FixedParentMixin, TenantSerializer):
    fixed_on_update = ("service",)
    targets = LevelTargetSerializer(
        many=True,
        required=False,
        help_text="Response and resolution targets per priority, in business minutes of the calendar. "
        "Writing the list replaces the level's targets.",
    )

    class Meta:
        model = ServiceLevel
        fields = ["id", "service", *LEVEL_FIELDS, "targets", *TIMESTAMPS]
        read_only_fields = TIMESTAMPS
        validators = []

    def validate_targets(self, targets):
        priorities = [target["priority"] for target in targets]
        if len(priorities) != len(set(priorities)):
            raise serializers.ValidationError(_("Each priority may have one target only."))
        return targets


class OpeningSegmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = OpeningSegment
        fields = ["weekday", "opens", "closes"]

    def validate(self, attrs):
        if attrs["closes"] <= attrs["opens"]:
            raise serializers.ValidationError({"closes": _("The closing time must be after the opening time.")})
        return attrs


class CalendarClosedDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = ClosedDay
        fields = ["date", "name"]


class BusinessCalendarSerializer(FixedParentMixin, TenantSerializer):
    fixed_on_update = ("organisation",)
    segments = OpeningSegmentSerializer(
        many=True,
        required=False,
        help_text="Opening hours: one or more segments per weekday (0 = Monday). Writing the list replaces them.",
    )
    closed_days = CalendarClosedDaySerializer(
        many=True,
        required=False,
        help_text="Days this calendar alone is closed. Days closed in every calendar are at /api/catalog/closed-days/.",
    )

    class Meta:
        model = BusinessCalendar
        fields = ["id", "organisation", *CALENDAR_FIELDS, "segments", "closed_days", *TIMESTAMPS]
        read_only_fields = TIMESTAMPS
        validators = []


class ClosedDaySerializer(FixedParentMixin, TenantSerializer):
    fixed_on_update = ("organisation",)

    class Meta:
        model = ClosedDay
        fields = ["id", "organisation", *CLOSED_DAY_FIELDS]


class PriceListSerializer(FixedParentMixin, TenantSerializer):
    fixed_on_update = ("organisation", "year")

    class Meta:
        model = PriceList
        fields = ["id", "organisation", "year", "status", "published_at", "published_by", "note", *TIMESTAMPS]
        read_only_fields = ["status", "published_at", "published_by", *TIMESTAMPS]
        validators = []


class CopyPriceListSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="The year of the new draft.")
    percent = serializers.DecimalField(
        max_digits=6, decimal_places=2, default=0, help_text="Change of every price in per cent, e.g. 3.5."
    )
    whole_kronor = serializers.BooleanField(
        default=False, help_text="Round prices of 10 kr and more to whole kronor (smaller ones keep öre)."
    )
    note = serializers.CharField(required=False, allow_blank=True)


class PriceSerializer(FixedParentMixin, TenantSerializer):
    fixed_on_update = ("price_list", "service", "level")
    year = serializers.IntegerField(source="price_list.year", read_only=True)

    class Meta:
        model = Price
        fields = ["id", "price_list", "year", "service", "level", "amount"]
        validators = []  # setting the price of a priced service and level changes it
