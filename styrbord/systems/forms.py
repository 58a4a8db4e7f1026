from django import forms
from django.utils.translation import gettext_lazy as _

from styrbord.catalog.models import Service
from styrbord.core.forms import DATE_WIDGET, ServiceModelForm, department_choices, people_choices
from styrbord.infra.choices import Area
from styrbord.infra.models import ConfigurationItem

from .models import ManagementObject, System, SystemRole, SystemSettings
from .services import SYSTEM_FIELDS


class SettingsForm(ServiceModelForm):
    class Meta:
        model = SystemSettings
        fields = [
            "min_meetings",
            "months_without_meeting",
            "plan_due_month",
            "plan_due_day",
            "plan_reminder_days",
            "staff_function",
            "it_unit",
        ]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        department_choices(self.fields["staff_function"], organisation)
        department_choices(self.fields["it_unit"], organisation)


class ManagementObjectForm(ServiceModelForm):
    class Meta:
        model = ManagementObject
        fields = ["name", "description", "owner_department", "is_active"]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        department_choices(self.fields["owner_department"], organisation)


class InformationTypesField(forms.CharField):
    """A list of names, one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class SystemForm(ServiceModelForm):
    information_types = InformationTypesField(
        label=_("Information handled"),
        required=False,
        help_text=_("One kind of information per line, e.g. personal data, case files, payroll data."),
    )
    runs_on = forms.ModelMultipleChoiceField(
        queryset=ConfigurationItem.objects.none(),
        required=False,
        label=_("Runs on"),
        help_text=_("Servers, storage and other configuration items of the datacenter."),
    )
    integrations = forms.ModelMultipleChoiceField(
        queryset=System.objects.none(),
        required=False,
        label=_("Sends information to"),
        help_text=_("The systems this one is integrated with, as the sender."),
    )

    class Meta:
        model = System
        fields = [*SYSTEM_FIELDS[:-2], "runs_on", "integrations", *SYSTEM_FIELDS[-2:]]  # information and notes last
        widgets = {"in_use_from": DATE_WIDGET, "retired_on": DATE_WIDGET}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        department_choices(self.fields["owner_department"], organisation)
        systems = System.objects.in_organisation(organisation).exclude(pk=self.instance.pk)
        self.fields["replaced_by"].queryset = systems
        self.fields["integrations"].queryset = systems
        self.fields["management_object"].queryset = ManagementObject.objects.in_organisation(organisation).filter(
            is_active=True
        )
        self.fields["hosting_service"].queryset = Service.objects.in_organisation(organisation)
        self.fields["runs_on"].queryset = (
            ConfigurationItem.objects.in_organisation(organisation)
            .filter(item_type__area=Area.DATACENTER)
            .order_by("name")
        )
        if self.instance.pk:
            self.initial["runs_on"] = list(self.instance.item_links.values_list("item_id", flat=True))
            self.initial["integrations"] = list(self.instance.integrations_out.values_list("target_id", flat=True))


class SystemRoleForm(ServiceModelForm):
    class Meta:
        model = SystemRole
        fields = ["kind", "person", "communicated_on", "note"]
        widgets = {"communicated_on": DATE_WIDGET}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        people_choices(self.fields["person"], organisation)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("What should change"), widget=forms.Textarea(attrs={"rows": 4}))


class FollowUpForm(forms.Form):
    follow_up = forms.CharField(
        label=_("Follow-up"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was achieved, what was not, and why."),
    )
