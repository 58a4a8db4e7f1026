"""Pages of the measure catalogue, the self-assessments, the action plan, progress and quality."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

from styrbord.core.forms import DATE_WIDGET, ConfirmForm
from styrbord.core.views import (
    CreateInOrganisationView,
    HistoryView,
    OrganisationPermissionMixin,
    ScopedDetailView,
    ScopedListView,
    ScopedObjectFormView,
    ServiceFormView,
)
from styrbord.organisations.models import Department, User
from styrbord.systems.models import System

from . import catalogue, measure_services, quality
from .choices import ActionStatus, AssessmentStatus
from .measure_filters import ActionItemFilterSet, MeasureFilterSet
from .measure_rules import visible_q
from .models import ActionItem, Assessment, Measure

FORM_TEMPLATE = "organisations/form.html"


class ServiceModelForm(forms.ModelForm):
    """Checks each field; the service validates the object as a whole and reports on the fields."""

    def _post_clean(self):
        pass


def members_of(organisation):
    return User.objects.in_organisation(organisation).filter(is_active=True).order_by("last_name", "first_name")


# The catalogue


class MeasureForm(ServiceModelForm):
    class Meta:
        model = Measure
        fields = measure_services.MEASURE_FIELDS
        widgets = {
            "guidance": forms.Textarea(attrs={"rows": 5}),
            "supplier_requirement": forms.Textarea(attrs={"rows": 3}),
            "usability_impact": forms.Textarea(attrs={"rows": 3}),
            "usability_easing": forms.Textarea(attrs={"rows": 3}),
        }


class MeasureListView(ScopedListView):
    model = Measure
    template_name = "security/measure_list.html"
    filterset_class = MeasureFilterSet
    paginate_by = 100

    def get_queryset(self):
        return super().get_queryset().order_by("code")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        context.update(
            can_add=self.request.user.has_perm("security.add_measure", organisation),
            can_load=self.request.user.has_perm("security.load_measures", organisation),
            settings=catalogue.settings_of(organisation) if organisation else None,
        )
        return context


class MeasureDetailView(ScopedDetailView):
    model = Measure
    template_name = "security/measure_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        measure = self.object
        counts = dict.fromkeys(AssessmentStatus.values, 0)
        for status in measure.assessments.values_list("status", flat=True):
            counts[status] += 1
        context.update(
            can_change=self.request.user.has_perm("security.change_measure", measure),
            required=[(label, measure.required_from().get(value)) for value, label in _aspects()],
            answers=[(label, counts[value]) for value, label in AssessmentStatus.choices],
        )
        return context


def _aspects():
    from .choices import Aspect

    return Aspect.choices


class MeasureCreateView(CreateInOrganisationView):
    model = Measure
    form_class = MeasureForm
    template_name = FORM_TEMPLATE
    success_message = gettext_lazy("The measure was added to the catalogue.")

    def perform(self, form):
        return measure_services.create_measure(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New security measure"), **kwargs)


class MeasureEditView(ScopedObjectFormView):
    model = Measure
    form_class = MeasureForm
    template_name = FORM_TEMPLATE
    success_message = gettext_lazy("The measure was saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        return measure_services.update_measure(self.object, acting_user=self.request.user, **form.cleaned_data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Edit %(name)s") % {"name": self.object}, **kwargs)


class MeasureActiveView(ScopedObjectFormView):
    """Deactivate or reactivate a measure (POST); measures are never deleted."""

    model = Measure
    form_class = ConfirmForm
    http_method_names = ["post"]

    def perform(self, form):
        active = not self.object.is_active
        measure = measure_services.set_measure_active(self.object, acting_user=self.request.user, active=active)
        messages.success(
            self.request, _("The measure is active again.") if active else _("The measure was deactivated.")
        )
        return measure

    def form_invalid(self, form):
        return HttpResponseRedirect(self.object.get_absolute_url())


class MeasureHistoryView(HistoryView):
    model = Measure


class CatalogueLoadView(OrganisationPermissionMixin, ServiceFormView):
    """Load the newest shipped catalogue into the organisation (adds and updates; never overwrites edits)."""

    organisation_permission = "security.load_measures"
    form_class = ConfirmForm
    template_name = "security/measure_load.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            newest = catalogue.newest_catalogue()
        except FileNotFoundError:
            newest = None
        context.update(newest=newest, settings=catalogue.settings_of(self.request.organisation))
        return context

    def perform(self, form):
        outcome = catalogue.load_catalogue(acting_user=self.request.user, organisation=self.request.organisation)
        messages.success(
            self.request,
            _(
                "Catalogue version %(version)d: %(created)d measures added, %(updated)d updated, "
                "%(kept)d kept as you edited them, %(deactivated)d deactivated."
            )
            % {
                "version": outcome["version"],
                "created": len(outcome["created"]),
                "updated": len(outcome["updated"]),
                "kept": len(outcome["kept"]),
                "deactivated": len(outcome["deactivated"]),
            },
        )
        return None

    def get_success_url(self):
        return reverse("security:measure_list")


# Self-assessment


class SystemAssessmentView(LoginRequiredMixin, DetailView):
    """The measures a system's protection need requires, each with its self-assessment."""

    model = System
    template_name = "security/assessment_system.html"
    context_object_name = "system"

    def get_queryset(self):
        return System.objects.restrict(self.request.user).select_related("owner_department")

    def get_object(self, queryset=None):
        system = super().get_object(queryset)
        if not self.request.user.has_perm("security.view_assessment", system):
            raise PermissionDenied
        return system

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        system = self.object
        progress = quality.system_progress([system])[0]
        assessments = {
            a.measure_id: a for a in Assessment.objects.filter(system=system).select_related("measure", "assessed_by")
        }
        actions = {}
        for action in (
            ActionItem.objects.filter(assessment__system=system).select_related("owner", "assessment").order_by("-pk")
        ):
            actions.setdefault(action.assessment.measure_id, []).append(action)
        rows = [
            {"measure": measure, "assessment": assessments.get(measure.pk), "actions": actions.get(measure.pk, [])}
            for measure, _status in progress.rows
        ]
        required_ids = {measure.pk for measure, _status in progress.rows}
        context.update(
            progress=progress,
            rows=rows,
            others=[a for pk, a in assessments.items() if pk not in required_ids],
            can_assess=self.request.user.has_perm("security.add_assessment", system),
        )
        return context


class AssessmentForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Answer"), choices=AssessmentStatus.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(
        label=gettext_lazy("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Where it can be seen that the measure is in place: a document, a setting, a report."),
    )
    not_applicable_reason = forms.CharField(
        label=gettext_lazy("Why not applicable"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Required when the measure does not apply."),
    )
    action_owner = forms.ModelChoiceField(
        label=gettext_lazy("Action owner"),
        queryset=User.objects.none(),
        required=False,
        help_text=gettext_lazy("Who carries out the action when the measure is partly or not met."),
    )
    action_due_date = forms.DateField(label=gettext_lazy("Action due"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_owner"].queryset = members_of(organisation)


class AssessmentRecordView(ServiceFormView):
    """Record the self-assessment of one measure for one system."""

    form_class = AssessmentForm
    template_name = "security/assessment_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.system = get_object_or_404(System.objects.restrict(request.user), pk=kwargs["pk"])
            self.measure = get_object_or_404(
                Measure.objects.filter(organisation_id=self.system.organisation_id), pk=kwargs["measure"]
            )
            if not request.user.has_perm("security.add_assessment", self.system):
                raise PermissionDenied
            self.assessment = Assessment.objects.filter(system=self.system, measure=self.measure).first()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.system.organisation}

    def get_initial(self):
        action = None
        if self.assessment is not None:
            action = self.assessment.actions.exclude(status=ActionStatus.DONE).order_by("-pk").first()
            initial = {
                name: getattr(self.assessment, name)
                for name in ("status", "comment", "evidence", "not_applicable_reason")
            }
        else:
            initial = {}
        initial["action_owner"] = action.owner if action else measure_services.system_manager(self.system)
        initial["action_due_date"] = (
            action.due_date if action else timezone.localdate() + timedelta(days=measure_services.DEFAULT_DUE_DAYS)
        )
        return initial

    def perform(self, form):
        return measure_services.record_assessment(
            acting_user=self.request.user, system=self.system, measure=self.measure, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("security:assessment_system", args=[self.system.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(system=self.system, measure=self.measure, assessment=self.assessment, **kwargs)


# The action plan


class ActionListView(ScopedListView):
    model = ActionItem
    template_name = "security/action_list.html"
    filterset_class = ActionItemFilterSet
    paginate_by = 100

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(visible_q(self.request.user, "assessment__system", owner="owner"))
            .select_related("owner", "assessment__system", "assessment__measure")
            .order_by("status", "due_date", "pk")
        )

    def get_context_data(self, **kwargs):
        organisation = self.request.organisation
        return super().get_context_data(
            today=timezone.localdate(),
            statuses=ActionStatus.choices,
            people=members_of(organisation),
            systems=System.objects.in_organisation(organisation).order_by("name"),
            departments=Department.objects.in_organisation(organisation).filter(is_active=True).order_by("path"),
            **kwargs,
        )


class ActionDetailView(ScopedDetailView):
    model = ActionItem
    template_name = "security/action_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("owner", "assessment__system", "assessment__measure")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_change=self.request.user.has_perm("security.change_actionitem", self.object),
            today=timezone.localdate(),
            **kwargs,
        )


class ActionForm(ServiceModelForm):
    class Meta:
        model = ActionItem
        fields = measure_services.ACTION_FIELDS
        widgets = {"due_date": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(organisation)


class ActionEditView(ScopedObjectFormView):
    model = ActionItem
    form_class = ActionForm
    template_name = FORM_TEMPLATE
    success_message = gettext_lazy("The action was saved.")

    def get_form_kwargs(self):
        organisation = self.object.assessment.system.organisation
        return {**super().get_form_kwargs(), "instance": self.object, "organisation": organisation}

    def perform(self, form):
        return measure_services.update_action(self.object, acting_user=self.request.user, **form.cleaned_data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Edit %(name)s") % {"name": self.object}, **kwargs)


class ActionHistoryView(HistoryView):
    model = ActionItem


# Progress and quality


class ProgressView(OrganisationPermissionMixin, LoginRequiredMixin, TemplateView):
    organisation_permission = "security.view_progress"
    template_name = "security/progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        per_system, departments, total = quality.organisation_progress(organisation)
        context.update(per_system=per_system, departments=departments, total=total)
        return context


class QualityView(OrganisationPermissionMixin, LoginRequiredMixin, TemplateView):
    """The security quality of this and last year, per top-level department and in total (§11)."""

    organisation_permission = "security.view_quality"
    template_name = "security/quality.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        year = timezone.localdate().year
        rows = [(str(organisation), quality.security_quality(organisation, year), True)]
        for department in (
            Department.objects.in_organisation(organisation)
            .filter(parent__isnull=True, is_active=True)
            .order_by("name")
        ):
            rows.append((department.name, quality.security_quality(organisation, year, [department]), False))
        context.update(year=year, rows=rows, months=range(1, 13))
        return context
