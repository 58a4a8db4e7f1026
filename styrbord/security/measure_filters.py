"""Filters of the measure catalogue, self-assessments and action plan (pages and API)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrbord.core.filters import ScopedModelChoiceFilter
from styrbord.organisations.models import Department, User
from styrbord.systems.models import System

from .choices import ActionStatus, Aspect, AssessmentStatus, MeasureKind, Theme
from .models import ActionItem, Assessment, Measure

LEVELS = [("1", "1"), ("2", "2"), ("3", "3")]


class MeasureFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    theme = django_filters.ChoiceFilter(choices=Theme.choices, label=_("Theme"))
    kind = django_filters.ChoiceFilter(choices=MeasureKind.choices, label=_("Kind"))
    aspect = django_filters.ChoiceFilter(choices=Aspect.choices, method="noop", label=_("Aspect"))
    level = django_filters.ChoiceFilter(choices=LEVELS, method="noop", label=_("Required at level"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Measure
        fields = ["organisation"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value) | Q(guidance__icontains=value))

    def noop(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        aspect, level = self.form.cleaned_data.get("aspect"), self.form.cleaned_data.get("level")
        aspects = [aspect] if aspect else Aspect.values
        if not aspect and not level:
            return queryset
        condition = Q(pk__in=[])
        for name in aspects:
            lookup = {f"required_{name}__lte": int(level)} if level else {f"required_{name}__isnull": False}
            condition |= Q(**lookup)
        return queryset.filter(condition)


class AssessmentFilterSet(django_filters.FilterSet):
    system = ScopedModelChoiceFilter(model=System, label=_("System"))
    measure = ScopedModelChoiceFilter(model=Measure, label=_("Measure"))
    status = django_filters.ChoiceFilter(choices=AssessmentStatus.choices, label=_("Answer"))

    class Meta:
        model = Assessment
        fields = []


class ActionItemFilterSet(django_filters.FilterSet):
    owner = ScopedModelChoiceFilter(model=User, label=_("Owner"))
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, label=_("Status"))
    open = django_filters.BooleanFilter(method="filter_open", label=_("Open"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    system = ScopedModelChoiceFilter(model=System, field_name="assessment__system", label=_("System"))
    measure = ScopedModelChoiceFilter(model=Measure, field_name="assessment__measure", label=_("Measure"))
    department = ScopedModelChoiceFilter(model=Department, method="filter_department", label=_("Owner department"))

    class Meta:
        model = ActionItem
        fields = []

    def filter_open(self, queryset, name, value):
        done = Q(status=ActionStatus.DONE)
        return queryset.exclude(done) if value else queryset.filter(done)

    def filter_overdue(self, queryset, name, value):
        overdue = Q(due_date__lt=timezone.localdate()) & ~Q(status=ActionStatus.DONE)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_department(self, queryset, name, value):
        return queryset.filter(assessment__system__owner_department__path__startswith=value.path)
