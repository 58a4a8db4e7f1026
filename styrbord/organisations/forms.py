from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Role
from .models import Department, Organisation, User


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "org_number", "served_by"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["served_by"].queryset = Organisation.objects.restrict(user).exclude(pk=self.instance.pk)


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "kind", "parent", "cost_centre", "is_active"]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        parents = Department.objects.in_organisation(organisation).filter(is_active=True).order_by("path")
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda d: "– " * d.depth + d.name


class PersonForm(forms.ModelForm):
    department = forms.ModelChoiceField(queryset=Department.objects.none(), required=False, label=_("Department"))

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "phone", "title", "language"]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["email"].required = True
        self.fields["department"].queryset = (
            Department.objects.in_organisation(organisation).filter(is_active=True).order_by("path")
        )
        self.fields["department"].label_from_instance = lambda d: "– " * d.depth + d.name

    def validate_unique(self):
        """The service checks the e-mail and user name and reports on the field."""


class PersonStatusForm(forms.Form):
    is_active = forms.BooleanField(required=False, label=_("Active"))


class RoleAssignmentForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, label=_("Role"))
    department = forms.ModelChoiceField(
        queryset=Department.objects.none(),
        required=False,
        label=_("Department"),
        help_text=_("Only for department heads and IT coordinators."),
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = (
            Department.objects.in_organisation(organisation).filter(is_active=True).order_by("path")
        )
        self.fields["department"].label_from_instance = lambda d: "– " * d.depth + d.name


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "phone", "title", "language"]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, label=_("Name"), help_text=_("What the token is for, e.g. 'reporting script'.")
    )
