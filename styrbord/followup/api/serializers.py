from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from styrbord.core.api import TenantSerializer
from styrbord.organisations.models import Organisation

from ..models import AnnualReport, Outage
from ..report import figures_of

ASSESSMENTS = list(AnnualReport.ASSESSMENT_FIELDS)


class AnnualReportSerializer(TenantSerializer):
    """A year's follow-up report: its status, the head of IT's assessments and (in ``figures``)
    the five parts as numbers, each with ``current`` and ``previous`` year. A frozen report's
    figures are those stored when it was frozen."""

    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    figures = serializers.SerializerMethodField(
        help_text="economy, delivered, perceived, security, systems: each {current, previous}; "
        "a cooperation report adds members (each municipality's report)."
    )

    class Meta:
        model = AnnualReport
        fields = [
            "id",
            "organisation",
            "year",
            "covers_cooperation",
            "status",
            "frozen_at",
            "frozen_by",
            *ASSESSMENTS,
            "figures",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "frozen_at", "frozen_by", "created_at", "updated_at"]
        validators = []  # the service validates the model: one report per year, the error on "year"

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple) and hasattr(self.instance, "pk"):
            for name in ("organisation", "year", "covers_cooperation"):
                fields[name].read_only = True
        return fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_figures(self, report):
        if not self.context.get("with_figures", True):
            return None
        return figures_of(report)


class FreezeSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(help_text="Must be true: the frozen report can no longer change.")


class OutageSerializer(TenantSerializer):
    """An outage recorded on a ticket: a service (or one level) unavailable from–to."""

    class Meta:
        model = Outage
        fields = [
            "id",
            "organisation",
            "ticket",
            "service",
            "level",
            "starts_at",
            "ends_at",
            "planned",
            "note",
            "recorded_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["organisation", "recorded_by", "created_at", "updated_at"]
        extra_kwargs = {"service": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and hasattr(self.instance, "pk"):
            fields["ticket"].read_only = True
        return fields
