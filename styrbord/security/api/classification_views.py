"""API of information types, classifications and findings (/api/security/...)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from styrbord.core.api import TenantViewSet

from .. import findings as findings_module
from .. import procurement, services
from ..classification_filters import ClassificationFilterSet, InformationTypeFilterSet
from ..models import Classification, InformationType
from ..views import filter_findings
from .classification_serializers import (
    ClassificationSerializer,
    FindingSerializer,
    InformationTypeSerializer,
    SupplierRequirementSerializer,
)


class InformationTypeViewSet(TenantViewSet):
    """Kinds of information a system handles; deactivate (``is_active``: false) instead of deleting."""

    model = InformationType
    serializer_class = InformationTypeSerializer
    filterset_class = InformationTypeFilterSet
    ordering_fields = ["name"]
    ordering = ["system", "name"]

    def organisation_for_create(self, data):
        return data.get("system")

    def create_object(self, data):
        system = data.pop("system")
        return services.create_information_type(system, acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_information_type(instance, acting_user=self.request.user, **data)


class ClassificationViewSet(TenantViewSet, mixins.DestroyModelMixin):
    """Classifications of systems. POST a draft (with ``levels`` and ``participants``), PATCH it while it
    is a draft, then POST ``adopt``. A classification with confidentiality need 3 or more is visible only
    to the system's roles, the security coordinator and the head of IT (others get 404). DELETE: drafts."""

    model = Classification
    object_permission_action = None  # set per action: the permission a POST on one row needs
    serializer_class = ClassificationSerializer
    filterset_class = ClassificationFilterSet
    ordering_fields = ["classified_on", "valid_until"]
    ordering = ["system", "-classified_on", "-pk"]
    select_related = ("system",)
    prefetch_related = ("levels", "participants")

    def organisation_for_create(self, data):
        return data.get("system")

    def create_object(self, data):
        system = data.pop("system")
        return services.create_classification(system, acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_classification(instance, acting_user=self.request.user, **data)

    def delete_object(self, instance):
        services.delete_draft(instance, acting_user=self.request.user)

    @extend_schema(request=None, responses=ClassificationSerializer)
    @action(detail=True, methods=["post"], object_permission_action="adopt")
    def adopt(self, request, pk=None):
        """Adopt a draft: it becomes the system's current classification."""
        classification = services.adopt_classification(self.get_object(), acting_user=request.user)
        return Response(self.get_serializer(classification).data)

    @extend_schema(responses=SupplierRequirementSerializer(many=True))
    @action(detail=True, methods=["get"])
    def requirements(self, request, pk=None):
        """The supplier requirements that follow from the classification (for a tender or contract)."""
        items = procurement.requirements_for(self.get_object())
        return Response([item.as_dict() for item in items])


@extend_schema(
    parameters=[
        OpenApiParameter("kind", str, enum=findings_module.FindingKind.values),
        OpenApiParameter("system", int, description="System id."),
        OpenApiParameter("department", int, description="Owner department id (its subtree)."),
    ]
)
class FindingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The consistency checks' findings for the current organisation (read only)."""

    serializer_class = FindingSerializer
    filter_backends = []

    def get_queryset(self):  # pragma: no cover - the schema only
        return Classification.objects.none()

    def list(self, request, *args, **kwargs):
        """Every organisation of the user where they may read findings (usually one)."""
        from styrbord.organisations.models import Organisation

        found, allowed = [], False
        for organisation in Organisation.objects.restrict(request.user).filter(is_active=True).order_by("name"):
            if request.user.has_perm("security.view_findings", organisation):
                allowed = True
                visible = findings_module.visible_findings(
                    request.user, organisation, findings_module.findings_for(organisation)
                )
                found += filter_findings(visible, request.query_params, organisation)
        if not allowed:
            raise exceptions.PermissionDenied()
        page = self.paginate_queryset(found)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
