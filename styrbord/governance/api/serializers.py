from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from styrbord.core.api import TenantSerializer
from styrbord.infra.api.serializers import OrganisationFixedMixin
from styrbord.organisations.models import Organisation

from ..models import (
    AgendaItem,
    Decision,
    DecisionLevel,
    Escalation,
    Forum,
    ForumMember,
    Meeting,
    StrategyDocument,
    StrategyReview,
)


class DefaultLevelsSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        fields["organisation"].queryset = Organisation.objects.restrict(getattr(request, "user", None))
        return fields


class DecisionLevelSerializer(TenantSerializer):
    class Meta:
        model = DecisionLevel
        fields = ["id", "organisation", "key", "name", "description", "rank", "prefix", "created_at", "updated_at"]
        read_only_fields = ["organisation", "key", "created_at", "updated_at"]
        validators = []


class ForumMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = ForumMember
        fields = ["id", "person", "role"]
        read_only_fields = fields


class ForumMembershipSerializer(TenantSerializer):
    """A member of a forum, kept by the head of IT: the person (a member of the organisation) and the role."""

    class Meta:
        model = ForumMember
        fields = ["id", "forum", "person", "role", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # the service reports a person who is already a member on ``person``

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["forum"].read_only = True
            fields["person"].read_only = True
        return fields


class ForumSerializer(OrganisationFixedMixin, TenantSerializer):
    members = ForumMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Forum
        fields = [
            "id",
            "organisation",
            "level",
            "name",
            "description",
            "system",
            "management_object",
            "is_active",
            "members",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []


class AgendaItemSerializer(TenantSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "order", "title", "description", "presenter", "source"]
        read_only_fields = ["source"]


class MeetingAgendaItemSerializer(TenantSerializer):
    """An item on a meeting's agenda; without ``order`` a new item goes last. Closed meetings are not changed."""

    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "order", "title", "description", "presenter", "source", "created_at", "updated_at"]
        read_only_fields = ["source", "created_at", "updated_at"]
        extra_kwargs = {"order": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["meeting"].read_only = True
        return fields


class ForumMeetingSerializer(TenantSerializer):
    agenda = AgendaItemSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "organisation",
            "forum",
            "date",
            "place",
            "status",
            "minutes",
            "closed_at",
            "closed_by",
            "agenda",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["organisation", "closed_at", "closed_by", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["forum"].read_only = True
        return fields


class DecisionSubjectSerializer(serializers.Serializer):
    type = serializers.CharField(help_text='"app_label.model", e.g. "systems.system" or "catalog.service".')
    id = serializers.IntegerField(min_value=1)
    label = serializers.CharField(read_only=True)

    def to_representation(self, instance):
        return {"type": instance.type_key, "id": instance.object_id, "label": instance.label}


class GovernanceDecisionSerializer(TenantSerializer):
    subjects = DecisionSubjectSerializer(many=True, required=False, help_text="What the decision concerns.")
    amended_by = serializers.SerializerMethodField()
    revoked_by = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "organisation",
            "reference",
            "level",
            "forum",
            "meeting",
            "agenda_item",
            "date",
            "title",
            "text",
            "rationale",
            "decided_by",
            "follow_up_date",
            "follow_up_note",
            "status",
            "amends",
            "revokes",
            "amended_by",
            "revoked_by",
            "subjects",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["organisation", "reference", "status", "follow_up_note", "created_at", "updated_at"]
        extra_kwargs = {"level": {"required": False}, "date": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            for name in ("level", "forum", "meeting", "amends", "revokes"):
                fields[name].read_only = True
        return fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_amended_by(self, obj):
        return [d.reference for d in obj.amended_by.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_revoked_by(self, obj):
        return [d.reference for d in obj.revoked_by.all()]


class DecisionFollowUpSerializer(serializers.Serializer):
    note = serializers.CharField()


class EscalationSerializer(TenantSerializer):
    path = serializers.SerializerMethodField()

    class Meta:
        model = Escalation
        fields = [
            "id",
            "organisation",
            "from_forum",
            "from_meeting",
            "to_forum",
            "parent",
            "question",
            "reason",
            "raised_by",
            "raised_on",
            "status",
            "agenda_item",
            "decision",
            "path",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "organisation",
            "raised_by",
            "raised_on",
            "status",
            "agenda_item",
            "decision",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_path(self, obj):
        """The ids of the escalations from the first step up to this one."""
        return [step.pk for step in obj.path()]


class StrategyReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategyReview
        fields = ["id", "date", "outcome", "decision", "notes"]
        read_only_fields = fields


class StrategyDocumentSerializer(OrganisationFixedMixin, TenantSerializer):
    reviews = StrategyReviewSerializer(many=True, read_only=True)
    mandate_period = serializers.SerializerMethodField()
    review_due = serializers.SerializerMethodField()

    class Meta:
        model = StrategyDocument
        fields = [
            "id",
            "organisation",
            "title",
            "version",
            "text",
            "status",
            "adopted_on",
            "adopting_decision",
            "mandate_period",
            "review_due",
            "reviews",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "adopted_on", "adopting_decision", "created_at", "updated_at"]
        validators = []

    @extend_schema_field(serializers.ListField(child=serializers.DateField(), allow_null=True))
    def get_mandate_period(self, obj):
        period = obj.mandate_period
        return [period[0], period[1]] if period else None

    @extend_schema_field(serializers.BooleanField())
    def get_review_due(self, obj):
        from ..services import review_state

        return obj.status == "adopted" and review_state(obj)["is_due"]


class StrategyAdoptSerializer(serializers.Serializer):
    adopted_on = serializers.DateField()
    decision = serializers.PrimaryKeyRelatedField(queryset=Decision.objects.all(), required=False, allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        fields["decision"].queryset = Decision.objects.restrict(getattr(request, "user", None))
        return fields


class StrategyReviewInputSerializer(TenantSerializer):
    class Meta:
        model = StrategyReview
        fields = ["date", "outcome", "decision", "notes"]
