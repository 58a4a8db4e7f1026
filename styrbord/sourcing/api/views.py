from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from styrbord.core.api import TenantViewSet

from .. import services
from ..access import comparison_organisations, register_organisations, visible_contracts
from ..filtersets import ComparisonFilterSet, ContractFilterSet, SupplierFilterSet
from ..models import Alternative, Comparison, Contract, Supplier, with_status
from ..views import check_covers_own_system
from .serializers import (
    AlternativeSerializer,
    ComparisonSerializer,
    ContractSerializer,
    DecisionSerializer,
    ScoresSerializer,
    SupplierSerializer,
)


def _with_children(save, instance, data, name, replace, *, acting_user):
    rows = data.pop(name, None)
    instance = save(data)
    if rows is not None:
        replace(instance, acting_user=acting_user, **{name: rows})
    return instance


class SupplierViewSet(TenantViewSet):
    """The supplier register. Deactivate a supplier (is_active false) instead of deleting it."""

    model = Supplier
    serializer_class = SupplierSerializer
    filterset_class = SupplierFilterSet
    ordering_fields = ["name", "org_number"]
    ordering = ["name"]
    prefetch_related = ("contacts",)

    def get_queryset(self):
        return super().get_queryset().filter(organisation_id__in=register_organisations(self.request.user))

    def create_object(self, data):
        user = self.request.user
        return _with_children(
            lambda d: services.create_supplier(acting_user=user, **d),
            None,
            data,
            "contacts",
            lambda s, **kw: services.replace_contacts(s, **kw),
            acting_user=user,
        )

    def update_object(self, instance, data):
        user = self.request.user
        return _with_children(
            lambda d: services.update_supplier(instance, acting_user=user, **d),
            instance,
            data,
            "contacts",
            lambda s, **kw: services.replace_contacts(s, **kw),
            acting_user=user,
        )


class ContractViewSet(TenantViewSet):
    """Contracts with suppliers: what they cover, their period, notice date, renewals, value and requirements.

    ``notice_date`` (the end minus the notice period) and ``status`` are derived. A system owner reads
    and changes the contracts covering their systems; finance and the head of IT read all.
    """

    object_permission_action = None  # an action names the permission a POST on one row needs
    model = Contract
    serializer_class = ContractSerializer
    filterset_class = ContractFilterSet
    ordering_fields = ["notice_date", "end_date", "reference", "annual_value"]
    ordering = ["notice_date", "reference"]
    select_related = ("supplier", "owner")
    prefetch_related = ("services", "systems", "items", "classifications", "requirements")

    def get_queryset(self):
        return visible_contracts(super().get_queryset(), self.request.user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return with_status(page) if page is not None else page

    def get_object(self):
        contract = super().get_object()
        with_status([contract])
        return contract

    def create_object(self, data):
        user = self.request.user
        check_covers_own_system(user, data.get("organisation"), data.get("systems"))
        return _with_children(
            lambda d: services.create_contract(acting_user=user, **d),
            None,
            data,
            "requirements",
            lambda c, **kw: services.replace_requirements(c, **kw),
            acting_user=user,
        )

    def update_object(self, instance, data):
        user = self.request.user
        if "systems" in data:
            check_covers_own_system(user, instance.organisation, data["systems"])
        return _with_children(
            lambda d: services.update_contract(instance, acting_user=user, **d),
            instance,
            data,
            "requirements",
            lambda c, **kw: services.replace_requirements(c, **kw),
            acting_user=user,
        )

    @extend_schema(request=None, responses=ContractSerializer)
    @action(detail=True, methods=["post"], object_permission_action="change")
    def renew(self, request, pk=None):
        """Use one renewal option: the end and the last notice date move by the renewal period."""
        contract = services.use_renewal(self.get_object(), acting_user=request.user)
        return Response(self.get_serializer(with_status([contract])[0]).data)


class ComparisonViewSet(TenantViewSet):
    """Sourcing comparisons: alternatives scored 1–5 on weighted criteria, the ranking, and the decision.

    Criteria default to quality, cost over the contract period, security, availability and exit;
    their weights must add up to 100. A decided comparison can no longer change.
    """

    object_permission_action = None  # an action names the permission a POST on one row needs
    model = Comparison
    serializer_class = ComparisonSerializer
    filterset_class = ComparisonFilterSet
    ordering = ["-created_at"]
    select_related = ("service", "system")
    prefetch_related = (
        "criteria",
        Prefetch("alternatives", queryset=Alternative.objects.select_related("supplier").prefetch_related("scores")),
    )

    def get_queryset(self):
        return super().get_queryset().filter(organisation_id__in=comparison_organisations(self.request.user))

    def _criteria(self, data):
        rows = data.pop("criteria", None)
        return None if rows is None else [{"name": r["name"], "weight": r["weight"]} for r in rows]

    def create_object(self, data):
        return services.create_comparison(acting_user=self.request.user, criteria=self._criteria(data), **data)

    def update_object(self, instance, data):
        return services.update_comparison(
            instance, acting_user=self.request.user, criteria=self._criteria(data), **data
        )

    def _fresh(self, pk):
        return Response(self.get_serializer(get_object_or_404(self.get_queryset(), pk=pk)).data)

    @extend_schema(request=AlternativeSerializer, responses=ComparisonSerializer)
    @action(detail=True, methods=["post"], object_permission_action="change")
    def alternatives(self, request, pk=None):
        """Add an alternative: internal delivery, or an external offer with its supplier and price."""
        comparison = self.get_object()
        serializer = AlternativeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The alternative's own rules (same-organisation supplier) are checked by the service.
        services.add_alternative(comparison, acting_user=request.user, **serializer.validated_data)
        return self._fresh(comparison.pk)

    @extend_schema(request=ScoresSerializer, responses=ComparisonSerializer)
    @action(detail=True, methods=["post"], object_permission_action="change")
    def scores(self, request, pk=None):
        """Set scores (1–5, null clears) per alternative and criterion; all or nothing."""
        comparison = self.get_object()
        serializer = ScoresSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        scores = {(row["alternative"], row["criterion"]): row["score"] for row in serializer.validated_data["scores"]}
        services.set_scores(comparison, acting_user=request.user, scores=scores)
        return self._fresh(comparison.pk)

    @extend_schema(request=DecisionSerializer, responses=ComparisonSerializer)
    @action(detail=True, methods=["post"], object_permission_action="decide")
    def decide(self, request, pk=None):
        """Record the decision; the comparison is frozen afterwards."""
        comparison = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        chosen = comparison.alternatives.filter(pk=data.pop("chosen")).first()
        services.decide(comparison, acting_user=request.user, chosen=chosen, **data)
        return self._fresh(comparison.pk)
