import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from styrbord.core.filters import ScopedModelChoiceFilter
from styrbord.organisations.models import Department, User

from .choices import Category, Lifecycle, MeetingStatus, PlanStatus, RoleKind
from .models import ManagementObject, ManagementPlan, Meeting, System, SystemRole


def within_department(queryset, field, department):
    return queryset.filter(**{f"{field}__path__startswith": department.path})


class ScopeFilterMixin(django_filters.FilterSet):
    """Rows of one system: its own and those of its management object."""

    system = ScopedModelChoiceFilter(model=System, method="filter_system", label=_("System"))
    management_object = ScopedModelChoiceFilter(model=ManagementObject, label=_("Management object"))

    def filter_system(self, queryset, name, value):
        return queryset.filter(Q(system=value) | Q(management_object_id=value.management_object_id or 0))


class ManagementObjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))

    class Meta:
        model = ManagementObject
        fields = ["organisation", "is_active", "owner_department"]


class SystemFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    department = ScopedModelChoiceFilter(model=Department, method="filter_department", label=_("Owner department"))
    management_object = ScopedModelChoiceFilter(model=ManagementObject, label=_("Management object"))
    lifecycle = django_filters.ChoiceFilter(choices=Lifecycle.choices, label=_("Lifecycle"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("Category"))
    is_vital = django_filters.BooleanFilter(label=_("Vital"))

    class Meta:
        model = System
        fields = ["organisation"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(purpose__icontains=value) | Q(supplier_name__icontains=value)
        )

    def filter_department(self, queryset, name, value):
        return within_department(queryset, "owner_department", value)


class SystemRoleFilterSet(ScopeFilterMixin):
    kind = django_filters.ChoiceFilter(choices=RoleKind.choices, label=_("Role"))
    person = ScopedModelChoiceFilter(model=User, label=_("Person"))
    communicated = django_filters.BooleanFilter(
        field_name="communicated_on", lookup_expr="isnull", exclude=True, label=_("Communicated to IT")
    )

    class Meta:
        model = SystemRole
        fields = ["organisation"]


class ManagementPlanFilterSet(ScopeFilterMixin):
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("Status"))

    class Meta:
        model = ManagementPlan
        fields = ["organisation", "year"]


class MeetingFilterSet(ScopeFilterMixin):
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices, label=_("Status"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = Meeting
        fields = ["organisation", "kind"]
