from datetime import date

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from styrbord.catalog.choices import MONTHLY_UNITS, ChargeUnit, ServiceStatus
from styrbord.catalog.models import Service, ServiceLevel
from styrbord.core.tenancy import access
from styrbord.organisations.choices import Role
from styrbord.organisations.models import Department

from .charging import next_month
from .choices import DEPARTMENT_ROLES, ExportFormat, OrderKind
from .models import FinanceSettings
from .services import SETTINGS_FIELDS

MONTH_CHOICES = [(number, name) for number, name in MONTHS.items()]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def department_label(department):
    return "– " * department.depth + department.name


def departments_for(user, organisation, *, whole_roles=()):
    """Active departments the user acts for: all with one of ``whole_roles``, else their subtrees."""
    departments = Department.objects.in_organisation(organisation).filter(is_active=True).order_by("path")
    user_access = access(user)
    if user.is_superuser or (whole_roles and user_access.has_role(organisation.pk, *whole_roles)):
        return departments
    paths = user_access.department_paths(organisation.pk, *DEPARTMENT_ROLES)
    return [department for department in departments if any(department.path.startswith(p) for p in paths)]


class DepartmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return department_label(obj)


class LevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.service.name} – {obj.name}"


def limit_departments(field, departments):
    if not isinstance(departments, QuerySet):
        departments = Department.objects.filter(pk__in=[department.pk for department in departments])
    field.queryset = departments.order_by("path")


def limit_levels(field, services, service=None):
    levels = ServiceLevel.objects.filter(service__in=services, is_active=True).select_related("service")
    if service is not None:
        levels = levels.filter(service=service)
    field.queryset = levels.order_by("service__name", "order", "name")


class DepartmentServiceForm(forms.Form):
    """A department, a service and (optionally) one of its levels, limited to what the person may choose."""

    department = DepartmentChoiceField(queryset=Department.objects.none(), label=_("Department"))
    service = forms.ModelChoiceField(queryset=Service.objects.none(), label=_("Service"))
    level = LevelChoiceField(
        queryset=ServiceLevel.objects.none(),
        required=False,
        label=_("Service level"),
        help_text=_("Empty: the service's default level."),
    )

    def limit(self, departments, services, service=None):
        limit_departments(self.fields["department"], departments)
        self.fields["service"].queryset = services.order_by("name")
        limit_levels(self.fields["level"], services, service)


class OrderForm(DepartmentServiceForm):
    kind = forms.ChoiceField(label=_("What"), choices=OrderKind.choices, initial=OrderKind.NEW)
    quantity = forms.IntegerField(
        required=False,
        label=_("Quantity"),
        help_text=_("Units from the effective date, e.g. the number of users or devices. Not needed to terminate."),
    )
    effective_date = forms.DateField(label=_("Effective date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["kind", "department", "service", "level", "quantity", "effective_date", "note"]

    def __init__(self, *args, user, organisation, service=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].help_text = _("Empty: the service's default level (for a change: the current level).")
        services = (
            Service.objects.in_organisation(organisation)
            .filter(unit__in=MONTHLY_UNITS)
            .exclude(status=ServiceStatus.RETIRED)
        )
        self.limit(departments_for(user, organisation, whole_roles=[Role.IT_HEAD]), services, service)
        today = timezone.localdate()
        self.fields["effective_date"].initial = date(*next_month(today.year, today.month), 1)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class RecordWorkForm(DepartmentServiceForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Hours"), required=False, min_value=0, decimal_places=2, help_text=_("For work charged per hour.")
    )
    quantity = forms.IntegerField(
        label=_("Quantity"), required=False, help_text=_("For one-off purchases; empty means one.")
    )
    description = forms.CharField(label=_("Description"), max_length=300)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        services = Service.objects.in_organisation(organisation).filter(unit__in=[ChargeUnit.HOUR, ChargeUnit.ONE_OFF])
        self.limit(Department.objects.in_organisation(organisation).filter(is_active=True), services)
        self.fields["date"].initial = timezone.localdate()


class MonthForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, label=_("Year"))
    month = forms.TypedChoiceField(choices=MONTH_CHOICES, coerce=int, label=_("Month"))


class ExportForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, label=_("Year"))
    month = forms.TypedChoiceField(
        choices=[("", _("The whole year")), *MONTH_CHOICES],
        coerce=int,
        required=False,
        empty_value=None,
        label=_("Month"),
    )
    format = forms.ChoiceField(choices=ExportFormat.choices, initial=ExportFormat.CSV, label=_("Format"))


class BudgetForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, label=_("Year"))
    department = DepartmentChoiceField(
        queryset=Department.objects.none(),
        required=False,
        label=_("Department"),
        help_text=_("Empty: the IT unit's own cost budget, which its revenue is compared with."),
    )
    amount = forms.DecimalField(label=_("Amount (SEK)"), min_value=0, max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = (
            Department.objects.in_organisation(organisation).filter(is_active=True).order_by("path")
        )


class RoundForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, label=_("Budget year"))
    deadline = forms.DateField(label=_("Deadline for needs"), widget=DateInput())
    note = forms.CharField(
        label=_("Instructions to the departments"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1


class NeedForm(DepartmentServiceForm):
    quantity_change = forms.IntegerField(
        label=_("Change in quantity"), help_text=_("More units (e.g. 5) or fewer (e.g. -3).")
    )
    month = forms.TypedChoiceField(choices=MONTH_CHOICES, coerce=int, label=_("From month"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        services = Service.objects.in_organisation(organisation).exclude(status=ServiceStatus.RETIRED)
        self.limit(departments_for(user, organisation), services)


class NoNeedsForm(forms.Form):
    department = DepartmentChoiceField(
        queryset=Department.objects.none(),
        label=_("Department"),
        help_text=_("The answer covers the departments under it as well."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, user, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        limit_departments(self.fields["department"], departments_for(user, organisation))


class SettingsForm(forms.ModelForm):
    class Meta:
        model = FinanceSettings
        fields = list(SETTINGS_FIELDS)

    def validate_unique(self):
        """The service saves the one settings row of the organisation."""
