from django import forms
from django.utils.translation import gettext_lazy as _

from styrbord.catalog.models import Service
from styrbord.core.forms import DATE_WIDGET, ServiceModelForm, model_form, people_choices
from styrbord.infra.models import ConfigurationItem
from styrbord.systems.models import System

from .choices import SCORE_MAX, SCORE_MIN, AlternativeKind
from .models import (
    Alternative,
    Comparison,
    Contract,
    ContractRequirement,
    SourcingSettings,
    Supplier,
    SupplierContact,
)
from .services import (
    ALTERNATIVE_FIELDS,
    COMPARISON_FIELDS,
    CONTACT_FIELDS,
    CONTRACT_FIELDS,
    REQUIREMENT_FIELDS,
    SETTINGS_FIELDS,
    SUPPLIER_FIELDS,
)

SettingsForm = model_form(SourcingSettings, SETTINGS_FIELDS)


class SupplierForm(ServiceModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Supplier
        fields = list(SUPPLIER_FIELDS)


ContactForm = model_form(SupplierContact, CONTACT_FIELDS)
RequirementForm = model_form(ContractRequirement, REQUIREMENT_FIELDS)


def classifications_of(organisation):
    from styrbord.security.models import Classification

    return (
        Classification.objects.in_organisation(organisation)
        .select_related("system")
        .order_by("system__name", "-classified_on")
    )


class ContractForm(ServiceModelForm):
    class Meta:
        model = Contract
        fields = [*CONTRACT_FIELDS[:3], "services", "systems", "items", "classifications", *CONTRACT_FIELDS[3:]]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET, "notice_given_on": DATE_WIDGET}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.in_organisation(organisation).filter(is_active=True)
        self.fields["services"].queryset = Service.objects.in_organisation(organisation).order_by("name")
        self.fields["systems"].queryset = System.objects.in_organisation(organisation).order_by("name")
        self.fields["items"].queryset = (
            ConfigurationItem.objects.in_organisation(organisation).select_related("item_type").order_by("name")
        )
        self.fields["classifications"].queryset = classifications_of(organisation)
        people_choices(self.fields["owner"], organisation)
        self.fields["owner"].required = False
        self.fields["owner"].help_text = _(
            "Leave empty for a system's contract: its system owner becomes the owner (strategy §6)."
        )


class ComparisonForm(ServiceModelForm):
    class Meta:
        model = Comparison
        fields = list(COMPARISON_FIELDS)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.in_organisation(organisation).order_by("name")
        self.fields["system"].queryset = System.objects.in_organisation(organisation).order_by("name")


class AlternativeForm(ServiceModelForm):
    class Meta:
        model = Alternative
        fields = list(ALTERNATIVE_FIELDS)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.in_organisation(organisation).filter(is_active=True)
        self.fields["supplier"].help_text = _("For an external offer; internal delivery has none.")
        self.fields["kind"].initial = AlternativeKind.EXTERNAL


class CriteriaForm(forms.Form):
    """The criteria of a comparison with their weights: each row a name and a weight; empty rows are dropped."""

    EXTRA = 2

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for index, criterion in enumerate([*criteria, *([None] * self.EXTRA)]):
            name, weight = f"name_{index}", f"weight_{index}"
            self.fields[name] = forms.CharField(
                label=_("Criterion %(number)d") % {"number": index + 1},
                max_length=100,
                required=False,
                initial=getattr(criterion, "name", ""),
            )
            self.fields[weight] = forms.IntegerField(
                label=_("Weight of criterion %(number)d (per cent)") % {"number": index + 1},
                min_value=0,
                max_value=100,
                required=False,
                initial=getattr(criterion, "weight", None),
            )
            self.rows.append((name, weight))

    def criteria(self):
        rows = []
        for name, weight in self.rows:
            text = (self.cleaned_data.get(name) or "").strip()
            if text:
                rows.append({"name": text, "weight": self.cleaned_data.get(weight) or 0})
        return rows


SCORE_CHOICES = [("", "–"), *[(str(v), str(v)) for v in range(SCORE_MIN, SCORE_MAX + 1)]]


class ScoresForm(forms.Form):
    """One 1–5 choice per alternative and criterion."""

    def __init__(self, *args, alternatives=(), criteria=(), scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = scores or {}
        self.grid = []
        for alternative in alternatives:
            cells = []
            for criterion in criteria:
                key = f"score_{alternative.pk}_{criterion.pk}"
                value = scores.get((alternative.pk, criterion.pk))
                self.fields[key] = forms.TypedChoiceField(
                    label=_("%(alternative)s: %(criterion)s") % {"alternative": alternative, "criterion": criterion},
                    choices=SCORE_CHOICES,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial="" if value is None else str(value),
                )
                cells.append((criterion, self[key]))
            self.grid.append((alternative, cells))

    def scores(self):
        result = {}
        for name, value in self.cleaned_data.items():
            _prefix, alternative, criterion = name.split("_")
            result[(int(alternative), int(criterion))] = value
        return result


class DecisionForm(forms.Form):
    chosen = forms.ModelChoiceField(queryset=Alternative.objects.none(), label=_("Chosen alternative"))
    decision = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is decided and why; explain especially a choice other than the best ranked."),
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE_WIDGET, required=False)

    def __init__(self, *args, comparison=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].queryset = comparison.alternatives.order_by("id")
