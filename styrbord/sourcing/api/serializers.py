from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from styrbord.catalog.models import Service
from styrbord.core.api import TenantSerializer
from styrbord.infra.api.serializers import OrganisationFixedMixin
from styrbord.infra.models import ConfigurationItem
from styrbord.organisations.models import User
from styrbord.systems.models import System

from ..choices import ContractStatus
from ..models import (
    Alternative,
    Comparison,
    Contract,
    ContractRequirement,
    Criterion,
    Supplier,
    SupplierContact,
)
from ..ranking import ranking_of
from ..services import (
    ALTERNATIVE_FIELDS,
    COMPARISON_FIELDS,
    CONTACT_FIELDS,
    CONTRACT_FIELDS,
    REQUIREMENT_FIELDS,
    SUPPLIER_FIELDS,
)


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupplierContact
        fields = ["id", *CONTACT_FIELDS]


class SupplierSerializer(OrganisationFixedMixin, TenantSerializer):
    contacts = ContactSerializer(
        many=True, required=False, help_text="The supplier's contacts; on write, replaces the list."
    )

    class Meta:
        model = Supplier
        fields = ["id", "organisation", *SUPPLIER_FIELDS, "contacts", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []


class RequirementSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContractRequirement
        fields = ["id", *REQUIREMENT_FIELDS]


def _classification_queryset():
    from styrbord.security.models import Classification

    return Classification.objects.all()


class ContractSerializer(OrganisationFixedMixin, TenantSerializer):
    services = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Service.objects.all(), required=False, help_text="Catalogue services the contract covers."
    )
    systems = serializers.PrimaryKeyRelatedField(
        many=True, queryset=System.objects.all(), required=False, help_text="Systems the contract covers."
    )
    items = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=ConfigurationItem.objects.all(),
        required=False,
        help_text="Configuration items the contract covers.",
    )
    classifications = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=_classification_queryset(),
        required=False,
        help_text="Security classifications whose procurement requirements apply.",
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        help_text="The contract owner; left out for a system's contract, its system owner.",
    )
    status = serializers.ChoiceField(
        choices=ContractStatus.choices, read_only=True, help_text="Derived from the dates and notice given."
    )
    requirements = RequirementSerializer(
        many=True,
        required=False,
        help_text="Business, technical and information-security requirements; on write, replaces the list.",
    )

    class Meta:
        model = Contract
        fields = [
            "id",
            "organisation",
            *CONTRACT_FIELDS,
            "services",
            "systems",
            "items",
            "classifications",
            "notice_date",
            "renewals_used",
            "status",
            "requirements",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["notice_date", "renewals_used", "created_at", "updated_at"]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["owner"].queryset = User.objects.restrict(request.user)
        return fields


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "weight", "order"]
        read_only_fields = ["id", "order"]


class AlternativeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Alternative
        fields = ["id", *ALTERNATIVE_FIELDS]


class RankedSerializer(serializers.Serializer):
    alternative = serializers.IntegerField(source="alternative.pk")
    name = serializers.CharField(source="alternative.name")
    rank = serializers.IntegerField(allow_null=True, help_text="1 is best; equal totals share a rank.")
    total = serializers.DecimalField(
        source="display_total", max_digits=5, decimal_places=2, allow_null=True, help_text="Σ weight × score / 100."
    )
    tied_with = serializers.SerializerMethodField()
    missing = serializers.SerializerMethodField(help_text="Criteria without a score.")

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_tied_with(self, row):
        return [alternative.pk for alternative in row.tied_with]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_missing(self, row):
        return [criterion.pk for criterion in row.missing]


class ScoreInputSerializer(serializers.Serializer):
    alternative = serializers.IntegerField()
    criterion = serializers.IntegerField()
    score = serializers.IntegerField(allow_null=True, help_text="1–5, or null to clear.")


class ScoresSerializer(serializers.Serializer):
    scores = ScoreInputSerializer(many=True)


class DecisionSerializer(serializers.Serializer):
    chosen = serializers.IntegerField(help_text="The chosen alternative's id.")
    decision = serializers.CharField()
    decided_on = serializers.DateField(required=False)


class ComparisonSerializer(OrganisationFixedMixin, TenantSerializer):
    criteria = CriterionSerializer(
        many=True, required=False, help_text="Criteria with weights adding up to 100; on write, replaces the list."
    )
    alternatives = AlternativeSerializer(many=True, read_only=True)
    scores = serializers.SerializerMethodField()
    ranking = serializers.SerializerMethodField()
    ranking_notes = serializers.SerializerMethodField()

    class Meta:
        model = Comparison
        fields = [
            "id",
            "organisation",
            *COMPARISON_FIELDS,
            "status",
            "criteria",
            "alternatives",
            "scores",
            "ranking",
            "ranking_notes",
            "chosen",
            "decision",
            "decided_on",
            "decided_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "chosen", "decision", "decided_on", "decided_by", "created_at", "updated_at"]
        validators = []

    def _ranking(self, comparison):
        cache = self.context.setdefault("_rankings", {})
        if comparison.pk not in cache:
            cache[comparison.pk] = ranking_of(comparison)
        return cache[comparison.pk]

    @extend_schema_field(ScoreInputSerializer(many=True))
    def get_scores(self, comparison):
        return [
            {"alternative": row.alternative.pk, "criterion": criterion.pk, "score": score}
            for row in self._ranking(comparison).rows
            for criterion, score, _contribution in row.cells
            if score is not None
        ]

    @extend_schema_field(RankedSerializer(many=True))
    def get_ranking(self, comparison):
        return RankedSerializer(self._ranking(comparison).rows, many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_ranking_notes(self, comparison):
        return [str(note) for note in self._ranking(comparison).notes]
