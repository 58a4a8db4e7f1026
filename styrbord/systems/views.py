"""Pages of the system register, management plans, meetings and management quality."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from styrbord.core.forms import ConfirmForm, model_form
from styrbord.core.views import (
    FORM_TEMPLATE,
    ChildFormView,
    CreateView,
    DeleteView,
    EditView,
    HistoryView,
    ObjectActionView,
    OrganisationPermissionMixin,
    ScopedDetailView,
    ScopedListView,
    ServiceFormView,
    departments_of,
)

from . import compliance, services
from .choices import Category, Lifecycle, MeetingStatus, PlanStatus, RoleKind
from .filtersets import ManagementPlanFilterSet, MeetingFilterSet, SystemFilterSet, SystemRoleFilterSet
from .forms import (
    FollowUpForm,
    ManagementObjectForm,
    ReasonForm,
    SettingsForm,
    SystemForm,
    SystemRoleForm,
)
from .models import (
    ManagementObject,
    ManagementPlan,
    Meeting,
    MeetingDecision,
    PlanActivity,
    PlanRisk,
    System,
    SystemRole,
    settings_for,
)

ACTION_TEMPLATE = "systems/action.html"


def scope_kwargs(scope):
    return {"system": scope} if isinstance(scope, System) else {"management_object": scope}


def can(request, permission, obj):
    return request.user.has_perm(permission, obj)


# Settings and compliance


class SettingsView(OrganisationPermissionMixin, ServiceFormView):
    organisation_permission = "systems.change_systemsettings"
    form_class = SettingsForm
    template_name = FORM_TEMPLATE
    success_message = gettext_lazy("The settings were saved.")

    def get_form_kwargs(self):
        organisation = self.request.organisation
        return {**super().get_form_kwargs(), "instance": settings_for(organisation), "organisation": organisation}

    def perform(self, form):
        return services.update_settings(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("System-management settings"), **kwargs)


class ComplianceView(OrganisationPermissionMixin, LoginRequiredMixin, TemplateView):
    """Every vital system with its gaps, and the numbers behind the annual follow-up (§11)."""

    organisation_permission = "systems.view_compliance"
    template_name = "systems/compliance.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        evaluations, by_department, total = compliance.organisation_quality(organisation)
        context.update(
            evaluations=evaluations,
            with_gaps=[e for e in evaluations if not e.met],
            by_department=by_department,
            total=total,
            rules=compliance.RULES,
            settings=settings_for(organisation),
            today=timezone.localdate(),
            can_change_settings=can(self.request, "systems.change_systemsettings", organisation),
        )
        return context


# Management objects


class ObjectListView(ScopedListView):
    model = ManagementObject
    template_name = "systems/object_list.html"
    paginate_by = None

    def get_queryset(self):
        systems = System.objects.order_by("name")
        return (
            super()
            .get_queryset()
            .select_related("owner_department")
            .prefetch_related(Prefetch("systems", queryset=systems))
            .order_by("name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = can(self.request, "systems.add_managementobject", self.request.organisation)
        return context


def roles_of(scope):
    return scope.systemroles.select_related("person").order_by("kind", "person__last_name")


def plans_and_meetings(request, **scope):
    query = Q(**scope)
    if "system" in scope and scope["system"].management_object_id:
        query |= Q(management_object_id=scope["system"].management_object_id)
    organisation = request.organisation
    return {
        "plans": ManagementPlan.objects.in_organisation(organisation).filter(query).order_by("-year"),
        "meetings": Meeting.objects.in_organisation(organisation).filter(query).order_by("-date")[:10],
    }


class ObjectDetailView(ScopedDetailView):
    model = ManagementObject
    template_name = "systems/object_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        context.update(plans_and_meetings(self.request, management_object=obj))
        context["systems"] = obj.systems.select_related("owner_department").order_by("name")
        context["roles"] = roles_of(obj)
        request = self.request
        context["can_change"] = can(request, "systems.change_managementobject", obj)
        context["can_name_roles"] = can(request, "systems.add_systemrole", obj)
        context["can_plan"] = can(request, "systems.add_managementplan", obj)
        context["can_meet"] = can(request, "systems.add_meeting", obj)
        return context


class ObjectCreateView(CreateView):
    model = ManagementObject
    form_class = ManagementObjectForm
    create = services.create_object
    title = gettext_lazy("New management object")
    success_message = gettext_lazy("The management object was created.")


class ObjectEditView(EditView):
    model = ManagementObject
    form_class = ManagementObjectForm
    update = services.update_object
    form_takes_organisation = True


class ObjectHistoryView(HistoryView):
    model = ManagementObject


# Systems


class SystemListView(ScopedListView):
    model = System
    template_name = "systems/system_list.html"
    filterset_class = SystemFilterSet

    def get_queryset(self):
        roles = SystemRole.objects.filter(kind__in=[RoleKind.OWNER, RoleKind.MANAGER]).select_related("person")
        return (
            super()
            .get_queryset()
            .select_related("owner_department", "management_object")
            .prefetch_related(
                Prefetch("systemroles", queryset=roles, to_attr="own_roles"),
                Prefetch("management_object__systemroles", queryset=roles, to_attr="object_roles"),
            )
            .order_by("name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        systems = list(context["object_list"])
        evaluations = {e.system.pk: e for e in compliance.evaluate_systems([s for s in systems if s.is_vital])}
        for system in systems:
            system.evaluation = evaluations.get(system.pk)
            held = list(system.own_roles) + list(getattr(system.management_object, "object_roles", []))
            system.owners = [r.person for r in held if r.kind == RoleKind.OWNER]
            system.managers = [r.person for r in held if r.kind == RoleKind.MANAGER]
        organisation = self.request.organisation
        context.update(
            systems=systems,
            can_add=can(self.request, "systems.add_system", organisation),
            departments=departments_of(organisation),
            objects=ManagementObject.objects.in_organisation(organisation).order_by("name"),
            lifecycles=Lifecycle.choices,
            categories=Category.choices,
        )
        return context


class SystemDetailView(ScopedDetailView):
    model = System
    template_name = "systems/system_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("owner_department", "management_object", "hosting_service")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        system, request = self.object, self.request
        roles = list(roles_of(system))
        if system.management_object_id:
            inherited = list(roles_of(system.management_object))
            for role in inherited:
                role.inherited = True  # named on the object's page
            roles += inherited
        context.update(plans_and_meetings(request, system=system))
        context.update(
            roles=roles,
            items=[link.item for link in system.item_links.select_related("item__item_type").order_by("item__name")],
            sends_to=system.integrations_out.select_related("target").order_by("target__name"),
            receives_from=system.integrations_in.select_related("source").order_by("source__name"),
            evaluation=compliance.evaluate_systems([system])[0],
            can_change=can(request, "systems.change_system", system),
            can_name_roles=can(request, "systems.add_systemrole", system),
            can_plan=can(request, "systems.add_managementplan", system),
            can_meet=can(request, "systems.add_meeting", system),
            can_read_cmdb=can(request, "infra.view_configurationitem", system.organisation),
        )
        return context


class SystemCreateView(CreateView):
    model = System
    form_class = SystemForm
    create = services.create_system
    title = gettext_lazy("New system")
    success_message = gettext_lazy("The system was registered.")


class SystemEditView(EditView):
    """The head of IT edits the whole entry; the system's owner and manager its ENTRY_FIELDS and where it runs."""

    model = System
    form_class = SystemForm
    form_takes_organisation = True

    def register(self):
        return can(self.request, "systems.change_register", self.object)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.register():
            keep = {*services.ENTRY_FIELDS, "runs_on", "integrations"}
            for name in [name for name in form.fields if name not in keep]:
                del form.fields[name]
        return form

    def perform(self, form):
        allowed = services.SYSTEM_FIELDS if self.register() else services.ENTRY_FIELDS
        return services.update_system(self.object, acting_user=self.request.user, allowed=allowed, **form.cleaned_data)


class SystemHistoryView(HistoryView):
    model = System


# Roles


class RoleListView(ScopedListView):
    """Who holds which system role, with the date each was communicated to the IT unit."""

    model = SystemRole
    template_name = "systems/role_list.html"
    filterset_class = SystemRoleFilterSet
    paginate_by = 100

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("person", "system", "management_object")
            .order_by("person__last_name", "person__first_name", "kind")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(kinds=RoleKind.choices, **kwargs)


class RoleCreateView(ObjectActionView):
    """Name a person for a role of this system or management object."""

    permission = "systems.add_systemrole"
    form_class = SystemRoleForm
    template_name = FORM_TEMPLATE
    title = gettext_lazy("Name a role for %(name)s")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.object.organisation}

    def perform(self, form):
        services.assign_role(acting_user=self.request.user, **scope_kwargs(self.object), **form.cleaned_data)
        messages.success(self.request, _("The role was named."))
        return self.object


class SystemRoleCreateView(RoleCreateView):
    model = System


class ObjectRoleCreateView(RoleCreateView):
    model = ManagementObject


class RoleEditView(EditView):
    model = SystemRole
    form_class = model_form(SystemRole, ["communicated_on", "note"])
    update = services.update_role


class RoleDeleteView(DeleteView):
    model = SystemRole
    remove = services.remove_role
    message = gettext_lazy("The role was removed.")


# Plans


class PlanListView(ScopedListView):
    model = ManagementPlan
    template_name = "systems/plan_list.html"
    filterset_class = ManagementPlanFilterSet

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("system", "management_object", "approved_by")
            .order_by("-year", "system__name", "management_object__name")
        )

    def get_context_data(self, **kwargs):
        year = timezone.localdate().year
        return super().get_context_data(statuses=PlanStatus.choices, years=range(year + 1, year - 4, -1), **kwargs)


class PlanCreateView(ObjectActionView):
    permission = "systems.add_managementplan"
    form_class = model_form(ManagementPlan, ["year", "goals", "budget_upkeep", "budget_development"])
    template_name = FORM_TEMPLATE
    title = gettext_lazy("New management plan for %(name)s")

    def get_initial(self):
        return {"year": timezone.localdate().year + 1}

    def perform(self, form):
        return services.create_plan(acting_user=self.request.user, **scope_kwargs(self.object), **form.cleaned_data)


class SystemPlanCreateView(PlanCreateView):
    model = System


class ObjectPlanCreateView(PlanCreateView):
    model = ManagementObject


class PlanDetailView(ScopedDetailView):
    model = ManagementPlan
    template_name = "systems/plan_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("system", "management_object", "approved_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, request = self.object, self.request
        scope = {"system": plan.system} if plan.system_id else {"management_object": plan.management_object}
        meetings = Meeting.objects.filter(**scope, date__year=plan.year).order_by("date")
        context.update(
            activities=plan.activities.all(),
            risks=plan.risks.all(),
            totals=plan.totals(),
            meetings=meetings,
            can_change=can(request, "systems.change_managementplan", plan),
            can_submit=can(request, "systems.submit_managementplan", plan),
            can_approve=can(request, "systems.approve_managementplan", plan),
            can_close=can(request, "systems.close_managementplan", plan),
            can_add_activity=can(request, "systems.add_planactivity", plan) and plan.status == PlanStatus.DRAFT,
            can_follow_up=plan.status == PlanStatus.APPROVED,
            can_delete_rows=plan.status == PlanStatus.DRAFT,
            can_meet=can(request, "systems.add_meeting", plan.scope),
        )
        return context


def plan_form_class(plan):
    return model_form(ManagementPlan, services.PLAN_FIELDS[plan.status]) if services.PLAN_FIELDS[plan.status] else None


class PlanEditView(EditView):
    """While drafted: goals and budget; once approved: the follow-up text."""

    model = ManagementPlan
    update = services.update_plan

    def get_form_class(self):
        form_class = plan_form_class(self.object)
        if form_class is None:
            raise PermissionDenied
        return form_class


class PlanHistoryView(HistoryView):
    model = ManagementPlan


class PlanActionView(ObjectActionView):
    """Submit, approve, return or close a plan."""

    model = ManagementPlan
    template_name = ACTION_TEMPLATE
    form_class = ConfirmForm
    action = None
    explanation = ""
    button = ""
    done = ""

    def perform(self, form):
        plan = type(self).action(self.object, acting_user=self.request.user, **form.cleaned_data)
        messages.success(self.request, self.done)
        return plan

    def get_context_data(self, **kwargs):
        return super().get_context_data(explanation=self.explanation, button=self.button, **kwargs)


class PlanSubmitView(PlanActionView):
    permission = "systems.submit_managementplan"
    action = services.submit_plan
    title = gettext_lazy("Submit %(name)s for approval")
    explanation = gettext_lazy("The system owner is asked to approve the plan. It cannot change while it waits.")
    button = gettext_lazy("Submit for approval")
    done = gettext_lazy("The plan was submitted to the system owner.")


class PlanApproveView(PlanActionView):
    permission = "systems.approve_managementplan"
    action = services.approve_plan
    title = gettext_lazy("Approve %(name)s")
    explanation = gettext_lazy("As system owner you approve the plan's goals, activities and budget.")
    button = gettext_lazy("Approve")
    done = gettext_lazy("The plan was approved.")


class PlanReturnView(PlanActionView):
    permission = "systems.approve_managementplan"
    action = services.return_plan
    form_class = ReasonForm
    title = gettext_lazy("Return %(name)s to the system manager")
    explanation = gettext_lazy("The plan goes back to draft, with your reason.")
    button = gettext_lazy("Return")
    done = gettext_lazy("The plan was returned to the system manager.")


class PlanCloseView(PlanActionView):
    permission = "systems.close_managementplan"
    action = services.close_plan
    form_class = FollowUpForm
    title = gettext_lazy("Follow up and close %(name)s")
    explanation = gettext_lazy("Record the activities' status and actual cost first; the closed plan cannot change.")
    button = gettext_lazy("Close the plan")
    done = gettext_lazy("The plan was followed up and closed.")

    def get_initial(self):
        return {"follow_up": self.object.follow_up}


class ActivityCreateView(ChildFormView):
    model = ManagementPlan
    permission = "systems.add_planactivity"
    form_class = model_form(PlanActivity, services.ACTIVITY_FIELDS[PlanStatus.DRAFT])
    create = services.add_activity
    title = gettext_lazy("New activity in %(name)s")


class ActivityEditView(EditView):
    """While drafted: the estimate; once approved: status and actual cost and hours."""

    model = PlanActivity
    update = services.update_activity

    def get_form_class(self):
        fields = services.ACTIVITY_FIELDS[self.object.plan.status]
        if not fields:
            raise PermissionDenied
        return model_form(PlanActivity, fields)


class ActivityDeleteView(DeleteView):
    model = PlanActivity
    remove = services.remove_activity
    message = gettext_lazy("The activity was removed.")


class RiskCreateView(ChildFormView):
    model = ManagementPlan
    permission = "systems.add_planrisk"
    form_class = model_form(PlanRisk, services.RISK_FIELDS)
    create = services.add_risk
    title = gettext_lazy("New risk in %(name)s")


class RiskEditView(EditView):
    model = PlanRisk
    form_class = model_form(PlanRisk, services.RISK_FIELDS)
    update = services.update_risk


class RiskDeleteView(DeleteView):
    model = PlanRisk
    remove = services.remove_risk
    message = gettext_lazy("The risk was removed.")


# Meetings


class MeetingListView(ScopedListView):
    model = Meeting
    template_name = "systems/meeting_list.html"
    filterset_class = MeetingFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("system", "management_object").order_by("-date")

    def get_context_data(self, **kwargs):
        return super().get_context_data(statuses=MeetingStatus.choices, **kwargs)


MeetingForm = model_form(Meeting, services.MEETING_FIELDS)


class MeetingCreateView(ObjectActionView):
    permission = "systems.add_meeting"
    form_class = MeetingForm
    template_name = FORM_TEMPLATE
    title = gettext_lazy("New meeting for %(name)s")

    def perform(self, form):
        return services.create_meeting(acting_user=self.request.user, **scope_kwargs(self.object), **form.cleaned_data)


class SystemMeetingCreateView(MeetingCreateView):
    model = System


class ObjectMeetingCreateView(MeetingCreateView):
    model = ManagementObject


class MeetingDetailView(ScopedDetailView):
    model = Meeting
    template_name = "systems/meeting_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("system", "management_object", "minutes_approved_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting, request = self.object, self.request
        context.update(
            decisions=meeting.decisions.all(),
            can_change=can(request, "systems.change_meeting", meeting),
            can_approve=can(request, "systems.approve_meeting", meeting),
        )
        return context


class MeetingEditView(EditView):
    model = Meeting
    form_class = MeetingForm
    update = services.update_meeting


class MeetingHistoryView(HistoryView):
    model = Meeting


class MeetingApproveView(ObjectActionView):
    model = Meeting
    permission = "systems.approve_meeting"
    form_class = ConfirmForm
    template_name = ACTION_TEMPLATE
    title = gettext_lazy("Approve the minutes of %(name)s")

    def perform(self, form):
        meeting = services.approve_minutes(self.object, acting_user=self.request.user)
        messages.success(self.request, _("The minutes were approved."))
        return meeting

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            explanation=_("As system owner you confirm that the minutes are correct; they cannot change afterwards."),
            button=_("Approve the minutes"),
            **kwargs,
        )


DecisionForm = model_form(MeetingDecision, services.DECISION_FIELDS)


class DecisionCreateView(ChildFormView):
    model = Meeting
    permission = "systems.add_meetingdecision"
    form_class = DecisionForm
    create = services.add_decision
    title = gettext_lazy("New decision in %(name)s")


class DecisionEditView(EditView):
    model = MeetingDecision
    form_class = DecisionForm
    update = services.update_decision
