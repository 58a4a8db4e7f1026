from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from styrbord.catalog.models import Service
from styrbord.core.api import TenantSerializer
from styrbord.infra.api.serializers import OrganisationFixedMixin
from styrbord.systems.models import System

from ..capacity import compute
from ..choices import Stage
from ..models import CapacityQuarter, DigitalisationPlan, PlannedChange, Prioritisation, Project, StatusReport
from ..services import CHANGE_FIELDS, PLAN_FIELDS, PRIORITISATION_FIELDS, PROJECT_FIELDS


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


# --- Prioritisations -----------------------------------------------------------------------------


class PrioritisationEntrySerializer(serializers.Serializer):
    """One line of the ranked list with what fits (see projects/capacity.py)."""

    id = serializers.IntegerField(source="entry.pk", read_only=True)
    rank = serializers.IntegerField(source="entry.rank", read_only=True)
    project = serializers.IntegerField(source="entry.project_id", read_only=True)
    title = serializers.CharField(source="entry.project.title", read_only=True)
    note = serializers.CharField(source="entry.note", read_only=True)
    hours = serializers.IntegerField(read_only=True, help_text="The project's estimated IT hours (0 without one).")
    cumulative = serializers.IntegerField(read_only=True, help_text="Hours down to and including this line.")
    fits = serializers.BooleanField(read_only=True, help_text="Above the line: within the capacity.")
    missing_estimate = serializers.BooleanField(read_only=True)


class CapacityQuarterSerializer(serializers.ModelSerializer):
    class Meta:
        model = CapacityQuarter
        fields = ["quarter", "hours"]
        read_only_fields = fields


class PrioritisationSerializer(OrganisationFixedMixin, TenantSerializer):
    entries = serializers.SerializerMethodField(help_text="The ranked projects in rank order, with what fits.")
    capacity = CapacityQuarterSerializer(many=True, read_only=True)
    capacity_hours = serializers.SerializerMethodField(help_text="The period's IT hours for development.")
    planned_hours = serializers.SerializerMethodField(help_text="The hours of the projects above the line.")

    class Meta:
        model = Prioritisation
        fields = [
            "id",
            "organisation",
            *PRIORITISATION_FIELDS,
            "status",
            "adopted_on",
            "decision",
            "entries",
            "capacity",
            "capacity_hours",
            "planned_hours",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "adopted_on", "decision", "created_at", "updated_at"]

    def _fit(self, obj):
        # From the prefetched entries and capacity: a constant number of queries for a list.
        cache = self.context.setdefault("_fits", {})
        if obj.pk not in cache:
            entries = sorted(obj.entries.all(), key=lambda entry: entry.rank)
            cache[obj.pk] = compute(entries, sum(row.hours for row in obj.capacity.all()))
        return cache[obj.pk]

    @extend_schema_field(PrioritisationEntrySerializer(many=True))
    def get_entries(self, obj):
        return PrioritisationEntrySerializer(self._fit(obj).lines, many=True).data

    @extend_schema_field(serializers.IntegerField())
    def get_capacity_hours(self, obj):
        return self._fit(obj).capacity

    @extend_schema_field(serializers.IntegerField())
    def get_planned_hours(self, obj):
        return self._fit(obj).planned


class RankInputSerializer(serializers.Serializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), help_text="A proposed project.")
    rank = serializers.IntegerField(min_value=1, required=False, allow_null=True, help_text="Empty: last.")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        fields["project"].queryset = Project.objects.restrict(getattr(request, "user", None))
        return fields


class UnrankInputSerializer(RankInputSerializer):
    rank = None
    note = None


class RankingInputSerializer(serializers.Serializer):
    ranking = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=False,
        help_text="The ids of the ranked projects in the new order, each exactly once.",
    )


class CapacityInputSerializer(serializers.Serializer):
    quarter = serializers.CharField(max_length=7, help_text="YYYY-Qn within the period, e.g. 2027-Q2.")
    hours = serializers.IntegerField(min_value=0, help_text="IT hours for development in the quarter.")


class AdoptInputSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, help_text="Decision text before the summary.")
    date = serializers.DateField(required=False, help_text="The decision date; by default the meeting's or today.")


# --- Digitalisation plans ------------------------------------------------------------------------


class PlannedChangeSerializer(TenantSerializer):
    systems = serializers.PrimaryKeyRelatedField(many=True, queryset=System.objects.all(), required=False)
    services = serializers.PrimaryKeyRelatedField(many=True, queryset=Service.objects.all(), required=False)

    class Meta:
        model = PlannedChange
        fields = ["id", "plan", *CHANGE_FIELDS, "systems", "services", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["plan"].read_only = True
        return fields


class DigitalisationPlanSerializer(OrganisationFixedMixin, TenantSerializer):
    changes = PlannedChangeSerializer(many=True, read_only=True)

    class Meta:
        model = DigitalisationPlan
        fields = ["id", "organisation", *PLAN_FIELDS, "changes", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # the service reports a second plan for a department on ``department``
