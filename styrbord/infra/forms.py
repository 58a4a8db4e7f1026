from contextlib import contextmanager

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import DateField
from django.utils.translation import gettext_lazy as _

from styrbord.catalog.models import Service
from styrbord.core.forms import DATE_WIDGET, department_choices
from styrbord.organisations.models import User

from . import attributes
from .choices import FieldKind, RelationKind
from .models import COUNTED_UNITS, ConfigurationItem, ItemType
from .services import ITEM_FIELDS

ATTRIBUTE_PREFIX = "attr_"


def form_errors_from_service(error):
    """Move a service's ``attributes.<name>`` errors onto the form's ``attr_<name>`` fields."""
    if not hasattr(error, "error_dict"):
        return error
    renamed = {}
    for key, errors in error.error_dict.items():
        name = key.removeprefix("attributes.")
        renamed[ATTRIBUTE_PREFIX + name if name != key else key] = errors
    return ValidationError(renamed)


@contextmanager
def attribute_errors_on_fields():
    try:
        yield
    except ValidationError as error:
        raise form_errors_from_service(error) from None


class ItemTypeForm(forms.ModelForm):
    class Meta:
        model = ItemType
        fields = ["area", "name", "code", "description", "charged_as_service", "order", "is_active"]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["charged_as_service"].queryset = Service.objects.in_organisation(organisation).filter(
            unit__in=COUNTED_UNITS
        )

    def validate_unique(self):
        """The service checks the code and reports it on the field."""


class FieldDefinitionForm(forms.Form):
    name = forms.SlugField(
        label=_("Name"), max_length=40, help_text=_("For imports and the API: a–z, 0–9 and _, e.g. ram_gb.")
    )
    label = forms.CharField(label=_("Label"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=FieldKind.choices)
    required = forms.BooleanField(label=_("Required"), required=False)
    choices = forms.CharField(
        label=_("Choices"), required=False, help_text=_("For a choice field: separated by commas.")
    )


FieldDefinitionFormSet = forms.formset_factory(FieldDefinitionForm, extra=3, can_delete=True)


def definitions_from(formset):
    return [
        {**form.cleaned_data, "choices": form.cleaned_data.get("choices", "")}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def attribute_field(definition):
    required = definition["required"]
    label = definition["label"]
    if definition["kind"] == FieldKind.NUMBER:
        return forms.DecimalField(label=label, required=required, max_digits=20, decimal_places=6, localize=True)
    if definition["kind"] == FieldKind.DATE:
        return forms.DateField(label=label, required=required, widget=DATE_WIDGET)
    if definition["kind"] == FieldKind.CHOICE:
        return forms.ChoiceField(
            label=label, required=required, choices=[("", "–"), *((c, c) for c in definition["choices"])]
        )
    return forms.CharField(label=label, required=required, max_length=500)


class ItemForm(forms.ModelForm):
    """The common columns, then one field per attribute of the item's type."""

    services = forms.ModelMultipleChoiceField(
        queryset=Service.objects.none(),
        required=False,
        label=_("Services"),
        help_text=_("The catalogue services this item takes part in delivering."),
    )

    class Meta:
        model = ConfigurationItem
        fields = [name for name in ITEM_FIELDS if name not in ("item_type", "attributes")]
        widgets = {
            name: DATE_WIDGET for name in fields if isinstance(ConfigurationItem._meta.get_field(name), DateField)
        }

    def __init__(self, *args, organisation=None, item_type=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_type = item_type
        department_choices(self.fields["department"], organisation)
        self.fields["assigned_to"].queryset = User.objects.in_organisation(organisation).filter(is_active=True)
        self.fields["services"].queryset = Service.objects.in_organisation(organisation)
        self.fields["status_since"].help_text = _("Empty: today, when the status changes.")
        if self.instance.pk:
            self.initial["services"] = list(self.instance.services.values_list("pk", flat=True))
        values = self.instance.attributes or {}
        for definition in item_type.field_definitions:
            name = ATTRIBUTE_PREFIX + definition["name"]
            self.fields[name] = attribute_field(definition)
            if definition["name"] in values:
                self.initial[name] = values[definition["name"]]

    def validate_unique(self):
        """The service checks name and serial number and reports them on the fields."""

    def _post_clean(self):
        """The service validates the item as a whole (with its attributes); skip the model's clean here."""

    def attribute_values(self):
        values = {}
        for definition in self.item_type.field_definitions:
            value = self.cleaned_data.get(ATTRIBUTE_PREFIX + definition["name"])
            if value in (None, ""):
                continue
            if definition["kind"] == FieldKind.NUMBER:
                value = attributes.parse_number(value)
            values[definition["name"]] = value.isoformat() if hasattr(value, "isoformat") else value
        return values

    def item_data(self):
        """What the service takes: the common fields, the attributes and the services."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        data["attributes"] = self.attribute_values()
        data["services"] = list(self.cleaned_data["services"])
        return data


class RelationForm(forms.Form):
    OUTGOING, INCOMING = "out", "in"

    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[(OUTGOING, _("This item … the other item")), (INCOMING, _("The other item … this item"))],
        widget=forms.RadioSelect,
        initial=OUTGOING,
    )
    kind = forms.ChoiceField(label=_("Relation"), choices=RelationKind.choices)
    other = forms.ModelChoiceField(queryset=ConfigurationItem.objects.none(), label=_("Other item"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = (
            ConfigurationItem.objects.in_organisation(item.organisation)
            .exclude(pk=item.pk)
            .select_related("item_type")
            .order_by("name")
        )
        self.fields["other"].label_from_instance = lambda i: f"{i.name} ({i.item_type.name})"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Inventory file"),
        help_text=_("CSV (semicolon or comma separated) or Excel (XLSX), with the column names in the first row."),
    )
