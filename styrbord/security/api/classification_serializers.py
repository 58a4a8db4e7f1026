"""Serializers of information types, classifications and findings."""

from rest_framework import serializers

from styrbord.core.api import TenantSerializer
from styrbord.organisations.models import User

from ..choices import Aspect, ParticipantRole
from ..models import Classification, ClassificationParticipant, InformationType, InformationTypeLevel
from ..services import CLASSIFICATION_FIELDS, INFORMATION_TYPE_FIELDS


class InformationTypeSerializer(TenantSerializer):
    class Meta:
        model = InformationType
        fields = ["id", "system", *INFORMATION_TYPE_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["system"].read_only = True
        return fields


class LevelSerializer(TenantSerializer):
    information_type = serializers.PrimaryKeyRelatedField(queryset=InformationType.objects.all())

    class Meta:
        model = InformationTypeLevel
        fields = ["information_type", "confidentiality", "integrity", "availability", "traceability"]
        validators = []


class ParticipantSerializer(TenantSerializer):
    person = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    role = serializers.ChoiceField(choices=ParticipantRole.choices)

    class Meta:
        model = ClassificationParticipant
        fields = ["person", "name", "role"]
        validators = []


class ClassificationSerializer(TenantSerializer):
    levels = LevelSerializer(many=True, required=False, help_text="Levels per information type (replaced as a whole).")
    participants = ParticipantSerializer(many=True, required=False, help_text="Who took part (replaced as a whole).")

    class Meta:
        model = Classification
        fields = [
            "id",
            "system",
            "status",
            *CLASSIFICATION_FIELDS,
            "valid_until",
            "review_reason",
            *(f"need_{aspect}" for aspect in Aspect.values),
            "adopted_by",
            "adopted_at",
            "supersedes",
            "levels",
            "participants",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "valid_until",
            "review_reason",
            "adopted_by",
            "adopted_at",
            "supersedes",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"classified_on": {"required": False}}
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["system"].read_only = True
        return fields


class SupplierRequirementSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    supplier_requirement = serializers.CharField()
    triggered_by = serializers.ListField(
        child=serializers.DictField(), help_text="[{aspect, level, required_from}] that made it required."
    )


class FindingSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="hosting, vital_unclassified or traceability.")
    kind_label = serializers.CharField()
    system = serializers.IntegerField(source="system.pk")
    system_name = serializers.CharField(source="system.name")
    department = serializers.IntegerField(source="system.owner_department_id")
    severity = serializers.CharField(help_text="danger or warning.")
    message = serializers.CharField()
    details = serializers.DictField()
