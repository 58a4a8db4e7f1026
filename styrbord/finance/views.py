"""Finance pages: orders and approvals, subscriptions, costs, month closing, exports, budgets.

Lists come from ``restrict(user)`` (only the rows the person may read). A page about one object
finds it among the organisation's rows and answers 403 when ``has_perm`` refuses (see
scoping.py); another organisation's objects answer 404.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView

from styrbord.catalog.models import Service
from styrbord.core.views import HistoryView, ScopedDetailView, ScopedListView, ServiceFormView
from styrbord.organisations.models import Department

from . import exports, reports, services
from .charging import month_bounds, months, summed
from .choices import ExportFormat, OrderStatus
from .filtersets import OrderFilterSet
from .forms import (
    BudgetForm,
    ExportForm,
    MonthForm,
    NeedForm,
    NoNeedsForm,
    OrderForm,
    RecordWorkForm,
    RejectForm,
    RoundForm,
    SettingsForm,
)
from .models import (
    Budget,
    BudgetNeed,
    BudgetRound,
    ChargeLine,
    FinanceSettings,
    MonthClose,
    NoNeedsStatement,
    Order,
    Subscription,
)
from .reports import own_departments, sees_everything


def year_param(request, default=None):
    value = request.GET.get("year", "")
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return default or timezone.localdate().year


class YearMixin:
    """A page about one year (``?year=``, default this year) with links to the years around it."""

    @property
    def year(self):
        return year_param(self.request)

    def get_context_data(self, **kwargs):
        year = self.year
        return super().get_context_data(year=year, previous_year=year - 1, next_year=year + 1, **kwargs)


def safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def report_errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def download(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class OrganisationPermissionMixin(LoginRequiredMixin):
    """A page of the current organisation that needs ``has_perm(permission, organisation)``."""

    permission = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if request.organisation is None:
                raise Http404
            if not request.user.has_perm(self.permission, request.organisation):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OrganisationRowsMixin:
    """Find the object among the organisation's rows; ``has_perm`` then decides (403)."""

    def get_queryset(self):
        return self.model.objects.in_my_organisations(self.request.user)


class ObjectActionView(LoginRequiredMixin, View):
    """A POST that calls a service on one object when ``has_perm(permission, obj)``."""

    model = None
    permission = None
    success_message = ""

    def get_object(self):
        queryset = getattr(self.model.objects, "in_my_organisations", self.model.objects.restrict)(self.request.user)
        obj = get_object_or_404(queryset, pk=self.kwargs["pk"])
        if not self.request.user.has_perm(self.permission, obj):
            raise PermissionDenied
        return obj

    def act(self, obj):
        raise NotImplementedError

    def post(self, request, pk):
        obj = self.get_object()
        try:
            self.act(obj)
        except ValidationError as error:
            report_errors(request, error)
        else:
            if self.success_message:
                messages.success(request, self.success_message)
        return HttpResponseRedirect(safe_next(request, self.redirect_url(obj)))

    def redirect_url(self, obj):
        return obj.get_absolute_url()


# ---------------------------------------------------------------------------------------------
# Orders


class OrderListView(OrganisationPermissionMixin, ScopedListView):
    model = Order
    permission = "finance.view_order_list"
    template_name = "finance/order_list.html"
    filterset_class = OrderFilterSet

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("department", "service", "level", "ordered_by")
            .order_by("-created_at", "-id")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_order"] = self.request.user.has_perm("finance.add_order", self.request.organisation)
        return context


class OrderCreateView(OrganisationPermissionMixin, ServiceFormView):
    permission = "finance.add_order"
    form_class = OrderForm
    template_name = "finance/form.html"

    def preselected_service(self):
        value = self.request.GET.get("service", "")
        if not value.isdigit():
            return None
        return (
            Service.objects.restrict(self.request.user)
            .in_organisation(self.request.organisation)
            .filter(pk=value)
            .first()
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        service = self.preselected_service()
        initial = {
            name: self.request.GET[name]
            for name in ("department", "kind", "level", "quantity")
            if name in self.request.GET
        }
        if service is not None:
            initial["service"] = service.pk
            if service.default_level_id and "level" not in initial:
                initial["level"] = service.default_level_id
        return {
            **kwargs,
            "initial": initial,
            "user": self.request.user,
            "organisation": self.request.organisation,
            "service": service,
        }

    def perform(self, form):
        order = services.place_order(acting_user=self.request.user, **form.cleaned_data)
        if order.status == OrderStatus.APPROVED:
            self.success_message = _("The order is approved and the subscription updated.")
        else:
            self.success_message = _("The order was sent for approval.")
        return order

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Order a service"), cancel_url=reverse("finance:order_list"), **kwargs)


class ApprovalListView(OrganisationPermissionMixin, TemplateView):
    permission = "finance.view_approvals"
    template_name = "finance/approvals.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["orders"] = (
            Order.objects.awaiting(self.request.user, self.request.organisation)
            .select_related("department", "service", "level", "ordered_by", "subscription")
            .order_by("created_at")
        )
        return context


class OrderDetailView(OrganisationRowsMixin, ScopedDetailView):
    model = Order
    template_name = "finance/order_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "department", "service", "level", "ordered_by", "department_approved_by", "it_approved_by", "decided_by"
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order, user = self.object, self.request.user
        context["can_decide"] = user.has_perm("finance.decide_order", order)
        context["can_cancel"] = user.has_perm("finance.cancel_order", order)
        context["reject_form"] = RejectForm()
        context["periods"] = Subscription.objects.filter(
            department=order.department, service=order.service
        ).select_related("level", "order")
        return context


class OrderApproveView(ObjectActionView):
    model = Order
    permission = "finance.decide_order"
    success_message = gettext_lazy("Your approval was recorded.")

    def act(self, obj):
        services.approve_order(obj, acting_user=self.request.user)


class OrderCancelView(ObjectActionView):
    model = Order
    permission = "finance.cancel_order"
    success_message = gettext_lazy("The order was cancelled.")

    def act(self, obj):
        services.cancel_order(obj, acting_user=self.request.user)


class OrderRejectView(OrganisationRowsMixin, ServiceFormView):
    model = Order
    form_class = RejectForm
    template_name = "finance/form.html"
    success_message = gettext_lazy("The order was rejected.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.order = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
            if not request.user.has_perm("finance.decide_order", self.order):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.reject_order(self.order, acting_user=self.request.user, reason=form.cleaned_data["reason"])

    def get_context_data(self, **kwargs):
        title = _("Reject %(order)s") % {"order": self.order}
        return super().get_context_data(title=title, cancel_url=self.order.get_absolute_url(), **kwargs)


class OrderHistoryView(OrganisationRowsMixin, HistoryView):
    model = Order


# ---------------------------------------------------------------------------------------------
# Subscriptions


class SubscriptionListView(OrganisationPermissionMixin, ScopedListView):
    model = Subscription
    permission = "finance.view_subscription_list"
    template_name = "finance/subscription_list.html"
    paginate_by = 100

    def get_queryset(self):
        today = timezone.localdate()
        return (
            super()
            .get_queryset()
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
            .select_related("department", "service", "level")
            .order_by("department__path", "service__name", "valid_from")
        )


class DepartmentMixin(LoginRequiredMixin):
    """A page about one department of the user's organisations, when ``has_perm(permission, department)``."""

    permission = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.department = get_object_or_404(Department.objects.restrict(request.user), pk=kwargs["pk"])
            if not request.user.has_perm(self.permission, self.department):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(department=self.department, **kwargs)


class DepartmentSubscriptionsView(DepartmentMixin, TemplateView):
    permission = "finance.view_subscription_list"
    template_name = "finance/department_subscriptions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        department, today = self.department, timezone.localdate()
        periods = (
            Subscription.objects.filter(department__path__startswith=department.path)
            .select_related("department", "service", "level", "order")
            .order_by("department__path", "service__name", "-valid_from")
        )
        groups = {}
        for period in periods:
            groups.setdefault((period.department, period.service), []).append(period)
        context["groups"] = [
            {
                "department": key[0],
                "service": key[1],
                "periods": items,
                "current": next((p for p in items if p.is_active_on(today)), None),
            }
            for key, items in groups.items()
        ]
        context["pending"] = (
            Order.objects.filter(department__path__startswith=department.path, status=OrderStatus.SUBMITTED)
            .select_related("department", "service", "level")
            .order_by("effective_date")
        )
        context["can_order"] = self.request.user.has_perm("finance.add_order", department)
        context["today"] = today
        return context


# ---------------------------------------------------------------------------------------------
# Costs


class CostOverviewView(OrganisationPermissionMixin, YearMixin, TemplateView):
    permission = "finance.view_costs"
    template_name = "finance/cost_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation, user = self.request.organisation, self.request.user
        year = self.year
        everything = sees_everything(user, organisation)
        if everything:
            departments = list(Department.objects.in_organisation(organisation).filter(parent__isnull=True))
            departments.sort(key=lambda department: department.name)
        else:
            departments = own_departments(user, organisation)
        context.update(everything=everything, overview=reports.overview(organisation, year, departments))
        return context


class DepartmentCostView(DepartmentMixin, YearMixin, TemplateView):
    permission = "finance.view_costs"
    template_name = "finance/department_cost.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        costs = reports.department_costs(self.department, self.year)
        context.update(costs=costs, month_headers=list(zip(range(1, 13), costs.forecast_months, strict=True)))
        return context


# ---------------------------------------------------------------------------------------------
# Months: run and close


class MonthListView(OrganisationPermissionMixin, YearMixin, TemplateView):
    permission = "finance.view_monthclose"
    template_name = "finance/month_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation, year = self.request.organisation, self.year
        today = timezone.localdate()
        closes = {
            (close.year, close.month): close
            for close in MonthClose.objects.filter(organisation=organisation, year=year).select_related("closed_by")
        }
        totals = {
            row["month"]: row
            for row in summed(
                ChargeLine.objects.in_organisation(organisation)
                .filter(year=year)
                .values("month")
                .annotate(amount=Sum("amount"), lines=Count("id"), adjustments=Count("id", filter=Q(kind="adjustment")))
                .order_by(),
                "amount",
            )
        }
        watermark = services.closed_until(organisation)
        rows = []
        for _year, month in months((year, 1), (year, 12)):
            first, last = month_bounds(year, month)
            closed = watermark is not None and (year, month) <= watermark
            rows.append(
                {
                    "month": month,
                    "label": services.month_label(year, month),
                    "close": closes.get((year, month)),
                    "closed": closed,
                    "totals": totals.get(month),
                    "can_run": not closed and first <= today,
                    "can_close": not closed and last < today,
                }
            )
        context.update(rows=rows, watermark=watermark)
        return context


class MonthActionView(OrganisationPermissionMixin, View):
    permission = "finance.add_monthclose"

    def post(self, request):
        form = MonthForm(request.POST)
        year = timezone.localdate().year
        if form.is_valid():
            year, month = form.cleaned_data["year"], form.cleaned_data["month"]
            try:
                self.act(year, month)
            except ValidationError as error:
                report_errors(request, error)
        else:
            messages.error(request, _("Choose a year and a month."))
        return HttpResponseRedirect(f"{reverse('finance:month_list')}?year={year}")


class MonthRunView(MonthActionView):
    def act(self, year, month):
        run = services.run_month(self.request.organisation, year, month, acting_user=self.request.user)
        adjusted = len(run.adjustments)
        counts = [
            ngettext("%(count)d line added", "%(count)d lines added", run.created) % {"count": run.created},
            ngettext("%(count)d line changed", "%(count)d lines changed", run.updated) % {"count": run.updated},
            ngettext("%(count)d line removed", "%(count)d lines removed", run.removed) % {"count": run.removed},
            ngettext("%(count)d adjustment", "%(count)d adjustments", adjusted) % {"count": adjusted},
        ]
        # Translators: the month, then the counts of the month's run separated by commas.
        messages.success(self.request, _("%(month)s: %(counts)s.") % {"month": run.label, "counts": ", ".join(counts)})
        for charge in run.missing[:5]:
            messages.warning(self.request, services.no_price_message(charge.service, charge.level, year))


class MonthCloseView(MonthActionView):
    def act(self, year, month):
        services.close_month(self.request.organisation, year, month, acting_user=self.request.user)
        messages.success(self.request, _("%(month)s is closed.") % {"month": services.month_label(year, month)})


class RecordWorkView(OrganisationPermissionMixin, ServiceFormView):
    permission = "finance.add_chargeline"
    form_class = RecordWorkForm
    template_name = "finance/form.html"
    success_message = gettext_lazy("The work was recorded and will be charged.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.request.organisation}

    def perform(self, form):
        return services.record_work(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("finance:record_work")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Record work or a purchase"), cancel_url=reverse("finance:cost_overview"), **kwargs
        )


# ---------------------------------------------------------------------------------------------
# Exports


class ExportView(OrganisationPermissionMixin, TemplateView):
    permission = "finance.view_costs"
    template_name = "finance/exports.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["form"] = ExportForm(initial={"year": today.year, "format": ExportFormat.CSV})
        context["can_sie"] = self.request.user.has_perm("finance.export_sie", self.request.organisation)
        return context


class ExportDownloadView(OrganisationPermissionMixin, View):
    """``?year=&month=&format=csv|xlsx|sie``; CSV and XLSX hold the rows the person may read."""

    permission = "finance.view_costs"

    def get(self, request):
        data = {"year": timezone.localdate().year, "format": ExportFormat.CSV, **request.GET.dict()}
        form = ExportForm(data)
        if not form.is_valid():
            return HttpResponse(
                " ".join(str(message) for errors in form.errors.values() for message in errors),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        organisation, fmt = request.organisation, form.cleaned_data["format"]
        if fmt == ExportFormat.SIE and not request.user.has_perm("finance.export_sie", organisation):
            raise PermissionDenied
        lines = ChargeLine.objects.restrict(request.user).in_organisation(organisation)
        try:
            content, filename, content_type = exports.export_charges(
                organisation, form.cleaned_data["year"], form.cleaned_data["month"], fmt, lines=lines
            )
        except ValidationError as error:
            return HttpResponse(" ".join(error.messages), status=400, content_type="text/plain; charset=utf-8")
        return download(content, filename, content_type)


# ---------------------------------------------------------------------------------------------
# Budgets and the budget round


class BudgetListView(OrganisationPermissionMixin, YearMixin, ServiceFormView):
    permission = "finance.view_costs"
    template_name = "finance/budget_list.html"
    form_class = BudgetForm
    success_message = gettext_lazy("The budget was saved.")

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("finance.add_budget", request.organisation):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "organisation": self.request.organisation}
        kwargs["initial"] = {"year": year_param(self.request)}
        return kwargs

    def perform(self, form):
        return services.set_budget(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )

    def get_success_url(self):
        return f"{reverse('finance:budget_list')}?year={self.object.year}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.year
        context.update(
            budgets=Budget.objects.restrict(self.request.user)
            .in_organisation(self.request.organisation)
            .filter(year=year)
            .select_related("department")
            .order_by("kind", "department__path"),
            can_set=self.request.user.has_perm("finance.add_budget", self.request.organisation),
        )
        return context


class RoundListView(OrganisationPermissionMixin, TemplateView):
    permission = "finance.view_budgetround"
    template_name = "finance/round_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        context["rounds"] = (
            BudgetRound.objects.in_organisation(organisation).annotate(need_count=Count("needs")).order_by("-year")
        )
        context["can_open"] = self.request.user.has_perm("finance.add_budgetround", organisation)
        return context


class RoundOpenView(OrganisationPermissionMixin, ServiceFormView):
    permission = "finance.add_budgetround"
    form_class = RoundForm
    template_name = "finance/form.html"
    success_message = gettext_lazy("The budget round is open: the departments can now enter their needs.")

    def perform(self, form):
        return services.open_budget_round(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Open a budget round"), cancel_url=reverse("finance:round_list"), **kwargs
        )


class RoundMixin(LoginRequiredMixin):
    """A page about one budget round, when ``has_perm(permission, round)``."""

    permission = "finance.view_budgetround"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.round = get_object_or_404(BudgetRound.objects.restrict(request.user), pk=kwargs["pk"])
            if not request.user.has_perm(self.permission, self.round):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def visible_departments(self):
        """None: every department; else the person's own subtrees."""
        if sees_everything(self.request.user, self.round.organisation):
            return None
        return own_departments(self.request.user, self.round.organisation)


class RoundDetailView(RoundMixin, TemplateView):
    template_name = "finance/round_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        budget_round, user = self.round, self.request.user
        lines = reports.budget_forecast(budget_round, self.visible_departments())
        by_department, by_service = reports.forecast_totals(lines)
        context.update(
            round=budget_round,
            lines=lines,
            by_department=by_department,
            by_service=by_service,
            total=sum((line.total for line in lines), reports.ZERO),
            accepts_needs=budget_round.accepts_needs(),
            can_add_need=user.has_perm("finance.add_budgetneed", budget_round),
            no_needs=NoNeedsStatement.objects.restrict(user)
            .filter(round=budget_round)
            .select_related("department", "recorded_by"),
            can_close=user.has_perm("finance.change_budgetround", budget_round) and budget_round.status == "open",
        )
        return context


class RoundCloseView(RoundMixin, View):
    permission = "finance.change_budgetround"

    def post(self, request, pk):
        services.close_budget_round(self.round, acting_user=request.user)
        messages.success(request, _("The budget round is closed."))
        return HttpResponseRedirect(self.round.get_absolute_url())


class RoundExportView(RoundMixin, View):
    def get(self, request, pk):
        fmt = request.GET.get("format", ExportFormat.CSV)
        if fmt not in (ExportFormat.CSV, ExportFormat.XLSX):
            return HttpResponse(_("Choose csv or xlsx."), status=400, content_type="text/plain; charset=utf-8")
        lines = reports.budget_forecast(self.round, self.visible_departments())
        return download(*exports.export_forecast(self.round, lines, fmt))


class RoundFormView(RoundMixin, ServiceFormView):
    """A department's answer to the round, through a form; back to the round afterwards."""

    template_name = "finance/form.html"
    title = ""  # lazy, with %(year)s for the round's year

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "organisation": self.round.organisation}

    def get_success_url(self):
        return self.round.get_absolute_url()

    def get_context_data(self, **kwargs):
        title = str(self.title) % {"year": self.round.year}
        return super().get_context_data(title=title, cancel_url=self.round.get_absolute_url(), **kwargs)


class NeedCreateView(RoundFormView):
    permission = "finance.add_budgetneed"
    form_class = NeedForm
    title = gettext_lazy("Planned need for %(year)s")
    success_message = gettext_lazy("The need was added to the forecast.")

    def perform(self, form):
        return services.add_need(acting_user=self.request.user, round=self.round, **form.cleaned_data)


class NoNeedsCreateView(RoundFormView):
    """A department answers the round: it plans no new services or changes in volume."""

    permission = "finance.add_noneedsstatement"
    form_class = NoNeedsForm
    title = gettext_lazy("No planned needs for %(year)s")
    success_message = gettext_lazy("Recorded: no planned needs.")

    def perform(self, form):
        return services.record_no_needs(acting_user=self.request.user, round=self.round, **form.cleaned_data)


class NoNeedsWithdrawView(ObjectActionView):
    model = NoNeedsStatement
    permission = "finance.delete_noneedsstatement"
    success_message = gettext_lazy("The answer was withdrawn: the department can enter needs.")

    def act(self, obj):
        services.withdraw_no_needs(obj, acting_user=self.request.user)

    def redirect_url(self, obj):
        return obj.round.get_absolute_url()


class NeedEditView(OrganisationRowsMixin, ServiceFormView):
    model = BudgetNeed
    form_class = NeedForm
    template_name = "finance/form.html"
    success_message = gettext_lazy("The need was saved.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.need = get_object_or_404(self.get_queryset().select_related("round"), pk=kwargs["pk"])
            if not request.user.has_perm("finance.change_budgetneed", self.need):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        need = self.need
        initial = {name: getattr(need, name) for name in services.NEED_FIELDS}
        return {
            **super().get_form_kwargs(),
            "initial": initial,
            "user": self.request.user,
            "organisation": need.round.organisation,
        }

    def perform(self, form):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.update_need(self.need, acting_user=self.request.user, **changes)
        return self.need.round

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Edit planned need"), cancel_url=self.need.round.get_absolute_url(), **kwargs
        )


class NeedDeleteView(ObjectActionView):
    model = BudgetNeed
    permission = "finance.delete_budgetneed"
    success_message = gettext_lazy("The need was removed.")

    def act(self, obj):
        services.delete_need(obj, acting_user=self.request.user)

    def redirect_url(self, obj):
        return obj.round.get_absolute_url()


class SettingsView(OrganisationPermissionMixin, ServiceFormView):
    permission = "finance.change_financesettings"
    form_class = SettingsForm
    template_name = "finance/form.html"
    success_message = gettext_lazy("The finance settings were saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": FinanceSettings.for_organisation(self.request.organisation)}

    def perform(self, form):
        changes = {name: form.cleaned_data[name] for name in SettingsForm.Meta.fields}
        return services.update_settings(self.request.organisation, acting_user=self.request.user, **changes)

    def get_success_url(self):
        return reverse("finance:settings")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Finance settings"),
            intro=_("How the internal IT charges are booked in the SIE file for the finance system."),
            cancel_url=reverse("finance:cost_overview"),
            **kwargs,
        )
