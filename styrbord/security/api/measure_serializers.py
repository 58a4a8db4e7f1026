"""Serializers of the measure catalogue, self-assessments and action-plan items."""

from django.utils import timezone
from rest_framework import serializers

from styrbord.core.api import TenantSerializer
from styrbord.infra.api.serializers import OrganisationFixedMixin
from styrbord.organisations.models import User

from ..choices import ActionStatus
from ..measure_services import ACTION_FIELDS, MEASURE_FIELDS
from ..models import ActionItem, Assessment, Measure


class MeasureSerializer(OrganisationFixedMixin, TenantSerializer):
    class Meta:
        model = Measure
        fields = ["id", "organisation", *MEASURE_FIELDS, "catalogue_version", "created_at", "updated_at"]
        read_only_fields = ["catalogue_version", "created_at", "updated_at"]
        validators = []  # the service checks uniqueness and reports it on the field


class AssessmentSerializer(TenantSerializer):
    action_owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        write_only=True,
        help_text="Owner of the action item a partly or not met answer opens (default: the system manager).",
    )
    action_due_date = serializers.DateField(
        required=False,
        allow_null=True,
        write_only=True,
        help_text="Due date of that action item (default: 90 days after the assessment).",
    )
    open_actions = serializers.SerializerMethodField(help_text="Ids of the open action-plan items.")

    class Meta:
        model = Assessment
        fields = [
            "id",
            "system",
            "measure",
            "status",
            "comment",
            "evidence",
            "not_applicable_reason",
            "assessed_on",
            "assessed_by",
            "action_owner",
            "action_due_date",
            "open_actions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["assessed_by", "created_at", "updated_at"]
        extra_kwargs = {"assessed_on": {"required": False}}
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["system"].read_only = True
            fields["measure"].read_only = True
        return fields

    def get_open_actions(self, assessment) -> list[int]:
        return [a.pk for a in assessment.actions.all() if a.status != ActionStatus.DONE]


class ActionItemSerializer(TenantSerializer):
    system = serializers.IntegerField(source="assessment.system_id", read_only=True, help_text="The system's id.")
    measure = serializers.IntegerField(source="assessment.measure_id", read_only=True, help_text="The measure's id.")
    overdue = serializers.SerializerMethodField(help_text="Not done and past its due date.")

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "assessment",
            "system",
            "measure",
            *ACTION_FIELDS,
            "completed_on",
            "overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["assessment", "completed_on", "created_at", "updated_at"]

    def get_overdue(self, action) -> bool:
        return bool(action.status != ActionStatus.DONE and action.due_date and action.due_date < timezone.localdate())
