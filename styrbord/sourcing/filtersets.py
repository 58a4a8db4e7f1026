import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrbord.catalog.models import Service
from styrbord.core.filters import ScopedModelChoiceFilter
from styrbord.organisations.models import User
from styrbord.systems.models import System

from .choices import ComparisonStatus, ContractStatus
from .models import Comparison, Contract, Supplier, status_condition


class SupplierFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Supplier
        fields = ["organisation"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(org_number__icontains=value))


class ContractFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    supplier = ScopedModelChoiceFilter(model=Supplier, label=_("Supplier"))
    system = ScopedModelChoiceFilter(model=System, field_name="systems", label=_("System"))
    service = ScopedModelChoiceFilter(model=Service, field_name="services", label=_("Service"))
    owner = ScopedModelChoiceFilter(model=User, label=_("Contract owner"))
    status = django_filters.ChoiceFilter(choices=ContractStatus.choices, method="filter_status", label=_("Status"))
    notice_before = django_filters.DateFilter(
        field_name="notice_date", lookup_expr="lte", label=_("Notice date on or before")
    )

    class Meta:
        model = Contract
        fields = ["organisation"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(reference__icontains=value) | Q(title__icontains=value) | Q(supplier__name__icontains=value)
        )

    def filter_status(self, queryset, name, value):
        organisations = set(queryset.values_list("organisation_id", flat=True).distinct())
        return queryset.filter(status_condition(value, timezone.localdate(), organisations))


class ComparisonFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ComparisonStatus.choices, label=_("Status"))
    system = ScopedModelChoiceFilter(model=System, label=_("System"))
    service = ScopedModelChoiceFilter(model=Service, label=_("Service"))

    class Meta:
        model = Comparison
        fields = ["organisation", "outside_catalogue"]
