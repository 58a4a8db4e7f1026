from rest_framework import serializers

from styrbord.core.api import TenantSerializer

from ..models import BudgetNeed, ChargeLine, NoNeedsStatement, Order, Subscription

ORDER_INPUT = ["department", "service", "level", "kind", "quantity", "effective_date", "note"]


class OrderSerializer(TenantSerializer):
    class Meta:
        model = Order
        fields = [
            "id",
            "organisation",
            *ORDER_INPUT,
            "status",
            "subscription",
            "result",
            "ordered_by",
            "department_approved_by",
            "department_approved_at",
            "it_review_required",
            "it_approved_by",
            "it_approved_at",
            "decided_by",
            "decided_at",
            "rejection_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [name for name in fields if name not in ORDER_INPUT]
        extra_kwargs = {
            "quantity": {"required": False, "help_text": "Units from the effective date; not used to terminate."},
            "level": {"help_text": "Empty: the service's default level (for a change: the current level)."},
        }


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the order is rejected; shown to the person who ordered.")


class SubscriptionSerializer(TenantSerializer):
    class Meta:
        model = Subscription
        fields = [
            "id",
            "organisation",
            "department",
            "service",
            "level",
            "quantity",
            "valid_from",
            "valid_to",
            "order",
            "previous",
            "ended_by",
            "created_at",
        ]
        read_only_fields = fields


class ChargeLineSerializer(TenantSerializer):
    cost_centre = serializers.CharField(source="department.cost_centre", read_only=True)
    service_code = serializers.CharField(source="service.code", read_only=True)

    class Meta:
        model = ChargeLine
        fields = [
            "id",
            "organisation",
            "department",
            "cost_centre",
            "service",
            "service_code",
            "level",
            "year",
            "month",
            "kind",
            "quantity",
            "unit_price",
            "active_days",
            "days_in_month",
            "amount",
            "description",
            "work_date",
            "reference",
            "subscription",
            "order",
            "corrects",
            "corrected_year",
            "corrected_month",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class BudgetLineSerializer(TenantSerializer):
    """A planned need entered in a budget round (behovsinventering)."""

    class Meta:
        model = BudgetNeed
        fields = [
            "id",
            "organisation",
            "round",
            "department",
            "service",
            "level",
            "quantity_change",
            "month",
            "reason",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["organisation", "created_by", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["round"].read_only = True
        return fields


class ForecastLineSerializer(serializers.Serializer):
    """A computed forecast line of a budget round: department × service × level."""

    department = serializers.IntegerField(source="department.pk")
    cost_centre = serializers.CharField(source="department.cost_centre")
    service = serializers.IntegerField(source="service.pk")
    service_code = serializers.CharField(source="service.code")
    level = serializers.IntegerField(source="level.pk", allow_null=True, default=None)
    carried_forward = serializers.DecimalField(source="carried", max_digits=14, decimal_places=2)
    planned_needs = serializers.DecimalField(source="needs", max_digits=14, decimal_places=2)
    total = serializers.DecimalField(max_digits=14, decimal_places=2)
    estimated = serializers.BooleanField(help_text="Priced at this year's prices: the budget year's are not published.")
    missing_price = serializers.BooleanField()


class NoNeedsSerializer(TenantSerializer):
    """A department's answer to a budget round that it plans no new services or changes in volume."""

    class Meta:
        model = NoNeedsStatement
        fields = ["id", "organisation", "round", "department", "note", "recorded_by", "created_at"]
        read_only_fields = ["organisation", "recorded_by", "created_at"]
