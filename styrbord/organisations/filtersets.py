import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from styrbord.core.filters import ScopedModelChoiceFilter

from .choices import Role
from .models import Department, Membership, Organisation, RoleAssignment, User


class DepartmentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    within = ScopedModelChoiceFilter(model=Department, method="filter_within", label=_("Within department"))

    class Meta:
        model = Department
        fields = ["organisation", "parent", "kind", "is_active", "cost_centre"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(cost_centre__icontains=value))

    def filter_within(self, queryset, name, value):
        return queryset.filter(path__startswith=value.path)


class PersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    organisation = ScopedModelChoiceFilter(model=Organisation, method="filter_organisation", label=_("Organisation"))
    department = ScopedModelChoiceFilter(model=Department, method="filter_department", label=_("Department"))
    no_department = django_filters.BooleanFilter(method="filter_no_department", label=_("Without department"))
    role = django_filters.ChoiceFilter(choices=Role.choices, method="filter_role", label=_("Role"))

    class Meta:
        model = User
        fields = ["is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
            | Q(username__icontains=value)
            | Q(title__icontains=value)
        )

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(pk__in=Membership.objects.filter(organisation=value).values("user_id"))

    def filter_department(self, queryset, name, value):
        return queryset.filter(
            pk__in=Membership.objects.filter(department__path__startswith=value.path).values("user_id")
        )

    def filter_no_department(self, queryset, name, value):
        if value is None:
            return queryset
        homeless = Membership.objects.filter(department__isnull=True, is_active=True).values("user_id")
        return queryset.filter(pk__in=homeless) if value else queryset.exclude(pk__in=homeless)

    def filter_role(self, queryset, name, value):
        return queryset.filter(pk__in=RoleAssignment.objects.filter(role=value).values("user_id"))


class MembershipFilterSet(django_filters.FilterSet):
    class Meta:
        model = Membership
        fields = ["organisation", "user", "department", "is_active"]


class RoleAssignmentFilterSet(django_filters.FilterSet):
    class Meta:
        model = RoleAssignment
        fields = ["organisation", "user", "role", "department"]
