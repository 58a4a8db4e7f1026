import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from styrbord.core.filters import ScopedModelChoiceFilter

from .choices import PriceListStatus
from .models import BusinessCalendar, ClosedDay, CompetenceArea, Price, PriceList, Service, ServiceLevel


class AreaFilterSet(django_filters.FilterSet):
    class Meta:
        model = CompetenceArea
        fields = ["code", "is_active"]


class ServiceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    area = ScopedModelChoiceFilter(model=CompetenceArea, label=_("Competence area"))

    class Meta:
        model = Service
        fields = ["area", "status", "unit", "is_base", "is_standard", "code"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(summary__icontains=value)
            | Q(description__icontains=value)
            | Q(includes__icontains=value)
            | Q(code__icontains=value)
        )


class ServiceLevelFilterSet(django_filters.FilterSet):
    service = ScopedModelChoiceFilter(model=Service, label=_("Service"))
    calendar = ScopedModelChoiceFilter(model=BusinessCalendar, label=_("Calendar"))

    class Meta:
        model = ServiceLevel
        fields = ["service", "calendar", "is_active"]


class PriceListFilterSet(django_filters.FilterSet):
    class Meta:
        model = PriceList
        fields = ["year", "status"]


class PriceFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="price_list__year", label=_("Year"))
    price_list = ScopedModelChoiceFilter(model=PriceList, label=_("Price list"))
    service = ScopedModelChoiceFilter(model=Service, label=_("Service"))
    level = ScopedModelChoiceFilter(model=ServiceLevel, label=_("Service level"))
    status = django_filters.ChoiceFilter(
        field_name="price_list__status", choices=PriceListStatus.choices, label=_("Price list status")
    )

    class Meta:
        model = Price
        fields = ["year", "price_list", "service", "level"]


class ClosedDayFilterSet(django_filters.FilterSet):
    calendar = ScopedModelChoiceFilter(model=BusinessCalendar, label=_("Calendar"))
    year = django_filters.NumberFilter(field_name="date__year", label=_("Year"))

    class Meta:
        model = ClosedDay
        fields = ["calendar", "year"]
