"""Pages for the head of IT's organisation register and everyone's directory and profile."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from styrbord.core.views import (
    CreateInOrganisationView,
    HistoryView,
    ScopedDetailView,
    ScopedListView,
    ScopedObjectFormView,
    ServiceFormView,
)

from . import services
from .choices import Role
from .filtersets import PersonFilterSet
from .forms import (
    ApiTokenForm,
    DepartmentForm,
    OrganisationForm,
    PersonForm,
    PersonStatusForm,
    ProfileForm,
    RoleAssignmentForm,
)
from .models import Department, Membership, Organisation, RoleAssignment, User


def build_tree(departments):
    """Nest departments under their parents, children sorted by name, for a tree view."""
    nodes = {d.pk: {"department": d, "children": []} for d in departments}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node["department"].parent_id)
        (parent["children"] if parent else roots).append(node)
    for node in nodes.values():
        node["children"].sort(key=lambda n: n["department"].name)
    return sorted(roots, key=lambda n: n["department"].name)


class OrganisationView(LoginRequiredMixin, TemplateView):
    template_name = "organisations/organisation_detail.html"

    def get_context_data(self, **kwargs):
        organisation = self.request.organisation
        if organisation is None:
            raise Http404
        context = super().get_context_data(**kwargs)
        context["organisation"] = organisation
        context["can_change"] = self.request.user.has_perm("organisations.change_organisation", organisation)
        context["served"] = Organisation.objects.restrict(self.request.user).filter(served_by=organisation)
        context["department_count"] = Department.objects.in_organisation(organisation).filter(is_active=True).count()
        context["member_count"] = Membership.objects.filter(organisation=organisation, is_active=True).count()
        roles = (
            RoleAssignment.objects.in_organisation(organisation)
            .exclude(role__in=[Role.DEPARTMENT_HEAD, Role.IT_COORDINATOR])
            .select_related("user")
        )
        grouped = {}
        for assignment in roles:
            grouped.setdefault(assignment.get_role_display(), []).append(assignment.user)
        context["key_roles"] = sorted(grouped.items())
        return context


class OrganisationEditView(ScopedObjectFormView):
    model = Organisation
    form_class = OrganisationForm
    template_name = "organisations/form.html"
    success_message = gettext_lazy("The organisation was saved.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.organisation is not None:
            kwargs["pk"] = request.organisation.pk
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object, "user": self.request.user}

    def perform(self, form):
        return services.update_organisation(self.object, acting_user=self.request.user, **form.cleaned_data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Edit organisation"), **kwargs)


class OrganisationHistoryView(HistoryView):
    model = Organisation

    def get_object(self, queryset=None):
        if self.request.organisation is None:
            raise Http404
        self.kwargs["pk"] = self.request.organisation.pk
        return super().get_object(queryset)


class DepartmentListView(ScopedListView):
    model = Department
    template_name = "organisations/department_list.html"
    paginate_by = None

    def get_queryset(self):
        return super().get_queryset().order_by("path")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        departments = list(context["object_list"])
        query = self.request.GET.get("q", "").strip().lower()
        show_inactive = self.request.GET.get("inactive") == "1"
        if not show_inactive:
            departments = [d for d in departments if d.is_active]
        if query:
            hits = [d for d in departments if query in d.name.lower() or query in d.cost_centre.lower()]
            context["search_hits"] = hits
        context["tree"] = build_tree(departments)
        context["query"] = self.request.GET.get("q", "")
        context["show_inactive"] = show_inactive
        context["can_add"] = self.request.user.has_perm("organisations.add_department", self.request.organisation)
        return context


class DepartmentDetailView(ScopedDetailView):
    model = Department
    template_name = "organisations/department_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        department = self.object
        context["ancestors"] = department.ancestors()
        context["children"] = department.children.order_by("name")
        context["members"] = (
            Membership.objects.filter(department=department, is_active=True)
            .select_related("user")
            .order_by("user__last_name", "user__first_name")
        )
        context["roles"] = RoleAssignment.objects.filter(
            department__in=[*context["ancestors"], department]
        ).select_related("user", "department")
        context["can_change"] = self.request.user.has_perm("organisations.change_department", department)
        return context


class DepartmentCreateView(CreateInOrganisationView):
    model = Department
    form_class = DepartmentForm
    template_name = "organisations/form.html"
    success_message = gettext_lazy("The department was created.")

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "organisation": self.request.organisation}
        parent = self.request.GET.get("parent")
        if parent and parent.isdigit():
            kwargs["initial"] = {"parent": parent}
        return kwargs

    def perform(self, form):
        return services.create_department(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New department"), **kwargs)


class DepartmentEditView(ScopedObjectFormView):
    model = Department
    form_class = DepartmentForm
    template_name = "organisations/form.html"
    success_message = gettext_lazy("The department was saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object, "organisation": self.object.organisation}

    def perform(self, form):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        return services.update_department(self.object, acting_user=self.request.user, **changes)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Edit department"), **kwargs)


class DepartmentDeleteView(ScopedObjectFormView):
    """Delete a department nothing refers to; otherwise explain and offer deactivation."""

    model = Department
    permission_action = "delete"
    template_name = "organisations/department_delete.html"
    form_class = PersonStatusForm  # an empty confirmation; its field is not shown

    def perform(self, form):
        services.delete_department(self.object, acting_user=self.request.user)
        messages.success(self.request, _("The department was deleted."))
        return self.object

    def get_success_url(self):
        return reverse("organisations:department_list")


class DepartmentHistoryView(HistoryView):
    model = Department


class PersonListView(ScopedListView):
    model = User
    template_name = "organisations/person_list.html"
    filterset_class = PersonFilterSet
    paginate_by = 50

    def get_queryset(self):
        queryset = super().get_queryset()
        if "is_active" not in self.request.GET:
            queryset = queryset.filter(is_active=True)
        from django.db.models import Prefetch

        memberships = Membership.objects.filter(organisation=self.request.organisation).select_related("department")
        return queryset.prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="here"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("organisations.add_user", self.request.organisation)
        context["departments"] = Department.objects.in_organisation(self.request.organisation).order_by("path")
        context["roles"] = Role.choices
        return context


class PersonDetailView(ScopedDetailView):
    model = User
    template_name = "organisations/person_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        visible_orgs = Organisation.objects.restrict(self.request.user)
        context["memberships"] = person.memberships.filter(organisation__in=visible_orgs).select_related(
            "organisation", "department"
        )
        context["roles"] = person.role_assignments.filter(organisation__in=visible_orgs).select_related(
            "organisation", "department"
        )
        context["can_change"] = self.request.user.has_perm("organisations.change_user", person)
        organisation = self.request.organisation
        context["can_assign"] = (
            self.request.user.has_perm("organisations.add_roleassignment", organisation)
            and person.memberships.filter(organisation=organisation).exists()
        )
        if context["can_assign"]:
            context["role_form"] = RoleAssignmentForm(organisation=organisation)
        context["can_add_here"] = (
            organisation is not None
            and not person.memberships.filter(organisation=organisation).exists()
            and self.request.user.has_perm("organisations.add_membership", organisation)
        )
        return context


class PersonCreateView(CreateInOrganisationView):
    model = User
    form_class = PersonForm
    template_name = "organisations/form.html"
    success_message = gettext_lazy("The person was added. They set a password with 'Forgot your password?'.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.request.organisation}

    def perform(self, form):
        return services.create_person(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New person"), **kwargs)


class PersonEditView(ScopedObjectFormView):
    model = User
    form_class = PersonForm
    template_name = "organisations/person_form.html"
    success_message = gettext_lazy("The person was saved.")

    def membership(self):
        return Membership.objects.filter(user=self.object, organisation=self.request.organisation).first()

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "instance": self.object, "organisation": self.request.organisation}
        membership = self.membership()
        kwargs["initial"] = {"department": membership.department_id if membership else None}
        return kwargs

    def perform(self, form):
        data = dict(form.cleaned_data)
        department = data.pop("department", None)
        person = services.update_person(self.object, acting_user=self.request.user, **data)
        membership = self.membership()
        if membership is not None and membership.department_id != getattr(department, "pk", None):
            services.update_membership(membership, acting_user=self.request.user, department=department)
        return person

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Edit person"), status_form=PersonStatusForm(initial={"is_active": self.object.is_active}), **kwargs
        )


class PersonStatusView(ScopedObjectFormView):
    """Deactivate or reactivate a person; people are never deleted."""

    model = User
    form_class = PersonStatusForm
    http_method_names = ["post"]

    def perform(self, form):
        active = form.cleaned_data["is_active"]
        person = services.update_person(self.object, acting_user=self.request.user, is_active=active)
        messages.success(self.request, _("The person is active.") if active else _("The person is deactivated."))
        return person

    def form_invalid(self, form):
        return redirect(self.object.get_absolute_url())


class PersonHistoryView(HistoryView):
    model = User


class MembershipAddView(LoginRequiredMixin, View):
    """Make a person of another of the user's organisations a member of the current one (samverkan)."""

    def post(self, request, pk):
        person = get_object_or_404(User.objects.restrict(request.user), pk=pk)
        organisation = request.organisation
        if not request.user.has_perm("organisations.add_membership", organisation):
            raise PermissionDenied
        try:
            services.add_membership(acting_user=request.user, user=person, organisation=organisation)
            messages.success(
                request, _("%(person)s is now a member of %(org)s.") % {"person": person, "org": organisation}
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(person.get_absolute_url())


class RoleAssignView(LoginRequiredMixin, View):
    def post(self, request, pk):
        person = get_object_or_404(User.objects.restrict(request.user), pk=pk)
        organisation = request.organisation
        if not request.user.has_perm("organisations.add_roleassignment", organisation):
            raise PermissionDenied
        form = RoleAssignmentForm(request.POST, organisation=organisation)
        if form.is_valid():
            try:
                services.assign_role(
                    acting_user=request.user, user=person, organisation=organisation, **form.cleaned_data
                )
                messages.success(request, _("The role was assigned."))
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
        else:
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
        return redirect(person.get_absolute_url())


class RoleRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        assignment = get_object_or_404(RoleAssignment.objects.restrict(request.user), pk=pk)
        if not request.user.has_perm("organisations.delete_roleassignment", assignment):
            raise PermissionDenied
        services.revoke_role(assignment, acting_user=request.user)
        messages.success(request, _("The role was removed."))
        return redirect(assignment.user.get_absolute_url())


class RoleListView(ScopedListView):
    model = RoleAssignment
    template_name = "organisations/role_list.html"
    paginate_by = None

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("user", "department")
            .order_by("role", "user__last_name", "user__first_name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        grouped = {value: [] for value, _label in Role.choices}
        for assignment in context["object_list"]:
            grouped[assignment.role].append(assignment)
        context["groups"] = [(label, grouped[value]) for value, label in Role.choices]
        return context


class ProfileView(ServiceFormView):
    template_name = "organisations/profile.html"
    form_class = ProfileForm
    success_url = reverse_lazy("organisations:profile")
    success_message = gettext_lazy("Your profile was saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.request.user}

    def perform(self, form):
        return services.update_person(self.request.user, acting_user=self.request.user, **form.cleaned_data)

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.cleaned_data.get("language")
        if language:
            from styrbord.core.middleware import set_language_cookie

            set_language_cookie(response, language)
        return response

    def get_success_url(self):
        return str(self.success_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = self.request.user.api_tokens.all()
        context["token_form"] = ApiTokenForm()
        context["new_key"] = self.request.session.pop("styrbord_new_token", None)
        return context


class TokenCreateView(LoginRequiredMixin, View):
    def post(self, request):
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the token a name so that you recognise it later."))
            return redirect("organisations:profile")
        _token, key = services.create_api_token(
            acting_user=request.user, user=request.user, name=form.cleaned_data["name"]
        )
        # Shown once on the next page, then gone from the session.
        request.session["styrbord_new_token"] = key
        return redirect(reverse("organisations:profile") + "#tokens")


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        token = get_object_or_404(request.user.api_tokens, pk=pk)
        services.revoke_api_token(token, acting_user=request.user)
        messages.success(request, _("The token was revoked."))
        return redirect(reverse("organisations:profile") + "#tokens")
