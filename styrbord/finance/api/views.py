from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from styrbord.core.api import TenantViewSet

from .. import reports, services
from ..filtersets import (
    BudgetNeedFilterSet,
    ChargeLineFilterSet,
    NoNeedsFilterSet,
    OrderFilterSet,
    SubscriptionFilterSet,
)
from ..models import BudgetNeed, BudgetRound, ChargeLine, NoNeedsStatement, Order, Subscription
from ..reports import own_departments, sees_everything
from .serializers import (
    BudgetLineSerializer,
    ChargeLineSerializer,
    ForecastLineSerializer,
    NoNeedsSerializer,
    OrderSerializer,
    RejectSerializer,
    SubscriptionSerializer,
)

READ_ONLY = ["get", "head", "options"]


class OrderViewSet(TenantViewSet):
    """Orders of services for departments. Placed by a department's IT coordinator or head (or the
    head of IT); approved or rejected with the actions below. Orders are not edited: cancel and
    order again."""

    model = Order
    serializer_class = OrderSerializer
    filterset_class = OrderFilterSet
    ordering_fields = ["created_at", "effective_date"]
    ordering = ["-created_at"]
    http_method_names = ["get", "post", "head", "options"]

    def organisation_for_create(self, data):
        return data.get("department")

    def create_object(self, data):
        return services.place_order(acting_user=self.request.user, **data)

    def decide(self, permission_action, act):
        self.object_permission_action = permission_action
        order = self.get_object()
        with transaction.atomic():
            act(order)
        return Response(self.get_serializer(order).data)

    @extend_schema(request=None, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Give the approval that is yours to give (department head, or IT for services needing IT review)."""
        return self.decide("decide", lambda order: services.approve_order(order, acting_user=request.user))

    @extend_schema(request=RejectSerializer, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject the order with a reason."""
        serializer = RejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data["reason"]
        return self.decide(
            "decide", lambda order: services.reject_order(order, acting_user=request.user, reason=reason)
        )

    @extend_schema(request=None, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Withdraw an order that awaits approval."""
        return self.decide("cancel", lambda order: services.cancel_order(order, acting_user=request.user))


class SubscriptionViewSet(TenantViewSet):
    """Subscription periods: department × service × level × quantity, valid from–to. Read-only:
    they change through approved orders, and each change is a new period."""

    model = Subscription
    serializer_class = SubscriptionSerializer
    filterset_class = SubscriptionFilterSet
    ordering_fields = ["valid_from", "valid_to"]
    ordering = ["department", "service", "valid_from"]
    http_method_names = READ_ONLY


class ChargeLineViewSet(TenantViewSet):
    """Charge lines per department and month: subscriptions, hourly work, one-off purchases and
    adjustments of closed months. Read-only."""

    model = ChargeLine
    serializer_class = ChargeLineSerializer
    filterset_class = ChargeLineFilterSet
    select_related = ("department", "service")
    ordering_fields = ["year", "month", "amount"]
    ordering = ["year", "month", "id"]
    http_method_names = READ_ONLY


class BudgetLineViewSet(TenantViewSet, mixins.DestroyModelMixin):
    """Budget lines are the planned needs of a budget round, entered by a department's IT
    coordinator or head until the round's deadline. The computed forecast (subscriptions carried
    forward + needs) is at ``forecast/?round=<id>``."""

    model = BudgetNeed
    serializer_class = BudgetLineSerializer
    filterset_class = BudgetNeedFilterSet
    ordering = ["round", "department", "service", "month"]

    def organisation_for_create(self, data):
        return data.get("department")

    def create_object(self, data):
        return services.add_need(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_need(instance, acting_user=self.request.user, **data)

    def delete_object(self, instance):
        services.delete_need(instance, acting_user=self.request.user)

    @extend_schema(
        parameters=[OpenApiParameter("round", int, required=True, description="The budget round.")],
        responses=ForecastLineSerializer(many=True),
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def forecast(self, request):
        """The round's forecast per department × service × level, for the departments you follow."""
        value = request.query_params.get("round", "")
        if not value.isdigit():
            raise exceptions.ValidationError({"round": [_("Give the budget round's id.")]})
        budget_round = get_object_or_404(BudgetRound.objects.restrict(request.user), pk=value)
        if not request.user.has_perm("finance.view_budgetround", budget_round):
            raise exceptions.PermissionDenied()
        organisation = budget_round.organisation
        within = None if sees_everything(request.user, organisation) else own_departments(request.user, organisation)
        lines = reports.budget_forecast(budget_round, within)
        return Response(ForecastLineSerializer(lines, many=True).data)


class NoNeedsViewSet(TenantViewSet, mixins.DestroyModelMixin):
    """A department's answer to a budget round that it plans no new services or changes in volume
    (for itself and the departments under it). Recorded by the department's IT coordinator or head
    until the round's deadline, refused while the department has planned needs; not edited:
    delete (withdraw) it to enter needs instead."""

    model = NoNeedsStatement
    serializer_class = NoNeedsSerializer
    filterset_class = NoNeedsFilterSet
    select_related = ("department", "round")
    ordering = ["round", "department"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def organisation_for_create(self, data):
        return data.get("department")

    def create_object(self, data):
        return services.record_no_needs(acting_user=self.request.user, **data)

    def delete_object(self, instance):
        services.withdraw_no_needs(instance, acting_user=self.request.user)
