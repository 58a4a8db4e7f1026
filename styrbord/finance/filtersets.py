import django_filters
from django.utils.translation import gettext_lazy as _

from styrbord.catalog.models import Service
from styrbord.core.filters import ScopedModelChoiceFilter
from styrbord.organisations.models import Department

from .choices import ChargeKind, OrderKind, OrderStatus
from .models import BudgetNeed, BudgetRound, ChargeLine, NoNeedsStatement, Order, Subscription


def within_department(queryset, name, value):
    """The department and everything under it."""
    return queryset.filter(department__path__startswith=value.path)


class OrderFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=OrderKind.choices, label=_("Kind"))
    department = ScopedModelChoiceFilter(
        model=Department, method=within_department, label=_("Department (and those under it)")
    )
    service = ScopedModelChoiceFilter(model=Service, label=_("Service"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("Placed by me"))

    class Meta:
        model = Order
        fields = ["status", "kind", "department", "service", "mine"]

    def filter_mine(self, queryset, name, value):
        if value is None:
            return queryset
        user = getattr(self.request, "user", None)
        return queryset.filter(ordered_by=user) if value else queryset.exclude(ordered_by=user)


class SubscriptionFilterSet(django_filters.FilterSet):
    department = ScopedModelChoiceFilter(
        model=Department, method=within_department, label=_("Department (and those under it)")
    )
    service = ScopedModelChoiceFilter(model=Service, label=_("Service"))
    active_on = django_filters.DateFilter(method="filter_active_on", label=_("Active on"))

    class Meta:
        model = Subscription
        fields = ["department", "service", "active_on"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(valid_from__lte=value).exclude(valid_to__lt=value)


class ChargeLineFilterSet(django_filters.FilterSet):
    department = ScopedModelChoiceFilter(
        model=Department, method=within_department, label=_("Department (and those under it)")
    )
    service = ScopedModelChoiceFilter(model=Service, label=_("Service"))
    year = django_filters.NumberFilter(label=_("Year"))
    month = django_filters.NumberFilter(label=_("Month"))
    kind = django_filters.ChoiceFilter(choices=ChargeKind.choices, label=_("Kind"))

    class Meta:
        model = ChargeLine
        fields = ["department", "service", "year", "month", "kind"]


class BudgetNeedFilterSet(django_filters.FilterSet):
    round = ScopedModelChoiceFilter(model=BudgetRound, label=_("Budget round"))
    department = ScopedModelChoiceFilter(
        model=Department, method=within_department, label=_("Department (and those under it)")
    )
    service = ScopedModelChoiceFilter(model=Service, label=_("Service"))

    class Meta:
        model = BudgetNeed
        fields = ["round", "department", "service"]


class NoNeedsFilterSet(django_filters.FilterSet):
    round = ScopedModelChoiceFilter(model=BudgetRound, label=_("Budget round"))
    department = ScopedModelChoiceFilter(
        model=Department, method=within_department, label=_("Department (and those under it)")
    )

    class Meta:
        model = NoNeedsStatement
        fields = ["round", "department"]
