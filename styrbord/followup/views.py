"""Pages of the annual follow-up: the reports per year, one report with its five parts, the head
of IT's assessments, freezing, PDF and XLSX; and recording outages on a ticket.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from styrbord.core.views import ScopedDetailView, ScopedObjectFormView, ServiceFormView, add_service_errors

from . import exports, services
from .charts import charts_for
from .choices import PART_KEYS, PARTS
from .forms import AssessmentForm, FreezeForm, OutageForm, ReportCreateForm
from .models import AnnualReport, Outage
from .report import figures_of
from .rules import readable_reports
from .tables import display, members_table, tables_for


class ReportListView(LoginRequiredMixin, ListView):
    template_name = "followup/report_list.html"
    context_object_name = "reports"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "followup.list_annualreport", request.organisation
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        queryset = AnnualReport.objects.restrict(self.request.user).in_organisation(self.request.organisation)
        return readable_reports(self.request.user, queryset).select_related("frozen_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("followup.add_annualreport", self.request.organisation):
            context["create_form"] = ReportCreateForm(organisation=self.request.organisation)
        return context


class ReportCreateView(ServiceFormView):
    form_class = ReportCreateForm
    template_name = "followup/report_create.html"
    success_message = gettext_lazy("The report was created.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "followup.add_annualreport", request.organisation
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.request.organisation}

    def perform(self, form):
        return services.create_report(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )


def report_context(report, figures):
    tables = {part: [display(table) for table in part_tables] for part, part_tables in tables_for(figures).items()}
    charts = charts_for(figures)
    parts = [
        {
            "key": key,
            "label": label,
            "tables": tables[key],
            "charts": charts[key],
            "assessment": report.assessment(key),
            "missing": figures[key]["current"] is None,
        }
        for key, label in PARTS
    ]
    context = {"report": report, "figures": figures, "parts": parts}
    if figures.get("members"):
        context["members"] = display(members_table(figures))
    return context


class ReportDetailView(ScopedDetailView):
    model = AnnualReport
    template_name = "followup/report_detail.html"
    context_object_name = "report"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        context.update(report_context(report, figures_of(report)))
        user = self.request.user
        if user.has_perm("followup.change_annualreport", report):
            for part in context["parts"]:
                part["form"] = AssessmentForm(initial={"text": part["assessment"]}, prefix=part["key"])
        if user.has_perm("followup.freeze_annualreport", report):
            context["freeze_form"] = FreezeForm()
        return context


class AssessmentView(ScopedObjectFormView):
    model = AnnualReport
    form_class = AssessmentForm
    template_name = "followup/assessment_form.html"
    success_message = gettext_lazy("The assessment was saved.")

    def dispatch(self, request, *args, **kwargs):
        if kwargs["part"] not in PART_KEYS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "prefix": self.kwargs["part"]}

    def get_initial(self):
        return {"text": self.object.assessment(self.kwargs["part"])}

    def get_context_data(self, **kwargs):
        return super().get_context_data(part_label=dict(PARTS)[self.kwargs["part"]], **kwargs)

    def perform(self, form):
        field = f"assessment_{self.kwargs['part']}"
        return services.update_assessments(
            self.object, acting_user=self.request.user, **{field: form.cleaned_data["text"]}
        )

    def get_success_url(self):
        return self.object.get_absolute_url() + f"#part-{self.kwargs['part']}"


class FreezeView(ScopedObjectFormView):
    model = AnnualReport
    permission_action = "freeze"
    form_class = FreezeForm
    template_name = "followup/freeze.html"
    success_message = gettext_lazy("The report is frozen: it is now the year's official version.")

    def perform(self, form):
        return services.freeze_report(self.object, acting_user=self.request.user)


class ReportDownloadView(ScopedDetailView):
    model = AnnualReport
    kind = "pdf"

    def get(self, request, *args, **kwargs):
        report = self.get_object()
        return download(report, self.kind)


def download(report, kind):
    figures = figures_of(report)
    name = f"uppfoljning-{report.year}{'-samverkan' if report.covers_cooperation else ''}"
    if kind == "pdf":
        content, content_type = exports.report_pdf(report, figures), "application/pdf"
    else:
        content = exports.report_xlsx(report, figures)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


# ---------------------------------------------------------------------------------------------
# Outages on a ticket


def staff_ticket(request, pk):
    from styrbord.servicedesk.views import ticket_for

    # The role first (403), then the ticket (404 when the user cannot see it).
    if not request.user.has_perm("followup.add_outage", request.organisation):
        raise PermissionDenied
    ticket = ticket_for(request, pk)
    if not request.user.has_perm("followup.add_outage", ticket.organisation):
        raise PermissionDenied
    return ticket


class OutageCreateView(LoginRequiredMixin, View):
    template_name = "followup/outage_form.html"

    def get(self, request, pk):
        ticket = staff_ticket(request, pk)
        return render(
            request, self.template_name, {"ticket": ticket, "form": OutageForm(ticket=ticket, user=request.user)}
        )

    def post(self, request, pk):
        ticket = staff_ticket(request, pk)
        form = OutageForm(request.POST, ticket=ticket, user=request.user)
        if form.is_valid():
            try:
                services.record_outage(acting_user=request.user, ticket=ticket, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The outage was recorded."))
                return HttpResponseRedirect(reverse("servicedesk:ticket_detail", args=[ticket.pk]) + "#outages")
        return render(request, self.template_name, {"ticket": ticket, "form": form}, status=400)


class OutageEditView(ScopedObjectFormView):
    model = Outage
    form_class = OutageForm
    template_name = "followup/outage_form.html"
    success_message = gettext_lazy("The outage was saved.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "ticket": self.object.ticket,
            "user": self.request.user,
            "instance": self.object,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(ticket=self.object.ticket, **kwargs)

    def perform(self, form):
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in Outage.EDITABLE_FIELDS}
        if "service" in changes and changes["service"] is None:
            changes.pop("service")
        return services.update_outage(self.object, acting_user=self.request.user, **changes)
