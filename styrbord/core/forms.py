"""Form pieces every app's pages use: date inputs, department and people pickers, service forms."""

from django import forms
from django.db import models
from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

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


SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attributes(attrs):
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )


def render_select(widget):
    """The markup of Django's select templates, written in Python.

    A filter form with a few hundred options spent most of a list page's time in the two
    template includes each option costs; this gives the same bytes in a fraction of it.
    """
    parts = [format_html('<select name="{}"{}>', widget["name"], _attributes(widget["attrs"]))]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            parts.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    option["value"],
                    _attributes(option["attrs"]),
                    option["label"],
                )
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308  (every part went through format_html)


class FormRenderer(DjangoTemplates):
    """Django's form renderer, with selects rendered by ``render_select`` (settings.FORM_RENDERER)."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT_TEMPLATE else None
        if widget is not None and all(
            option["template_name"] == OPTION_TEMPLATE
            for _name, options, _index in widget["optgroups"]
            for option in options
        ):
            return render_select(widget)
        return super().render(template_name, context, request)
