import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from styrbord.catalog.choices import Priority
from styrbord.catalog.models import CompetenceArea, Service
from styrbord.core.filters import ScopedModelChoiceFilter
from styrbord.organisations.models import Department, User

from .choices import OPEN_STATUSES, SlaState, TicketKind, TicketStatus
from .forms import desk_staff
from .models import DESK_STAFF_ROLES, MaintenancePlan, Ticket, staff_organisation_ids
from .search import search_tickets

OPEN = "open"
STATUS_CHOICES = [(OPEN, _("Open (any open status)")), *TicketStatus.choices]


def _desk_staff(request):
    user = getattr(request, "user", None)
    return User.objects.restrict(user).filter(role_assignments__role__in=DESK_STAFF_ROLES).distinct()


class TicketFilterSet(django_filters.FilterSet):
    """Filters of the staff queue and the ticket API; every choice is among rows the user may see."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status", label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=TicketKind.choices, label=_("Kind"))
    priority = django_filters.TypedChoiceFilter(choices=Priority.choices, coerce=int, label=_("Priority"))
    queue = ScopedModelChoiceFilter(model=CompetenceArea, label=_("Queue"))
    service = ScopedModelChoiceFilter(model=Service, label=_("Service"))
    department = ScopedModelChoiceFilter(
        model=Department, method="filter_department", label=_("Department (with sub-departments)")
    )
    assignee = django_filters.ModelChoiceFilter(queryset=_desk_staff, label=_("Assignee"))
    unassigned = django_filters.BooleanFilter(method="filter_unassigned", label=_("Unassigned"))
    # An id (links and the API use ``?reporter=<id>``) kept in a hidden input: a select of every
    # member would be thousands of options. People search for a reporter by text instead.
    reporter = ScopedModelChoiceFilter(model=User, label=_("Reporter"), widget=forms.HiddenInput)
    reporter_name = django_filters.CharFilter(
        method="filter_reporter_name", label=_("Reporter (name, username or e-mail)")
    )
    sla_state = django_filters.ChoiceFilter(choices=SlaState.choices, method="filter_sla_state", label=_("SLA"))

    class Meta:
        model = Ticket
        fields = []

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            self.scope_to(organisation)

    def scope_to(self, organisation):
        """Offer only the current organisation's rows (a page's dropdowns), and as assignees its desk staff."""
        user = getattr(self.request, "user", None)
        for name, model in (("queue", CompetenceArea), ("service", Service), ("department", Department)):
            self.filters[name].queryset = model.objects.restrict(user).in_organisation(organisation)
        self.filters["assignee"].queryset = desk_staff(organisation)

    def search(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        return search_tickets(queryset, value, internal_organisations=staff_organisation_ids(user))

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_department(self, queryset, name, value):
        return queryset.filter(department__path__startswith=value.path)

    def filter_reporter_name(self, queryset, name, value):
        """Every word in the reporter's first or last name, username or e-mail."""
        for word in value.split():
            queryset = queryset.filter(
                Q(reporter__first_name__icontains=word)
                | Q(reporter__last_name__icontains=word)
                | Q(reporter__username__icontains=word)
                | Q(reporter__email__icontains=word)
            )
        return queryset

    def filter_unassigned(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(assignee__isnull=value)

    def filter_sla_state(self, queryset, name, value):
        return queryset.in_sla_state(value)


class MaintenancePlanFilterSet(django_filters.FilterSet):
    queue = ScopedModelChoiceFilter(model=CompetenceArea, label=_("Queue"))
    service = ScopedModelChoiceFilter(model=Service, label=_("Service"))

    class Meta:
        model = MaintenancePlan
        fields = ["is_active", "recurrence"]
