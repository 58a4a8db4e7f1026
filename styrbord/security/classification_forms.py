"""Forms of the classification side: settings, hosting requirements, information types,
classifications with their levels per information type and their participants."""

from django import forms
from django.utils.translation import gettext_lazy as _

from styrbord.core.forms import DATE_WIDGET, ServiceModelForm, people_choices

from .choices import Level, ParticipantRole
from .models import Classification, HostingRequirement, InformationType, SecuritySettings

LEVEL_CHOICES = [(value, label) for value, label in Level.choices]
BLANK_LEVEL = [("", "–")]


class SettingsForm(ServiceModelForm):
    class Meta:
        model = SecuritySettings
        fields = ["classification_valid_years", "review_reminder_days"]


class HostingRequirementForm(ServiceModelForm):
    class Meta:
        model = HostingRequirement
        fields = ["availability_level", "min_availability_target", "min_weekly_support_hours"]


class InformationTypeForm(ServiceModelForm):
    class Meta:
        model = InformationType
        fields = ["name", "description", "personal_data", "sensitive_personal_data", "is_active"]


class ClassificationForm(ServiceModelForm):
    class Meta:
        model = Classification
        fields = [
            "classified_on",
            "rationale_confidentiality",
            "rationale_integrity",
            "rationale_availability",
            "rationale_traceability",
            "notes",
        ]
        widgets = {
            "classified_on": DATE_WIDGET,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "rationale_confidentiality",
                    "rationale_integrity",
                    "rationale_availability",
                    "rationale_traceability",
                    "notes",
                )
            },
        }


class LevelForm(forms.Form):
    """The levels of one information type (leave "classified" unticked to leave it out)."""

    information_type = forms.IntegerField(widget=forms.HiddenInput)
    included = forms.BooleanField(label=_("classified"), required=False, initial=True)
    confidentiality = forms.TypedChoiceField(label=_("confidentiality"), choices=LEVEL_CHOICES, coerce=int)
    integrity = forms.TypedChoiceField(label=_("integrity"), choices=LEVEL_CHOICES, coerce=int)
    availability = forms.TypedChoiceField(label=_("availability"), choices=LEVEL_CHOICES, coerce=int)
    traceability = forms.TypedChoiceField(
        label=_("traceability"), choices=BLANK_LEVEL + LEVEL_CHOICES, coerce=int, required=False, empty_value=None
    )


class ParticipantForm(forms.Form):
    person = forms.ModelChoiceField(label=_("person"), queryset=None, required=False)
    name = forms.CharField(label=_("name (without a login)"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("role"), choices=[("", "–"), *ParticipantRole.choices], required=False)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        people_choices(self.fields["person"], organisation)

    def clean(self):
        data = super().clean()
        filled = data.get("person") or (data.get("name") or "").strip()
        if filled and not data.get("role"):
            self.add_error("role", _("Choose the participant's role."))
        return data

    def participant(self):
        data = self.cleaned_data
        if not (data.get("person") or (data.get("name") or "").strip()):
            return None
        return {"person": data.get("person"), "name": (data.get("name") or "").strip(), "role": data["role"]}


LevelFormSet = forms.formset_factory(LevelForm, extra=0)
ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=0)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("What changed"),
        max_length=300,
        help_text=_("For example a new module, another supplier or new kinds of information."),
    )
