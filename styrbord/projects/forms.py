from django import forms
from django.utils.translation import gettext_lazy as _

from styrbord.catalog.models import Service
from styrbord.core.forms import DATE_WIDGET, ServiceModelForm, department_choices, people_choices
from styrbord.systems.models import PlanActivity, System

from .choices import Stage, allowed_stages
from .models import DigitalisationPlan, PlannedChange, Prioritisation, Project, StatusReport
from .services import CHANGE_FIELDS, PROJECT_FIELDS


def _related_choices(form, organisation):
    if "systems" in form.fields:
        form.fields["systems"].queryset = System.objects.in_organisation(organisation).order_by("name")
    if "services" in form.fields:
        form.fields["services"].queryset = Service.objects.in_organisation(organisation).order_by("name")


class ProjectForm(ServiceModelForm):
    class Meta:
        model = Project
        fields = [*PROJECT_FIELDS, "systems", "services"]

    def __init__(self, *args, organisation=None, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        department_choices(self.fields["requesting_department"], organisation)
        if departments is not None:
            self.fields["requesting_department"].queryset = departments
        people_choices(self.fields["sponsor"], organisation)
        people_choices(self.fields["project_lead"], organisation)
        self.fields["plan_activity"].queryset = PlanActivity.objects.in_organisation(organisation).select_related(
            "plan"
        )
        _related_choices(self, organisation)


class NewProjectForm(ProjectForm):
    propose = forms.BooleanField(
        label=_("Propose it now"), required=False, help_text=_("Otherwise it is saved as an idea.")
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"))

    def __init__(self, *args, project=None, may_prioritise=False, **kwargs):
        super().__init__(*args, **kwargs)
        stages = [s for s in allowed_stages(project.stage) if may_prioritise or s != Stage.PRIORITISED]
        self.fields["stage"].choices = [(s, Stage(s).label) for s in stages]


class StatusReportForm(ServiceModelForm):
    class Meta:
        model = StatusReport
        fields = ["date", "status", "progress", "hours_used"]
        widgets = {"date": DATE_WIDGET}


class PrioritisationForm(ServiceModelForm):
    class Meta:
        model = Prioritisation
        fields = ["title", "first_quarter", "last_quarter", "meeting", "note"]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        from styrbord.governance.models import Meeting

        self.fields["meeting"].queryset = (
            Meeting.objects.in_organisation(organisation)
            .filter(forum__level__key="tactical")
            .exclude(status="closed")
            .select_related("forum")
        )


class RankForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none())
    rank = forms.IntegerField(label=_("Rank"), min_value=1, required=False, help_text=_("Empty: last."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, prioritisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        ranked = prioritisation.entries.values("project_id")
        self.fields["project"].queryset = (
            Project.objects.filter(
                organisation=prioritisation.organisation, stage__in=[Stage.PROPOSED, Stage.PRIORITISED]
            )
            .exclude(pk__in=ranked)
            .order_by("title")
        )


class CapacityForm(forms.Form):
    quarter = forms.CharField(label=_("Quarter"), max_length=7, help_text=_("YYYY-Qn, e.g. 2027-Q2."))
    hours = forms.IntegerField(label=_("IT hours for development"), min_value=0)


class RankingForm(forms.Form):
    ranking = forms.CharField(
        label=_("New order"),
        help_text=_("The project ids in the new order, separated by commas."),
    )

    def clean_ranking(self):
        try:
            return [int(part) for part in self.cleaned_data["ranking"].split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("Write project ids separated by commas.")) from None


class AdoptForm(forms.Form):
    text = forms.CharField(label=_("Decision text"), widget=forms.Textarea, required=False)


class PlanForm(ServiceModelForm):
    class Meta:
        model = DigitalisationPlan
        fields = ["department", "first_year", "last_year", "summary"]

    def __init__(self, *args, organisation=None, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        department_choices(self.fields["department"], organisation)
        if departments is not None:
            self.fields["department"].queryset = departments


class ChangeForm(ServiceModelForm):
    class Meta:
        model = PlannedChange
        fields = [*CHANGE_FIELDS, "systems", "services"]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        _related_choices(self, organisation)
