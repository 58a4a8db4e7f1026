from rest_framework import serializers

from styrbord.core.api import TenantSerializer
from styrbord.infra.api.serializers import OrganisationFixedMixin
from styrbord.infra.models import ConfigurationItem

from ..models import (
    ManagementObject,
    ManagementPlan,
    Meeting,
    MeetingDecision,
    PlanActivity,
    PlanRisk,
    System,
    SystemRole,
)
from ..services import SYSTEM_FIELDS


class FixedOnUpdateMixin:
    """Fields named in ``fixed_on_update`` are chosen at creation and read-only afterwards."""

    fixed_on_update = ()

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            for name in self.fixed_on_update:
                fields[name].read_only = True
        return fields


class ManagementObjectSerializer(OrganisationFixedMixin, TenantSerializer):
    class Meta:
        model = ManagementObject
        fields = [
            "id",
            "organisation",
            "name",
            "description",
            "owner_department",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []


class SystemSerializer(OrganisationFixedMixin, TenantSerializer):
    runs_on = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=ConfigurationItem.objects.all(),
        required=False,
        help_text="Configuration items the system runs on.",
    )
    integrations = serializers.PrimaryKeyRelatedField(
        many=True, queryset=System.objects.all(), required=False, help_text="Systems this one sends information to."
    )
    information_types = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, help_text="Kinds of information it handles."
    )

    class Meta:
        model = System
        fields = ["id", "organisation", *SYSTEM_FIELDS, "runs_on", "integrations", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []


class SystemRoleSerializer(FixedOnUpdateMixin, TenantSerializer):
    fixed_on_update = ("system", "management_object", "kind", "person")

    class Meta:
        model = SystemRole
        fields = [
            "id",
            "organisation",
            "system",
            "management_object",
            "kind",
            "person",
            "communicated_on",
            "note",
            "created_at",
        ]
        read_only_fields = ["organisation", "created_at"]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        from styrbord.organisations.models import User

        if not fields["person"].read_only:
            fields["person"].queryset = User.objects.restrict(self.context["request"].user)
        return fields


class PlanActivitySerializer(FixedOnUpdateMixin, TenantSerializer):
    fixed_on_update = ("plan",)

    class Meta:
        model = PlanActivity
        fields = [
            "id",
            "plan",
            "title",
            "description",
            "kind",
            "estimated_cost",
            "estimated_hours",
            "status",
            "actual_cost",
            "actual_hours",
            "order",
        ]


class PlanRiskSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanRisk
        fields = ["id", "description", "level", "mitigation"]


class ManagementPlanSerializer(FixedOnUpdateMixin, TenantSerializer):
    fixed_on_update = ("system", "management_object", "year")
    activities = PlanActivitySerializer(many=True, read_only=True)
    risks = PlanRiskSerializer(many=True, read_only=True)

    class Meta:
        model = ManagementPlan
        fields = [
            "id",
            "organisation",
            "system",
            "management_object",
            "year",
            "status",
            "goals",
            "budget_upkeep",
            "budget_development",
            "submitted_at",
            "approved_by",
            "approved_on",
            "return_reason",
            "follow_up",
            "closed_on",
            "activities",
            "risks",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "organisation",
            "status",
            "submitted_at",
            "approved_by",
            "approved_on",
            "return_reason",
            "closed_on",
            "created_at",
            "updated_at",
        ]
        validators = []


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class FollowUpSerializer(serializers.Serializer):
    follow_up = serializers.CharField(required=False)


class MeetingDecisionSerializer(FixedOnUpdateMixin, TenantSerializer):
    fixed_on_update = ("meeting",)
    level = serializers.CharField(read_only=True, help_text="The decision level: always system_management.")

    class Meta:
        model = MeetingDecision
        fields = ["id", "meeting", "level", "text", "responsible", "due_on", "created_at"]
        read_only_fields = ["created_at"]


class MeetingSerializer(FixedOnUpdateMixin, TenantSerializer):
    fixed_on_update = ("system", "management_object")
    decisions = MeetingDecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "organisation",
            "system",
            "management_object",
            "kind",
            "date",
            "status",
            "participants",
            "agenda",
            "minutes",
            "minutes_approved_by",
            "minutes_approved_on",
            "decisions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["organisation", "minutes_approved_by", "minutes_approved_on", "created_at", "updated_at"]
        validators = []


class RuleResultSerializer(serializers.Serializer):
    rule = serializers.CharField()
    label = serializers.CharField()
    met = serializers.BooleanField()
    detail = serializers.CharField()


class ComplianceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="system.pk", help_text="The system's id.")
    name = serializers.CharField(source="system.name")
    is_vital = serializers.BooleanField(source="system.is_vital")
    owner_department = serializers.IntegerField(source="system.owner_department_id")
    met = serializers.BooleanField(help_text="Every rule is met.")
    rules = RuleResultSerializer(many=True, source="results")
