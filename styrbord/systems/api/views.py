from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from styrbord.core.api import TenantViewSet

from .. import compliance, services
from ..filtersets import (
    ManagementObjectFilterSet,
    ManagementPlanFilterSet,
    MeetingFilterSet,
    SystemFilterSet,
    SystemRoleFilterSet,
)
from ..models import ManagementObject, ManagementPlan, Meeting, MeetingDecision, PlanActivity, System, SystemRole
from .serializers import (
    ComplianceSerializer,
    FollowUpSerializer,
    ManagementObjectSerializer,
    ManagementPlanSerializer,
    MeetingDecisionSerializer,
    MeetingSerializer,
    PlanActivitySerializer,
    ReasonSerializer,
    SystemRoleSerializer,
    SystemSerializer,
)


def scope_of_data(data):
    """The system or management object a new row is created for (its organisation's roles decide)."""
    return data.get("system") or data.get("management_object")


class ScopedCreateMixin:
    object_permission_action = None  # set per action: the permission a POST on one row needs

    def organisation_for_create(self, data):
        return scope_of_data(data)


class ManagementObjectViewSet(TenantViewSet):
    """Management objects (förvaltningsobjekt): systems managed together. Deactivate instead of deleting."""

    model = ManagementObject
    serializer_class = ManagementObjectSerializer
    filterset_class = ManagementObjectFilterSet
    ordering_fields = ["name"]

    def create_object(self, data):
        return services.create_object(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_object(instance, acting_user=self.request.user, **data)


class SystemViewSet(TenantViewSet):
    """The system register. Retire a system (lifecycle "retired") instead of deleting it."""

    model = System
    serializer_class = SystemSerializer
    filterset_class = SystemFilterSet
    ordering_fields = ["name", "lifecycle", "updated_at"]
    ordering = ["name"]
    prefetch_related = ("runs_on", "integrations")

    def create_object(self, data):
        return services.create_system(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        register = self.request.user.has_perm("systems.change_register", instance)
        allowed = services.SYSTEM_FIELDS if register else services.ENTRY_FIELDS
        return services.update_system(instance, acting_user=self.request.user, allowed=allowed, **data)


class SystemRoleViewSet(ScopedCreateMixin, TenantViewSet, mixins.DestroyModelMixin):
    """System roles held for a system or a management object. PATCH records when IT was told; DELETE removes."""

    model = SystemRole
    serializer_class = SystemRoleSerializer
    filterset_class = SystemRoleFilterSet
    select_related = ("person",)

    def create_object(self, data):
        return services.assign_role(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_role(instance, acting_user=self.request.user, **data)

    def delete_object(self, instance):
        services.remove_role(instance, acting_user=self.request.user)


def _transition(view, pk, function, serializer_class=None):
    plan = view.get_object()
    payload = {}
    if serializer_class is not None:
        serializer = serializer_class(data=view.request.data)
        serializer.is_valid(raise_exception=True)
        payload = serializer.validated_data
    result = function(plan, acting_user=view.request.user, **payload)
    return Response(view.get_serializer(result).data)


class ManagementPlanViewSet(ScopedCreateMixin, TenantViewSet):
    """Annual management plans: drafted by the system manager, approved by the system owner, then followed up."""

    model = ManagementPlan
    serializer_class = ManagementPlanSerializer
    filterset_class = ManagementPlanFilterSet
    ordering_fields = ["year", "status"]
    prefetch_related = ("activities", "risks")

    def create_object(self, data):
        return services.create_plan(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_plan(instance, acting_user=self.request.user, **data)

    @extend_schema(request=None, responses=ManagementPlanSerializer)
    @action(detail=True, methods=["post"], object_permission_action="submit")
    def submit(self, request, pk=None):
        """The system manager submits the draft to the system owner."""
        return _transition(self, pk, services.submit_plan)

    @extend_schema(request=None, responses=ManagementPlanSerializer)
    @action(detail=True, methods=["post"], object_permission_action="approve")
    def approve(self, request, pk=None):
        """The system owner approves the plan (who and when are recorded)."""
        return _transition(self, pk, services.approve_plan)

    @extend_schema(request=ReasonSerializer, responses=ManagementPlanSerializer)
    @action(detail=True, methods=["post"], object_permission_action="approve", url_path="return")
    def return_to_manager(self, request, pk=None):
        """The system owner returns the plan to draft, with a reason."""
        return _transition(self, pk, services.return_plan, ReasonSerializer)

    @extend_schema(request=FollowUpSerializer, responses=ManagementPlanSerializer)
    @action(detail=True, methods=["post"], object_permission_action="close")
    def close(self, request, pk=None):
        """Follow up and close an approved plan."""
        return _transition(self, pk, services.close_plan, FollowUpSerializer)


class PlanActivityViewSet(TenantViewSet, mixins.DestroyModelMixin):
    """Activities of management plans: the estimate while drafted, the follow-up once approved."""

    model = PlanActivity
    serializer_class = PlanActivitySerializer
    filterset_fields = ["plan", "kind", "status"]
    select_related = ("plan",)

    def organisation_for_create(self, data):
        return data["plan"]

    def create_object(self, data):
        plan = data.pop("plan")
        return services.add_activity(plan, acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_activity(instance, acting_user=self.request.user, **data)

    def delete_object(self, instance):
        services.remove_activity(instance, acting_user=self.request.user)


class MeetingViewSet(ScopedCreateMixin, TenantViewSet):
    """Management meetings with participants, minutes and decisions."""

    model = Meeting
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    ordering_fields = ["date"]
    ordering = ["-date"]
    prefetch_related = ("decisions",)

    def create_object(self, data):
        return services.create_meeting(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_meeting(instance, acting_user=self.request.user, **data)

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["post"], object_permission_action="approve")
    def approve(self, request, pk=None):
        """The system owner approves the minutes of a held meeting."""
        return _transition(self, pk, services.approve_minutes)


class MeetingDecisionViewSet(TenantViewSet):
    """Decisions of management meetings; they belong to the system-management decision level."""

    model = MeetingDecision
    serializer_class = MeetingDecisionSerializer
    filterset_fields = ["meeting"]
    select_related = ("meeting",)

    def organisation_for_create(self, data):
        return data["meeting"]

    def create_object(self, data):
        meeting = data.pop("meeting")
        return services.add_decision(meeting, acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_decision(instance, acting_user=self.request.user, **data)


class ComplianceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Management quality per system in use: each rule met or missing, with the reason. Read-only."""

    model = System
    serializer_class = ComplianceSerializer
    filterset_class = SystemFilterSet
    ordering = ["name"]

    def get_queryset(self):
        systems = System.objects.restrict(self.request.user).select_related("owner_department")
        return compliance.managed(systems).order_by("name")

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        evaluations = compliance.evaluate_systems(page)
        return self.get_paginated_response(self.get_serializer(evaluations, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        evaluation = compliance.evaluate_systems([self.get_object()])[0]
        return Response(self.get_serializer(evaluation).data)
