import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrbord.catalog.models import Service
from styrbord.core.filters import ScopedModelChoiceFilter
from styrbord.organisations.models import Department, User

from .choices import Area, Lifecycle, RelationKind
from .models import ConfigurationItem, ItemRelation, ItemType


class ItemTypeFilterSet(django_filters.FilterSet):
    class Meta:
        model = ItemType
        fields = ["organisation", "area", "is_active", "code"]


class ItemFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    item_type = ScopedModelChoiceFilter(model=ItemType, label=_("Type"))
    area = django_filters.ChoiceFilter(field_name="item_type__area", choices=Area.choices, label=_("Area"))
    status = django_filters.ChoiceFilter(choices=Lifecycle.choices, label=_("Status"))
    department = ScopedModelChoiceFilter(model=Department, method="filter_department", label=_("Department"))
    assigned_to = ScopedModelChoiceFilter(model=User, label=_("Assigned to"))
    service = ScopedModelChoiceFilter(model=Service, method="filter_service", label=_("Service"))
    warranty_expired = django_filters.BooleanFilter(method="filter_warranty", label=_("Warranty expired"))

    class Meta:
        model = ConfigurationItem
        fields = ["organisation", "serial_number"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(serial_number__icontains=value)
            | Q(model__icontains=value)
            | Q(location__icontains=value)
        )

    def filter_department(self, queryset, name, value):
        return queryset.filter(department__path__startswith=value.path)

    def filter_service(self, queryset, name, value):
        return queryset.filter(service_links__service=value)

    def filter_warranty(self, queryset, name, value):
        if value is None:
            return queryset
        expired = Q(warranty_until__lt=timezone.localdate())
        return queryset.filter(expired) if value else queryset.exclude(expired)


class ItemRelationFilterSet(django_filters.FilterSet):
    source = ScopedModelChoiceFilter(model=ConfigurationItem, label=_("Source item"))
    target = ScopedModelChoiceFilter(model=ConfigurationItem, label=_("Target item"))
    item = ScopedModelChoiceFilter(model=ConfigurationItem, method="filter_item", label=_("Either item"))
    kind = django_filters.ChoiceFilter(choices=RelationKind.choices, label=_("Kind"))

    class Meta:
        model = ItemRelation
        fields = []

    def filter_item(self, queryset, name, value):
        return queryset.filter(Q(source=value) | Q(target=value))
