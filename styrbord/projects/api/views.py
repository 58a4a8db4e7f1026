from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from styrbord.core.api import TenantViewSet

from .. import services
from ..choices import Stage
from ..filtersets import ProjectFilterSet
from ..models import DigitalisationPlan, PlannedChange, Prioritisation, Project
from ..rules import planning_rows
from .serializers import (
    AdoptInputSerializer,
    CapacityInputSerializer,
    DigitalisationPlanSerializer,
    PlannedChangeSerializer,
    PrioritisationSerializer,
    ProjectSerializer,
    RankingInputSerializer,
    RankInputSerializer,
    UnrankInputSerializer,
)


class ProjectViewSet(TenantViewSet):
    """Development projects (§8) with their status reports (read). Stop a project instead of deleting it."""

    model = Project
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = ["title", "stage", "updated_at"]
    ordering = ["title"]
    select_related = ("requesting_department",)
    prefetch_related = ("systems", "services", "status_reports")

    def organisation_for_create(self, data):
        # Proposing is per department: the head of IT for any, department roles for theirs.
        return data.get("requesting_department") or data.get("organisation")

    def create_object(self, data):
        # The requesting department must be the organisation's own: services.create_project's rule.
        return services.create_project(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        user = self.request.user
        department = data.get("requesting_department")
        moves = department is not None and department != instance.requesting_department
        if moves and not user.has_perm("projects.add_project", department):
            raise exceptions.PermissionDenied()
        prioritises = data.get("stage") == Stage.PRIORITISED and instance.stage != Stage.PRIORITISED
        if prioritises and not user.has_perm("projects.prioritise_project", instance):
            raise exceptions.PermissionDenied()
        return services.update_project(instance, acting_user=user, **data)


class PlanningViewSet(TenantViewSet):
    """Planning material is read by those who hold a role in the organisation (not plain employees)."""

    def get_queryset(self):
        queryset = planning_rows(self.model.objects, self.request.user)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset


class PrioritisationViewSet(PlanningViewSet):
    """The tactical level's ranking of proposed projects for a period against IT's development hours.

    The head of IT creates one, ranks proposals (POST .../rank/, .../unrank/), re-orders the list
    (POST .../ranking/ with every ranked project's id once), sets the hours per quarter (POST
    .../capacity/) and adopts it (POST .../adopt/): a governance decision is recorded and the projects
    above the line become "prioritised". An adopted prioritisation stands as decided (400 on any change).
    ``entries`` shows the ranked list with the running total and the line (``fits``)."""

    model = Prioritisation
    serializer_class = PrioritisationSerializer
    filterset_fields = ["organisation", "status", "meeting"]
    ordering_fields = ["first_quarter", "title", "updated_at"]
    select_related = ("meeting", "decision")
    prefetch_related = ("entries__project", "capacity")

    def create_object(self, data):
        return services.create_prioritisation(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_prioritisation(instance, acting_user=self.request.user, **data)

    def get_permissions(self):
        if self.action in ("rank", "unrank", "ranking", "capacity"):
            self.object_permission_action = "change"
        if self.action == "adopt":
            self.object_permission_action = "adopt"
        return super().get_permissions()

    def _input(self, serializer_class):
        payload = serializer_class(data=self.request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        return payload.validated_data

    def _answer(self, prioritisation):
        fresh = self.get_queryset().get(pk=prioritisation.pk)
        return Response(PrioritisationSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=RankInputSerializer, responses=PrioritisationSerializer)
    @action(detail=True, methods=["post"])
    def rank(self, request, pk=None):
        prioritisation = self.get_object()
        data = self._input(RankInputSerializer)
        services.rank_project(prioritisation, acting_user=request.user, **data)
        return self._answer(prioritisation)

    @extend_schema(request=UnrankInputSerializer, responses=PrioritisationSerializer)
    @action(detail=True, methods=["post"])
    def unrank(self, request, pk=None):
        prioritisation = self.get_object()
        project = self._input(UnrankInputSerializer)["project"]
        services.remove_project(prioritisation, acting_user=request.user, project=project)
        return self._answer(prioritisation)

    @extend_schema(request=RankingInputSerializer, responses=PrioritisationSerializer)
    @action(detail=True, methods=["post"])
    def ranking(self, request, pk=None):
        prioritisation = self.get_object()
        data = self._input(RankingInputSerializer)
        services.set_ranking(prioritisation, acting_user=request.user, ranking=data["ranking"])
        return self._answer(prioritisation)

    @extend_schema(request=CapacityInputSerializer, responses=PrioritisationSerializer)
    @action(detail=True, methods=["post"])
    def capacity(self, request, pk=None):
        prioritisation = self.get_object()
        services.set_capacity(prioritisation, acting_user=request.user, **self._input(CapacityInputSerializer))
        return self._answer(prioritisation)

    @extend_schema(request=AdoptInputSerializer, responses=PrioritisationSerializer)
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        prioritisation = self.get_object()
        services.adopt_prioritisation(prioritisation, acting_user=request.user, **self._input(AdoptInputSerializer))
        return self._answer(prioritisation)


class DigitalisationPlanViewSet(PlanningViewSet):
    """The departments' digitalisation plans (one per department) with their planned changes by year.
    The head of IT keeps any plan; department heads and IT coordinators their department's."""

    model = DigitalisationPlan
    serializer_class = DigitalisationPlanSerializer
    filterset_fields = ["organisation", "department"]
    select_related = ("department",)
    prefetch_related = ("changes__systems", "changes__services")

    def organisation_for_create(self, data):
        # Like proposing a project: the head of IT for any department, department roles for theirs.
        return data.get("department") or data.get("organisation")

    def create_object(self, data):
        return services.create_plan(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        department = data.get("department")
        moves = department is not None and department != instance.department
        if moves and not self.request.user.has_perm("projects.add_digitalisationplan", department):
            raise exceptions.PermissionDenied()
        return services.update_plan(instance, acting_user=self.request.user, **data)


class PlannedChangeViewSet(PlanningViewSet):
    """A plan's planned changes: year (within the plan's years), what changes, systems and services affected,
    infrastructure impact and estimated cost. Kept by those who keep the plan."""

    model = PlannedChange
    serializer_class = PlannedChangeSerializer
    filterset_fields = ["plan", "year"]
    select_related = ("plan",)
    prefetch_related = ("systems", "services")

    def organisation_for_create(self, data):
        return data["plan"]

    def create_object(self, data):
        return services.add_change(data.pop("plan"), acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_change(instance, acting_user=self.request.user, **data)
