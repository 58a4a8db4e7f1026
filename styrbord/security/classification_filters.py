"""Filters of the classification API."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrbord.core.filters import ScopedModelChoiceFilter
from styrbord.systems.models import System

from .choices import ClassificationStatus
from .classification import current_q
from .models import Classification, InformationType


class InformationTypeFilterSet(django_filters.FilterSet):
    system = ScopedModelChoiceFilter(model=System, label=_("System"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))

    class Meta:
        model = InformationType
        fields = ["system", "personal_data", "sensitive_personal_data", "is_active"]


class ClassificationFilterSet(django_filters.FilterSet):
    system = ScopedModelChoiceFilter(model=System, label=_("System"))
    status = django_filters.ChoiceFilter(choices=ClassificationStatus.choices, label=_("Status"))
    current = django_filters.BooleanFilter(method="filter_current", label=_("Current"))

    class Meta:
        model = Classification
        fields = ["system", "status"]

    def filter_current(self, queryset, name, value):
        condition = current_q(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)
