from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from styrbord.core.api import TenantViewSet

from .. import services
from ..filtersets import ItemFilterSet, ItemRelationFilterSet, ItemTypeFilterSet
from ..impact import impact_of
from ..models import ConfigurationItem, ItemRelation, ItemType
from .serializers import ConfigurationItemSerializer, ImpactSerializer, ItemRelationSerializer, ItemTypeSerializer


class ItemTypeViewSet(TenantViewSet):
    """Types of configuration items and the fields each has. Deactivate a type instead of deleting it."""

    model = ItemType
    serializer_class = ItemTypeSerializer
    filterset_class = ItemTypeFilterSet
    search_fields = ["name", "code"]
    ordering_fields = ["area", "order", "name", "code"]
    select_related = ("charged_as_service",)

    def create_object(self, data):
        return services.create_item_type(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_item_type(instance, acting_user=self.request.user, **data)


class ConfigurationItemViewSet(TenantViewSet):
    """Configuration items. Retire an item (status "retired") instead of deleting it."""

    model = ConfigurationItem
    serializer_class = ConfigurationItemSerializer
    filterset_class = ItemFilterSet
    ordering_fields = ["name", "status", "purchase_date", "warranty_until", "updated_at"]
    ordering = ["name"]
    prefetch_related = ("services",)

    def create_object(self, data):
        return services.create_item(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_item(instance, acting_user=self.request.user, **data)

    @extend_schema(
        responses=ImpactSerializer,
        parameters=[OpenApiParameter("backup", bool, description="Also follow 'is backed up by'.")],
    )
    @action(detail=True, methods=["get"])
    def impact(self, request, pk=None):
        """What depends on this item, transitively: items, systems, services and departments."""
        impact = impact_of(self.get_object(), include_backup=request.query_params.get("backup") in ("1", "true"))
        data = {
            "items": [
                {"id": item.pk, "name": item.name, "depth": step.depth, "via": step.via, "kind": step.kind}
                for item in impact.items
                for step in [impact.steps[item.pk]]
            ],
            "systems": [{"id": s.pk, "name": s.name} for s in impact.systems],
            "services": [{"id": s.pk, "name": s.name} for s in impact.services],
            "departments": [{"id": d.pk, "name": d.name, "reasons": reasons} for d, reasons in impact.departments],
        }
        return Response(ImpactSerializer(data).data)


class ItemRelationViewSet(TenantViewSet, mixins.DestroyModelMixin):
    """Relations between items, read "source <kind> target". DELETE removes one (kept in the history)."""

    model = ItemRelation
    serializer_class = ItemRelationSerializer
    filterset_class = ItemRelationFilterSet
    select_related = ("source", "target")

    def organisation_for_create(self, data):
        return data["source"].organisation

    def create_object(self, data):
        return services.add_relation(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_relation(instance, acting_user=self.request.user, **data)

    def delete_object(self, instance):
        services.remove_relation(instance, acting_user=self.request.user)
