"""The shell's pages and the generic views every app's pages are built from."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from .forms import ConfirmForm
from .middleware import SESSION_KEY, set_language_cookie
from .navigation import attention_for, dashboard_for
from .tenancy import access


def perm_name(model, action):
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def add_service_errors(form, error):
    """Put a service's ValidationError on the form's fields, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ScopedMixin(LoginRequiredMixin):
    """Rows come from ``Model.objects.restrict(user)``; an object needs ``permission_action``."""

    model = None
    permission_action = "view"

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.request.user.has_perm(perm_name(self.model, self.permission_action), obj):
            raise PermissionDenied
        return obj


class ScopedListView(ScopedMixin, ListView):
    """A list of the current organisation's rows with a django-filter form and pagination."""

    paginate_by = 50
    filterset_class = None

    def get_queryset(self):
        queryset = super().get_queryset().in_organisation(self.request.organisation)
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)
            if self.filterset.is_bound and self.filterset.is_valid():
                queryset = self.filterset.qs
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = getattr(self, "filterset", None)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


class ScopedDetailView(ScopedMixin, DetailView):
    pass


class ServiceFormView(LoginRequiredMixin, FormView):
    """A form whose valid data goes to a service function; service errors return to the form."""

    success_message = ""

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return self.object.get_absolute_url()


class ScopedObjectFormView(ScopedMixin, ServiceFormView):
    """Edit one object of the user's organisations, when ``has_perm(change, obj)``."""

    permission_action = "change"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
            if not request.user.has_perm(perm_name(self.model, self.permission_action), self.object):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class CreateInOrganisationView(ServiceFormView):
    """Create a row in the current organisation, when ``has_perm(add, organisation)``."""

    model = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            perm_name(self.model, "add"), request.organisation
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class HistoryView(ScopedMixin, DetailView):
    """Who changed what and when, for any model with django-simple-history."""

    template_name = "core/history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = list(self.object.history.select_related("history_user").order_by("-history_date", "-history_id"))
        rows = []
        for index, record in enumerate(records):
            previous = records[index + 1] if index + 1 < len(records) else None
            changes = []
            if previous is not None:
                for change in record.diff_against(previous).changes:
                    field = record.instance_type._meta.get_field(change.field)
                    changes.append(
                        {
                            "field": field.verbose_name,
                            "old": _display(record, field, change.old, previous),
                            "new": _display(record, field, change.new, record),
                        }
                    )
            rows.append({"record": record, "changes": changes})
        context["history_rows"] = rows
        context["back_url"] = self.request.GET.get("back") or getattr(self.object, "get_absolute_url", lambda: "")()
        return context


def _display(record, field, value, source):
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        related = getattr(source, field.name, None)
        return str(related) if related is not None else "–"
    if value in (None, ""):
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        from styrbord.organisations.models import RoleAssignment

        organisation = self.request.organisation
        context["attention"] = attention_for(self.request)
        context["key_figures"] = dashboard_for(self.request) if organisation else []
        context["my_roles"] = (
            RoleAssignment.objects.filter(user=self.request.user, organisation=organisation).select_related(
                "department"
            )
            if organisation
            else []
        )
        return context


class SwitchOrganisationView(LoginRequiredMixin, View):
    def post(self, request):
        from styrbord.organisations.models import Organisation

        organisation = get_object_or_404(
            Organisation.objects.restrict(request.user).filter(is_active=True), pk=request.POST.get("organisation")
        )
        request.session[SESSION_KEY] = organisation.pk
        messages.success(request, _("You now work in %(name)s.") % {"name": organisation.name})
        return redirect(_safe_next(request) or reverse("core:home"))


class SetLanguageView(View):
    """Switch language; remembered in a cookie and, for a signed-in person, on their profile."""

    def post(self, request):
        language = request.POST.get("language", "")
        response = HttpResponseRedirect(_safe_next(request) or "/")
        if language and check_for_language(language):
            set_language_cookie(response, language)
            if request.user.is_authenticated and request.user.language != language:
                get_user_model().objects.filter(pk=request.user.pk).update(language=language)
        return response


def _safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or request.headers.get("referer", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


class AccessibilityView(TemplateView):
    template_name = "core/accessibility.html"


def health(request):
    """For load balancers: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def roles_of(request):
    return access(request.user).roles_in(getattr(request.organisation, "pk", None))


# Generic pages on top of the services: a form about one object, create, edit, delete.

FORM_TEMPLATE = "organisations/form.html"


class OrganisationPermissionMixin:
    """The page needs ``organisation_permission`` in the current organisation, else 403."""

    organisation_permission = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            self.organisation_permission, request.organisation
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def departments_of(organisation):
    from styrbord.organisations.models import Department

    return Department.objects.in_organisation(organisation).filter(is_active=True).order_by("path")


class ObjectActionView(ScopedObjectFormView):
    """A form about one object (create a child, approve, …), allowed when ``has_perm(permission, object)``."""

    permission = None
    title = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
            if not request.user.has_perm(self.permission, self.object):
                raise PermissionDenied
        return super(ScopedObjectFormView, self).dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", self.title % {"name": self.object})
        return super().get_context_data(**kwargs)


class ChildFormView(ObjectActionView):
    """Create a row that belongs to this object: ``create(parent, acting_user=…, **cleaned_data)``."""

    template_name = FORM_TEMPLATE
    create = None

    def perform(self, form):
        type(self).create(self.object, acting_user=self.request.user, **form.cleaned_data)
        return self.object


class CreateView(CreateInOrganisationView):
    """Create a row in the current organisation with ``create(acting_user=…, organisation=…, **cleaned_data)``."""

    template_name = FORM_TEMPLATE
    create = None
    title = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.request.organisation}

    def perform(self, form):
        return type(self).create(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)


class EditView(ScopedObjectFormView):
    """Edit a row with ``update(row, acting_user=…, **cleaned_data)``; back to its page."""

    template_name = FORM_TEMPLATE
    update = None
    title = gettext_lazy("Edit %(name)s")
    form_takes_organisation = False

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "instance": self.object}
        if self.form_takes_organisation:
            kwargs["organisation"] = self.object.organisation
        return kwargs

    def perform(self, form):
        return type(self).update(self.object, acting_user=self.request.user, **form.cleaned_data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title % {"name": self.object}, **kwargs)


class DeleteView(ScopedObjectFormView):
    """Remove a row (kept in the history) with ``remove(row, acting_user=…)``; POST only."""

    permission_action = "delete"
    form_class = ConfirmForm
    http_method_names = ["post"]
    remove = None
    message = ""

    def perform(self, form):
        parent = self.object.get_absolute_url()
        type(self).remove(self.object, acting_user=self.request.user)
        messages.success(self.request, self.message)
        self.back = parent
        return self.object

    def get_success_url(self):
        return self.back
