"""Form pieces every app's pages use: date inputs, department and people pickers, service forms."""

from django import forms
from django.db import models

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConfirmForm(forms.Form):
    """An empty form: the POST itself is the confirmation."""


class ServiceModelForm(forms.ModelForm):
    """Checks each field; the service validates the object as a whole and reports on the fields."""

    def _post_clean(self):
        pass


def model_form(model, fields):
    """A form for ``fields`` of ``model``, dates with a date picker."""
    widgets = {name: DATE_WIDGET for name in fields if isinstance(model._meta.get_field(name), models.DateField)}
    return forms.modelform_factory(model, form=ServiceModelForm, fields=fields, widgets=widgets)


def department_choices(field, organisation):
    """The organisation's active departments, indented by depth in the tree."""
    from styrbord.organisations.models import Department

    field.queryset = Department.objects.in_organisation(organisation).filter(is_active=True).order_by("path")
    field.label_from_instance = lambda d: "– " * d.depth + d.name


def people_choices(field, organisation):
    from styrbord.organisations.models import User

    field.queryset = User.objects.in_organisation(organisation).filter(is_active=True)
