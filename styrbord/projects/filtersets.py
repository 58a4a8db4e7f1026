import django_filters
from django.utils.translation import gettext_lazy as _

from styrbord.core.filters import ScopedModelChoiceFilter
from styrbord.organisations.models import Department

from .choices import Kind, Stage
from .models import Project


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Search"))
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"))
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Kind"))
    department = ScopedModelChoiceFilter(model=Department, method="filter_department", label=_("Requesting department"))

    class Meta:
        model = Project
        fields = ["organisation"]

    def filter_department(self, queryset, name, value):
        # The department and the departments below it.
        return queryset.filter(requesting_department__path__startswith=value.path)
