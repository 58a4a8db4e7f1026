from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrbord.catalog.models import Service, ServiceLevel

from .models import Outage

LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ReportCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    covers_cooperation = forms.BooleanField(
        label=_("Cover the cooperation (every organisation this IT unit serves)"), required=False
    )

    def __init__(self, *args, organisation=None, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)
        if organisation is None or not organisation.served_organisations.exists():
            del self.fields["covers_cooperation"]


class AssessmentForm(forms.Form):
    text = forms.CharField(
        label=_("The head of IT's assessment"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class FreezeForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I confirm that the figures and assessments are final: the report becomes the year's official version."
        ),
    )


class OutageForm(forms.ModelForm):
    class Meta:
        model = Outage
        fields = ["service", "level", "starts_at", "ends_at", "planned", "note"]
        widgets = {"starts_at": LOCAL_DATETIME, "ends_at": LOCAL_DATETIME}

    def __init__(self, *args, ticket=None, user=None, **kwargs):
        if ticket is not None and "instance" not in kwargs:
            kwargs.setdefault(
                "initial",
                {
                    "service": ticket.service_id,
                    "starts_at": timezone.localtime(ticket.reported_at).strftime("%Y-%m-%dT%H:%M"),
                },
            )
        super().__init__(*args, **kwargs)
        organisation_id = ticket.organisation_id if ticket is not None else None
        self.fields["service"].queryset = Service.objects.restrict(user).filter(organisation_id=organisation_id)
        self.fields["level"].queryset = (
            ServiceLevel.objects.restrict(user)
            .filter(service__organisation_id=organisation_id)
            .select_related("service")
        )
        self.fields["service"].required = False
        self.fields["service"].help_text = _("Empty: the ticket's service.")

    def validate_unique(self):
        """The service validates the outage."""

    def _post_clean(self):
        """The service builds and validates the outage; the form only parses the input."""
