"""Pages: projects and status reports, prioritisations (ranking, capacity, what fits) and the
departments' digitalisation plans with the overview by year."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from styrbord.core.tenancy import access
from styrbord.core.views import (
    ChildFormView,
    CreateView,
    EditView,
    HistoryView,
    ObjectActionView,
    OrganisationPermissionMixin,
    ScopedDetailView,
    ScopedListView,
    departments_of,
)
from styrbord.organisations.models import Department

from . import services
from .capacity import fit_of
from .choices import Kind, Stage
from .filtersets import ProjectFilterSet
from .forms import (
    AdoptForm,
    CapacityForm,
    ChangeForm,
    NewProjectForm,
    PlanForm,
    PrioritisationForm,
    ProjectForm,
    RankForm,
    RankingForm,
    StageForm,
    StatusReportForm,
)
from .models import DigitalisationPlan, PlannedChange, Prioritisation, PrioritisationEntry, Project
from .rules import DEPARTMENT_ROLES


def proposable_departments(user, organisation):
    """The departments the user may propose projects or keep plans for."""
    departments = departments_of(organisation)
    if user.has_perm("projects.prioritise_project", organisation):  # the head of IT: all
        return departments
    paths = access(user).department_paths(organisation.pk, *DEPARTMENT_ROLES)
    if not paths:
        return departments.none()
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return departments.filter(query)


# --- Projects ------------------------------------------------------------------------------------


class ProjectListView(ScopedListView):
    model = Project
    template_name = "projects/project_list.html"
    filterset_class = ProjectFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("requesting_department", "project_lead").order_by("title")

    def get_context_data(self, **kwargs):
        organisation = self.request.organisation
        return super().get_context_data(
            stages=Stage.choices,
            kinds=Kind.choices,
            departments=departments_of(organisation),
            can_add=self.request.user.has_perm("projects.add_project", organisation),
            **kwargs,
        )


class ProjectDetailView(ScopedDetailView):
    model = Project
    template_name = "projects/project_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("requesting_department", "sponsor", "project_lead", "plan_activity__plan")
        )

    def get_context_data(self, **kwargs):
        project, user = self.object, self.request.user
        return super().get_context_data(
            systems=project.systems.order_by("name"),
            services=project.services.order_by("name"),
            reports=project.status_reports.select_related("author"),
            can_change=user.has_perm("projects.change_project", project),
            can_report=user.has_perm("projects.add_statusreport", project),
            **kwargs,
        )


class ProjectCreateView(CreateView):
    model = Project
    form_class = NewProjectForm
    title = gettext_lazy("New project")
    success_message = gettext_lazy("The project was saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["departments"] = proposable_departments(self.request.user, self.request.organisation)
        return kwargs

    def perform(self, form):
        data = dict(form.cleaned_data)
        stage = Stage.PROPOSED if data.pop("propose", False) else Stage.IDEA
        return services.create_project(
            acting_user=self.request.user, organisation=self.request.organisation, stage=stage, **data
        )


class ProjectEditView(EditView):
    model = Project
    form_class = ProjectForm
    update = services.update_project
    form_takes_organisation = True

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        departments = proposable_departments(self.request.user, self.object.organisation)
        # A project lead outside the department roles keeps the department as it is.
        kwargs["departments"] = departments | Department.objects.filter(pk=self.object.requesting_department_id)
        return kwargs


class ProjectStageView(ObjectActionView):
    model = Project
    permission = "projects.change_project"
    form_class = StageForm
    template_name = "organisations/form.html"
    title = gettext_lazy("Change the stage of %(name)s")
    success_message = gettext_lazy("The stage was changed.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "project": self.object,
            "may_prioritise": self.request.user.has_perm("projects.prioritise_project", self.object),
        }

    def perform(self, form):
        return services.change_stage(self.object, acting_user=self.request.user, stage=form.cleaned_data["stage"])


class StatusReportCreateView(ChildFormView):
    model = Project
    permission = "projects.add_statusreport"
    form_class = StatusReportForm
    create = services.add_status_report
    title = gettext_lazy("Status report for %(name)s")
    success_message = gettext_lazy("The status report was saved.")


class ProjectHistoryView(HistoryView):
    model = Project


# --- Prioritisations -----------------------------------------------------------------------------


class PrioritisationListView(OrganisationPermissionMixin, ScopedListView):
    model = Prioritisation
    organisation_permission = "projects.view_prioritisation"
    template_name = "projects/prioritisation_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("meeting__forum", "decision")

    def get_context_data(self, **kwargs):
        organisation = self.request.organisation
        proposals = (
            Project.objects.in_organisation(organisation)
            .filter(stage=Stage.PROPOSED)
            .select_related("requesting_department", "plan_activity__plan")
            .order_by("title")
        )
        return super().get_context_data(
            proposals=proposals,
            can_add=self.request.user.has_perm("projects.add_prioritisation", organisation),
            **kwargs,
        )


class PrioritisationDetailView(ScopedDetailView):
    model = Prioritisation
    template_name = "projects/prioritisation_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("meeting__forum", "decision")

    def get_context_data(self, **kwargs):
        prioritisation, user = self.object, self.request.user
        can_change = not prioritisation.is_adopted and user.has_perm("projects.change_prioritisation", prioritisation)
        context = super().get_context_data(
            fit=fit_of(prioritisation),
            capacity=prioritisation.capacity.all(),
            can_change=can_change,
            **kwargs,
        )
        if can_change:
            context.update(
                rank_form=RankForm(prioritisation=prioritisation),
                capacity_form=CapacityForm(),
                ranking_form=RankingForm(
                    initial={"ranking": ",".join(str(e.project_id) for e in prioritisation.entries.all())}
                ),
                adopt_form=AdoptForm(),
            )
        return context


class PrioritisationCreateView(CreateView):
    model = Prioritisation
    form_class = PrioritisationForm
    create = services.create_prioritisation
    title = gettext_lazy("New prioritisation")
    success_message = gettext_lazy("The prioritisation was created.")


class PrioritisationEditView(EditView):
    model = Prioritisation
    form_class = PrioritisationForm
    update = services.update_prioritisation
    form_takes_organisation = True


class PrioritisationActionView(LoginRequiredMixin, View):
    """POST-only actions on a draft prioritisation; errors come back as messages on its page."""

    form_class = None
    permission = "projects.change_prioritisation"

    def post(self, request, pk):
        prioritisation = get_object_or_404(Prioritisation.objects.restrict(request.user), pk=pk)
        if not request.user.has_perm(self.permission, prioritisation):
            raise PermissionDenied
        form = self.get_form(request.POST, prioritisation)
        if not form.is_valid():
            for field, errors in form.errors.items():
                for error in errors:
                    messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {error}")
            return redirect(prioritisation)
        try:
            self.perform(prioritisation, form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(prioritisation)

    def get_form(self, data, prioritisation):
        return self.form_class(data)


class RankView(PrioritisationActionView):
    def get_form(self, data, prioritisation):
        return RankForm(data, prioritisation=prioritisation)

    def perform(self, prioritisation, data):
        services.rank_project(prioritisation, acting_user=self.request.user, **data)


class RankingView(PrioritisationActionView):
    form_class = RankingForm

    def perform(self, prioritisation, data):
        services.set_ranking(prioritisation, acting_user=self.request.user, ranking=data["ranking"])


class CapacityView(PrioritisationActionView):
    form_class = CapacityForm

    def perform(self, prioritisation, data):
        services.set_capacity(prioritisation, acting_user=self.request.user, **data)


class AdoptView(PrioritisationActionView):
    form_class = AdoptForm
    permission = "projects.adopt_prioritisation"

    def perform(self, prioritisation, data):
        services.adopt_prioritisation(prioritisation, acting_user=self.request.user, text=data["text"])
        messages.success(self.request, _("The prioritisation was adopted and the decision recorded."))


class EntryRemoveView(LoginRequiredMixin, View):
    def post(self, request, pk):
        entry = get_object_or_404(PrioritisationEntry.objects.restrict(request.user), pk=pk)
        if not request.user.has_perm("projects.change_prioritisation", entry.prioritisation):
            raise PermissionDenied
        try:
            services.remove_entry(entry, acting_user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(entry.prioritisation)


# --- Digitalisation plans ------------------------------------------------------------------------


class PlanOverviewView(OrganisationPermissionMixin, LoginRequiredMixin, TemplateView):
    """Every department's planned changes by year in one table, for IT to plan infrastructure."""

    organisation_permission = "projects.view_digitalisationplan"
    template_name = "projects/plan_overview.html"

    def get_context_data(self, **kwargs):
        organisation = self.request.organisation
        plans = list(
            DigitalisationPlan.objects.in_organisation(organisation)
            .select_related("department")
            .order_by("department__path")
        )
        changes = (
            PlannedChange.objects.filter(plan__in=plans)
            .select_related("plan__department")
            .prefetch_related("systems", "services")
            .order_by("year", "plan__department__path", "title")
        )
        by_year = defaultdict(list)
        for change in changes:
            by_year[change.year].append(change)
        return super().get_context_data(
            plans=plans,
            years=sorted(by_year.items()),
            can_add=self.request.user.has_perm("projects.add_digitalisationplan", organisation),
            **kwargs,
        )


class PlanDetailView(ScopedDetailView):
    model = DigitalisationPlan
    template_name = "projects/plan_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("department")

    def get_context_data(self, **kwargs):
        plan = self.object
        return super().get_context_data(
            changes=plan.changes.prefetch_related("systems", "services"),
            can_change=self.request.user.has_perm("projects.change_digitalisationplan", plan),
            **kwargs,
        )


class PlanCreateView(CreateView):
    model = DigitalisationPlan
    form_class = PlanForm
    create = services.create_plan
    title = gettext_lazy("New digitalisation plan")
    success_message = gettext_lazy("The plan was created.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["departments"] = proposable_departments(self.request.user, self.request.organisation)
        return kwargs


class PlanEditView(EditView):
    model = DigitalisationPlan
    form_class = PlanForm
    update = services.update_plan
    form_takes_organisation = True

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["departments"] = proposable_departments(self.request.user, self.object.organisation) | (
            Department.objects.filter(pk=self.object.department_id)
        )
        return kwargs


class ChangeCreateView(ChildFormView):
    model = DigitalisationPlan
    permission = "projects.change_digitalisationplan"
    form_class = ChangeForm
    create = services.add_change
    title = gettext_lazy("New planned change in %(name)s")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.object.organisation}


class ChangeEditView(EditView):
    model = PlannedChange
    form_class = ChangeForm
    update = services.update_change

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.object.plan.organisation}


class PlanHistoryView(HistoryView):
    model = DigitalisationPlan
