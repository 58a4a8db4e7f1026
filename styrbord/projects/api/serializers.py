from rest_framework import serializers

from styrbord.catalog.models import Service
from styrbord.core.api import TenantSerializer
from styrbord.infra.api.serializers import OrganisationFixedMixin
from styrbord.systems.models import System

from ..choices import Stage
from ..models import Project, StatusReport
from ..services import PROJECT_FIELDS


class StatusReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusReport
        fields = ["id", "date", "status", "progress", "hours_used", "author"]
        read_only_fields = fields


class ProjectSerializer(OrganisationFixedMixin, TenantSerializer):
    systems = serializers.PrimaryKeyRelatedField(
        many=True, queryset=System.objects.all(), required=False, help_text="Systems the project concerns."
    )
    services = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Service.objects.all(), required=False, help_text="Services the project concerns."
    )
    stage = serializers.ChoiceField(
        choices=Stage.choices,
        required=False,
        help_text="New projects are `idea` or `proposed`; later idea → proposed → prioritised → in_progress → done, "
        "or any unfinished stage → stopped.",
    )
    status_reports = StatusReportSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "organisation",
            *PROJECT_FIELDS,
            "stage",
            "systems",
            "services",
            "status_reports",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []
