from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from styrbord.core.api import TenantViewSet
from styrbord.core.api_base import perm_name

from .. import services
from ..filtersets import (
    AreaFilterSet,
    ClosedDayFilterSet,
    PriceFilterSet,
    PriceListFilterSet,
    ServiceFilterSet,
    ServiceLevelFilterSet,
)
from ..models import BusinessCalendar, ClosedDay, CompetenceArea, Price, PriceList, Service, ServiceLevel
from .serializers import (
    BusinessCalendarSerializer,
    ClosedDaySerializer,
    CompetenceAreaSerializer,
    CopyPriceListSerializer,
    PriceListSerializer,
    PriceSerializer,
    ServiceLevelSerializer,
    ServiceSerializer,
)


class CompetenceAreaViewSet(TenantViewSet):
    """The IT unit's competence areas; they group the services and are the service desk's queues."""

    model = CompetenceArea
    serializer_class = CompetenceAreaSerializer
    filterset_class = AreaFilterSet
    search_fields = ["name", "code"]
    ordering_fields = ["order", "name", "code"]

    def create_object(self, data):
        return services.create_area(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_area(instance, acting_user=self.request.user, **data)


class ServiceViewSet(TenantViewSet):
    """Services of the catalogue. Planned services are seen by the IT unit and finance only."""

    model = Service
    serializer_class = ServiceSerializer
    filterset_class = ServiceFilterSet
    ordering_fields = ["name", "code", "area__order"]

    def create_object(self, data):
        return services.create_service(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_service(instance, acting_user=self.request.user, **data)


class ServiceLevelViewSet(TenantViewSet):
    """Levels of a service with their calendar, availability target and targets per priority."""

    model = ServiceLevel
    serializer_class = ServiceLevelSerializer
    filterset_class = ServiceLevelFilterSet
    ordering_fields = ["order", "name"]
    prefetch_related = ("targets",)

    def organisation_for_create(self, data):
        return data["service"].organisation

    def create_object(self, data):
        return services.create_level(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_level(instance, acting_user=self.request.user, **data)


class BusinessCalendarViewSet(TenantViewSet):
    """Business calendars: opening segments per weekday (or 24/7), holidays and closed days."""

    model = BusinessCalendar
    serializer_class = BusinessCalendarSerializer
    search_fields = ["name"]
    ordering_fields = ["name"]
    prefetch_related = ("segments", "closed_days")

    def create_object(self, data):
        return services.create_calendar(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_calendar(instance, acting_user=self.request.user, **data)


class ClosedDayViewSet(TenantViewSet, mixins.DestroyModelMixin):
    """Days the organisation closes besides the holidays: in every calendar (no calendar) or in one."""

    model = ClosedDay
    serializer_class = ClosedDaySerializer
    filterset_class = ClosedDayFilterSet
    ordering_fields = ["date"]

    def create_object(self, data):
        return services.add_closed_day(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_closed_day(instance, acting_user=self.request.user, **data)

    def delete_object(self, instance):
        services.delete_closed_day(instance, acting_user=self.request.user)


class PriceListViewSet(TenantViewSet):
    """Price lists per budget year. Drafts are seen by the IT unit and finance; published lists are frozen."""

    model = PriceList
    serializer_class = PriceListSerializer
    filterset_class = PriceListFilterSet
    ordering_fields = ["year"]

    def create_object(self, data):
        return services.create_price_list(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_price_list(instance, acting_user=self.request.user, **data)

    @extend_schema(request=None, responses=PriceListSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a draft: every monthly-charged service needs its prices; then they are frozen."""
        self.object_permission_action = "publish"
        price_list = services.publish_price_list(self.get_object(), acting_user=request.user)
        return Response(self.get_serializer(price_list).data)

    @extend_schema(request=CopyPriceListSerializer, responses={201: PriceListSerializer})
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        """A new draft for another year with every price of this list changed by a percentage."""
        self.object_permission_action = "view"
        source = self.get_object()
        if not request.user.has_perm(perm_name(PriceList, "add"), source.organisation):
            raise exceptions.PermissionDenied()
        options = CopyPriceListSerializer(data=request.data)
        options.is_valid(raise_exception=True)
        price_list = services.copy_price_list(source, acting_user=request.user, **options.validated_data)
        return Response(self.get_serializer(price_list).data, status=status.HTTP_201_CREATED)


class PriceViewSet(TenantViewSet, mixins.DestroyModelMixin):
    """Prices per service and level in a year's list. Prices of a published list cannot change."""

    model = Price
    serializer_class = PriceSerializer
    filterset_class = PriceFilterSet
    ordering_fields = ["price_list__year", "service__name", "amount"]
    select_related = ("price_list",)

    def organisation_for_create(self, data):
        return data["price_list"].organisation

    def create_object(self, data):
        return services.set_price(
            data["price_list"],
            acting_user=self.request.user,
            service=data["service"],
            level=data.get("level"),
            amount=data["amount"],
        )

    def update_object(self, instance, data):
        return services.update_price(
            instance, acting_user=self.request.user, amount=data.get("amount", instance.amount)
        )

    def delete_object(self, instance):
        services.delete_price(instance, acting_user=self.request.user)
