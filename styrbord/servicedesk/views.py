"""Pages of the service desk: the employees' portal, the staff's queue and ticket page, maintenance
plans, queue membership and the desk settings.

Tickets come from ``Ticket.objects.restrict(user)``: a ticket the user may not read is not found
(404). Every change is a POST to one small view that checks ``has_perm`` and calls a service;
when the input is wrong, the ticket page is shown again with the errors on that form's fields.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import ListView, TemplateView

from styrbord.catalog.models import CompetenceArea
from styrbord.core.views import (
    HistoryView,
    ScopedDetailView,
    ScopedListView,
    ScopedObjectFormView,
    ServiceFormView,
    add_service_errors,
)
from styrbord.organisations.models import User

from . import attachments, desk, services
from . import clock as sla_clock
from .choices import EventKind, LinkKind, TicketKind, TicketStatus
from .filtersets import OPEN, TicketFilterSet
from .forms import (
    AssignForm,
    AttachmentForm,
    BulkAssignForm,
    ClassifyForm,
    DeskSettingsForm,
    LinkForm,
    MaintenancePlanForm,
    QueueMemberForm,
    ReplyForm,
    ReportForm,
    RequestForm,
    StaffTicketForm,
    StatusForm,
    TimeEntryForm,
)
from .models import (
    Attachment,
    Comment,
    DeskSettings,
    MaintenancePlan,
    QueueMember,
    Ticket,
    TicketEvent,
    TicketLink,
    staff_organisation_ids,
    with_queue_counts,
)
from .sla import ClockCache

STAFF_PERM = "servicedesk.view_queue"


class StaffOnlyMixin(LoginRequiredMixin):
    """Pages for the desk staff of the current organisation (others: 403)."""

    staff_permission = STAFF_PERM

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.staff_permission, request.organisation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def visible_tickets(request):
    return Ticket.objects.restrict(request.user)


# ---------------------------------------------------------------------------------------------
# The portal


class MyTicketsView(LoginRequiredMixin, ListView):
    """An employee's own tickets; department heads (and, if allowed, colleagues) also their departments'."""

    template_name = "servicedesk/my_tickets.html"
    paginate_by = 50

    def scope(self):
        return "departments" if self.request.GET.get("scope") == "departments" else "mine"

    def get_queryset(self):
        tickets = (
            visible_tickets(self.request)
            .in_organisation(self.request.organisation)
            .select_related("service", "reporter")
            .order_by("-reported_at", "-pk")
        )
        if self.scope() == "departments":
            return tickets.exclude(reporter=self.request.user).exclude(organisation__in=self.staff_organisations())
        return tickets.filter(reporter=self.request.user)

    def staff_organisations(self):
        return staff_organisation_ids(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scope"] = self.scope()
        context["waiting_status"] = TicketStatus.WAITING
        organisation = self.request.organisation
        context["show_departments"] = organisation is not None and (
            organisation.pk not in self.staff_organisations()
            and visible_tickets(self.request).in_organisation(organisation).exclude(reporter=self.request.user).exists()
        )
        return context


class PortalCreateView(ServiceFormView):
    """Report a fault or order a service in the current organisation."""

    kind = TicketKind.INCIDENT

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("servicedesk.add_ticket", request.organisation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "organisation": self.request.organisation}

    def perform(self, form):
        return services.create_ticket(
            acting_user=self.request.user,
            organisation=self.request.organisation,
            reporter=self.request.user,
            kind=self.kind,
            channel="portal",
            **form.cleaned_data,
        )


class ReportView(PortalCreateView):
    form_class = ReportForm
    template_name = "servicedesk/report.html"
    success_message = gettext_lazy("Thank you: your report is registered. You can follow it here.")


class RequestView(PortalCreateView):
    form_class = RequestForm
    template_name = "servicedesk/request.html"
    kind = TicketKind.REQUEST
    success_message = gettext_lazy("Thank you: your request is registered. You can follow it here.")

    def get_initial(self):
        initial = super().get_initial()
        service = self.request.GET.get("service", "")
        if service.isdigit():
            initial["service"] = int(service)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        chosen = form.initial.get("service")
        context["service"] = form.fields["service"].queryset.filter(pk=chosen).first() if chosen else None
        return context


class PlannedMaintenanceView(LoginRequiredMixin, TemplateView):
    """Upcoming maintenance on the services the employee's department (or a parent) subscribes to."""

    template_name = "servicedesk/planned_maintenance.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        services_ids = subscribed_service_ids(self.request.user, organisation)
        context["tickets"] = (
            Ticket.objects.in_organisation(organisation)
            .open()
            .filter(kind=TicketKind.MAINTENANCE, service_id__in=services_ids)
            .filter(Q(occurrence__isnull=True) | Q(occurrence__gte=timezone.localdate()))
            .select_related("service")
            .order_by("occurrence", "reported_at")[:100]
        )
        return context


def subscribed_service_ids(user, organisation):
    """The services the user's department or one above it subscribes to today, and the base services."""
    from django.apps import apps

    from styrbord.catalog.models import Service
    from styrbord.organisations.models import Membership

    if organisation is None:
        return []
    membership = (
        Membership.objects.filter(user=user, organisation=organisation, is_active=True)
        .select_related("department")
        .first()
    )
    ids = set(Service.objects.in_organisation(organisation).filter(is_base=True).values_list("pk", flat=True))
    department = membership.department if membership else None
    if department is None:
        return ids
    try:
        subscription = apps.get_model("finance", "Subscription")
    except LookupError:
        return ids
    today = timezone.localdate()
    ancestors = [int(part) for part in department.path.strip("/").split("/") if part]
    ids |= set(
        subscription.objects.filter(department_id__in=ancestors, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .values_list("service_id", flat=True)
    )
    return ids


# ---------------------------------------------------------------------------------------------
# One ticket


def ticket_for(request, pk, permission="servicedesk.view_ticket"):
    """The ticket if the user may read it (else 404), and may do ``permission`` on it (else 403)."""
    ticket = get_object_or_404(
        visible_tickets(request).select_related(
            "organisation",
            "reporter",
            "assignee",
            "department",
            "service",
            "queue",
            "level__calendar",
            "created_by",
            "requested_level",
            "order",
        ),
        pk=pk,
    )
    if not request.user.has_perm(permission, ticket):
        raise PermissionDenied
    return ticket


def build_timeline(ticket, user):
    """The ticket's readable timeline: its events, with the replies, notes and files they are about.

    Only what the user may read: the reporter's timeline has no internal notes, internal files,
    time or links. A constant number of queries however long the timeline is.
    """
    events = list(TicketEvent.objects.restrict(user).filter(ticket=ticket).select_related("actor"))
    comments = {c.pk: c for c in Comment.objects.restrict(user).filter(ticket=ticket)}
    files = {a.pk: a for a in Attachment.objects.restrict(user).filter(ticket=ticket)}
    people_ids = {e.data.get("assignee") for e in events if e.kind == EventKind.ASSIGNED} - {None}
    people = User.objects.in_bulk(people_ids)
    queue_ids = {e.data.get("queue") for e in events if e.kind == EventKind.ASSIGNED} - {None}
    queues = CompetenceArea.objects.in_bulk(queue_ids)
    service_ids = {e.data.get(key) for e in events if e.kind == EventKind.SERVICE for key in ("old", "new")} - {None}
    from styrbord.catalog.models import Service

    service_names = {pk: s.name for pk, s in Service.objects.in_bulk(service_ids).items()}
    entries = []
    for event in events:
        entry = {"event": event, "at": event.at, "actor": event.actor, "kind": event.kind, "internal": False}
        data = event.data or {}
        if event.kind in (EventKind.REPLY, EventKind.NOTE):
            entry["comment"] = comments.get(data.get("comment"))
            entry["internal"] = event.kind == EventKind.NOTE
            if entry["comment"] is None:
                continue
        elif event.kind == EventKind.ATTACHMENT:
            entry["attachment"] = files.get(data.get("attachment"))
            entry["internal"] = not data.get("public", True)
            if entry["attachment"] is None:
                continue
        entry["summary"] = _summary(event, data, people, queues, service_names)
        entries.append(entry)
    return entries


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value or "–"


def _summary(event, data, people, queues, service_names):
    from styrbord.catalog.choices import Priority

    kind = event.kind
    if kind == EventKind.CREATED:
        return _("Reported (%(channel)s)") % {"channel": data.get("channel", "")}
    if kind == EventKind.STATUS:
        return _("Status: %(old)s → %(new)s") % {
            "old": _label(TicketStatus, data.get("old")),
            "new": _label(TicketStatus, data.get("new")),
        }
    if kind == EventKind.ASSIGNED:
        person = people.get(data.get("assignee"))
        queue = queues.get(data.get("queue"))
        who = str(person) if person else _("nobody")
        return _("Assigned to %(who)s in the queue %(queue)s") % {"who": who, "queue": queue or "–"}
    if kind == EventKind.PRIORITY:
        return _("Priority: %(old)s → %(new)s") % {
            "old": _label(Priority, data.get("old")),
            "new": _label(Priority, data.get("new")),
        }
    if kind == EventKind.SERVICE:
        return _("Service: %(old)s → %(new)s") % {
            "old": service_names.get(data.get("old"), "–"),
            "new": service_names.get(data.get("new"), "–"),
        }
    if kind == EventKind.TIME:
        if data.get("billable"):
            return _("%(minutes)s minutes recorded, billable") % {"minutes": data.get("minutes")}
        return _("%(minutes)s minutes recorded") % {"minutes": data.get("minutes")}
    if kind == EventKind.LINK:
        return _("Linked: %(kind)s #%(target)s") % {
            "kind": _label(LinkKind, data.get("link_kind")),
            "target": data.get("target"),
        }
    if kind == EventKind.ATTACHMENT:
        return _("File added")
    if kind == EventKind.REPLY:
        return _("Reply")
    if kind == EventKind.NOTE:
        return _("Internal note")
    return event.get_kind_display()


def ticket_context(request, ticket, bound=None):
    """Everything the ticket page shows; ``bound`` replaces a form with the one that has errors."""
    user = request.user
    staff = user.has_perm("servicedesk.view_internal", ticket)
    bound = bound or {}
    context = {
        "ticket": ticket,
        "object": ticket,
        "staff": staff,
        "timeline": build_timeline(ticket, user),
        "attachments": Attachment.objects.restrict(user).filter(ticket=ticket).select_related("uploaded_by"),
        "sla_state": ticket.sla_state_at(),
        "can_reply": user.has_perm("servicedesk.reply_ticket", ticket),
        "can_reopen": user.has_perm("servicedesk.reopen_ticket", ticket),
        "can_order": user.has_perm("servicedesk.order_ticket", ticket),
        "can_attach": user.has_perm("servicedesk.attach_ticket", ticket),
    }
    if context["can_reply"]:
        context["reply_form"] = bound.get("reply") or ReplyForm(staff=staff, prefix="reply")
    if context["can_attach"]:
        context["attachment_form"] = bound.get("attachment") or AttachmentForm(staff=staff, prefix="file")
    if staff:
        clocks = ClockCache()
        context.update(
            {
                "progress": sla_clock.progress_percent(ticket, clocks=clocks),
                "classify_form": bound.get("classify") or ClassifyForm(ticket=ticket, user=user, prefix="classify"),
                "assign_form": bound.get("assign") or AssignForm(ticket=ticket, user=user, prefix="assign"),
                "status_form": bound.get("status") or StatusForm(ticket=ticket, prefix="status"),
                "time_form": bound.get("time") or TimeEntryForm(prefix="time"),
                "link_form": bound.get("link") or LinkForm(prefix="link"),
                "time_entries": ticket.time_entries.select_related("user"),
                "links_from": TicketLink.objects.filter(source=ticket).select_related("target"),
                "links_to": TicketLink.objects.filter(target=ticket).select_related("source"),
                "status_buttons": status_buttons(ticket),
            }
        )
    return context


def status_buttons(ticket):
    """The next steps the workflow allows, in the order the work goes."""
    from .choices import TRANSITIONS

    order = [
        TicketStatus.IN_PROGRESS,
        TicketStatus.WAITING,
        TicketStatus.RESOLVED,
        TicketStatus.CLOSED,
        TicketStatus.ASSIGNED,
        TicketStatus.NEW,
    ]
    allowed = TRANSITIONS[TicketStatus(ticket.status)]
    return [(status.value, status.label) for status in order if status in allowed]


class TicketDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        ticket = ticket_for(request, pk)
        context = ticket_context(request, ticket)
        template = "servicedesk/ticket_staff.html" if context["staff"] else "servicedesk/ticket_portal.html"
        return render(request, template, context)


class TicketActionView(LoginRequiredMixin, View):
    """A POST that changes one ticket through a service; on an error the ticket page shows it at the form."""

    permission = "servicedesk.change_ticket"
    form_class = None
    form_key = ""  # which form of the ticket page this is
    prefix = None
    success_message = ""
    anchor = ""

    def form_kwargs(self, ticket):
        return {}

    def post(self, request, pk):
        ticket = ticket_for(request, pk, self.permission)
        form = self.form_class(request.POST, request.FILES, prefix=self.prefix, **self.form_kwargs(ticket))
        if form.is_valid():
            try:
                with transaction.atomic():
                    self.perform(ticket, form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return HttpResponseRedirect(ticket.get_absolute_url() + self.anchor)
        ticket.refresh_from_db()
        context = ticket_context(request, ticket, bound={self.form_key: form})
        template = "servicedesk/ticket_staff.html" if context["staff"] else "servicedesk/ticket_portal.html"
        return render(request, template, context, status=400)

    def perform(self, ticket, form):
        raise NotImplementedError


class ReplyView(TicketActionView):
    permission = "servicedesk.reply_ticket"
    form_class = ReplyForm
    form_key = "reply"
    prefix = "reply"
    anchor = "#timeline"

    def form_kwargs(self, ticket):
        return {"staff": self.request.user.has_perm("servicedesk.add_note", ticket)}

    def perform(self, ticket, form):
        internal = form.cleaned_data.get("internal", False)
        services.add_comment(
            ticket, acting_user=self.request.user, body=form.cleaned_data["body"], is_public=not internal
        )
        messages.success(self.request, _("The internal note was saved.") if internal else _("Your reply was sent."))


class AttachmentUploadView(TicketActionView):
    permission = "servicedesk.attach_ticket"
    form_class = AttachmentForm
    form_key = "attachment"
    prefix = "file"
    anchor = "#attachments"
    success_message = gettext_lazy("The file was added.")

    def form_kwargs(self, ticket):
        return {"staff": self.request.user.has_perm("servicedesk.view_internal", ticket)}

    def perform(self, ticket, form):
        attachments.add_attachment(
            ticket,
            acting_user=self.request.user,
            upload=form.cleaned_data["file"],
            is_public=not form.cleaned_data.get("internal", False),
        )


class ClassifyView(TicketActionView):
    form_class = ClassifyForm
    form_key = "classify"
    prefix = "classify"
    success_message = gettext_lazy("The ticket was saved.")

    def form_kwargs(self, ticket):
        return {"ticket": ticket, "user": self.request.user}

    def perform(self, ticket, form):
        changes = form.changes()
        if changes:
            services.reclassify(ticket, acting_user=self.request.user, **changes)


class AssignView(TicketActionView):
    permission = "servicedesk.assign_ticket"
    form_class = AssignForm
    form_key = "assign"
    prefix = "assign"
    success_message = gettext_lazy("The assignment was saved.")

    def form_kwargs(self, ticket):
        return {"ticket": ticket, "user": self.request.user}

    def perform(self, ticket, form):
        services.assign(ticket, acting_user=self.request.user, **form.cleaned_data)


class StatusView(TicketActionView):
    form_class = StatusForm
    form_key = "status"
    prefix = "status"
    success_message = gettext_lazy("The status was changed.")

    def form_kwargs(self, ticket):
        return {"ticket": ticket}

    def perform(self, ticket, form):
        services.change_status(
            ticket, form.cleaned_data["status"], acting_user=self.request.user, text=form.cleaned_data["text"]
        )


class ReopenView(LoginRequiredMixin, View):
    """The reporter (or staff) reopens a resolved ticket, optionally saying why."""

    def post(self, request, pk):
        ticket = ticket_for(request, pk, "servicedesk.reopen_ticket")
        reason = (request.POST.get("reason") or "").strip()[:500]
        with transaction.atomic():
            services.change_status(
                ticket, TicketStatus.IN_PROGRESS, acting_user=request.user, text=reason or _("Reopened.")
            )
        messages.success(request, _("The ticket was reopened."))
        return redirect(ticket.get_absolute_url())


class OrderRequestView(LoginRequiredMixin, View):
    """The department's coordinator or head turns a service request into a finance order."""

    def post(self, request, pk):
        ticket = ticket_for(request, pk, "servicedesk.order_ticket")
        try:
            order = services.order_from_request(ticket, acting_user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The order is placed: %(status)s.") % {"status": order.get_status_display()})
        return redirect(ticket.get_absolute_url() + "#order")


class TimeEntryView(TicketActionView):
    permission = "servicedesk.record_time"
    form_class = TimeEntryForm
    form_key = "time"
    prefix = "time"
    anchor = "#time"
    success_message = gettext_lazy("The time was recorded.")

    def perform(self, ticket, form):
        data = form.cleaned_data
        services.record_time(
            ticket,
            acting_user=self.request.user,
            minutes=data["minutes"],
            billable=data["billable"],
            on_date=data["date"],
            note=data["note"],
        )


class LinkView(TicketActionView):
    form_class = LinkForm
    form_key = "link"
    prefix = "link"
    anchor = "#links"
    success_message = gettext_lazy("The tickets were linked.")

    def form_kwargs(self, ticket):
        return {"tickets": visible_tickets(self.request).filter(organisation=ticket.organisation_id)}

    def perform(self, ticket, form):
        services.link(
            ticket, acting_user=self.request.user, target=form.cleaned_data["target"], kind=form.cleaned_data["kind"]
        )


class TicketHistoryView(HistoryView):
    """The field history of a ticket (desk staff)."""

    model = Ticket

    def get_object(self, queryset=None):
        ticket = super().get_object(queryset)
        if not self.request.user.has_perm("servicedesk.view_internal", ticket):
            raise PermissionDenied
        return ticket


class AttachmentDownloadView(LoginRequiredMixin, View):
    """A file, only as a download, with the type checked on upload and no sniffing."""

    def get(self, request, pk):
        attachment = get_object_or_404(Attachment.objects.restrict(request.user).select_related("ticket"), pk=pk)
        if not request.user.has_perm("servicedesk.view_attachment", attachment):
            raise PermissionDenied
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        response = FileResponse(
            handle, as_attachment=True, filename=attachment.name, content_type=attachments.served_type(attachment)
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response


# ---------------------------------------------------------------------------------------------
# Staff: the queue, my work, logging a ticket


class QueueView(StaffOnlyMixin, ScopedListView):
    """The staff queue: filters, search, the nearest deadline first, bulk assignment."""

    model = Ticket
    template_name = "servicedesk/queue.html"
    filterset_class = TicketFilterSet
    paginate_by = 50

    def get_queryset(self):
        queryset = visible_tickets(self.request).in_organisation(self.request.organisation).for_list().with_sla_state()
        data = self.request.GET.copy()
        data.setdefault("status", OPEN)
        self.filterset = TicketFilterSet(
            data, queryset=queryset, request=self.request, organisation=self.request.organisation
        )
        if self.filterset.is_valid():
            queryset = self.filterset.qs
        return queryset.by_deadline()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        context["bulk_form"] = BulkAssignForm(organisation=organisation, user=self.request.user)
        form = self.filterset.form
        context["reporter_filter"] = form.cleaned_data.get("reporter") if self.filterset.is_valid() else None
        context["can_configure"] = self.request.user.has_perm("servicedesk.change_desksettings", organisation)
        return context


class MyWorkView(StaffOnlyMixin, TemplateView):
    """What is mine: open tickets assigned to me, and unassigned ones in the queues I work."""

    template_name = "servicedesk/my_work.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        tickets = (
            visible_tickets(self.request)
            .in_organisation(self.request.organisation)
            .open()
            .for_list()
            .with_sla_state()
            .by_deadline()
        )
        my_queues = QueueMember.objects.filter(user=user).values("area_id")
        context["assigned"] = tickets.filter(assignee=user)[:200]
        context["unassigned"] = tickets.filter(assignee__isnull=True, queue__in=my_queues)[:200]
        return context


class BulkAssignView(StaffOnlyMixin, View):
    def post(self, request):
        tickets = visible_tickets(request).in_organisation(request.organisation)
        form = BulkAssignForm(request.POST, tickets=tickets, organisation=request.organisation, user=request.user)
        if form.is_valid():
            chosen = [t for t in form.cleaned_data["tickets"] if request.user.has_perm("servicedesk.assign_ticket", t)]
            try:
                desk.bulk_assign(
                    chosen,
                    acting_user=request.user,
                    assignee=form.cleaned_data["assignee"],
                    queue=form.cleaned_data["queue"],
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    ngettext("%(count)d ticket was assigned.", "%(count)d tickets were assigned.", len(chosen))
                    % {"count": len(chosen)},
                )
        else:
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
        back = request.POST.get("next", "")
        return redirect(back if back.startswith(reverse("servicedesk:queue")) else reverse("servicedesk:queue"))


class StaffTicketCreateView(StaffOnlyMixin, ServiceFormView):
    """IT staff log a ticket for someone (a phone call, an e-mail, a visit)."""

    form_class = StaffTicketForm
    template_name = "servicedesk/form.html"
    staff_permission = "servicedesk.log_ticket"
    success_message = gettext_lazy("The ticket was registered.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "organisation": self.request.organisation}

    def get_initial(self):
        return {"kind": TicketKind.INCIDENT}

    def perform(self, form):
        return services.create_ticket(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Log a ticket"), cancel_url=reverse("servicedesk:queue"), **kwargs)


# ---------------------------------------------------------------------------------------------
# Maintenance plans


class PlanMixin:
    """Plans are found among the organisation's rows; a non-staff member is refused (403)."""

    model = MaintenancePlan

    def get_queryset(self):
        return MaintenancePlan.objects.in_my_organisations(self.request.user).select_related(
            "service", "queue", "assignee"
        )


class PlanListView(StaffOnlyMixin, ScopedListView):
    model = MaintenancePlan
    template_name = "servicedesk/plan_list.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("service", "queue", "assignee")
            .annotate(ticket_count=Count("tickets"))
            .order_by("-is_active", "title")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("servicedesk.add_maintenanceplan", self.request.organisation)
        return context


class PlanDetailView(PlanMixin, ScopedDetailView):
    template_name = "servicedesk/plan_detail.html"
    context_object_name = "plan"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tickets"] = self.object.tickets.select_related("assignee").order_by("-occurrence", "-pk")[:50]
        context["can_change"] = self.request.user.has_perm("servicedesk.change_maintenanceplan", self.object)
        return context


class PlanCreateView(StaffOnlyMixin, ServiceFormView):
    form_class = MaintenancePlanForm
    template_name = "servicedesk/form.html"
    staff_permission = "servicedesk.add_maintenanceplan"
    success_message = gettext_lazy("The maintenance plan was created.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "organisation": self.request.organisation}

    def perform(self, form):
        return desk.create_plan(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("New maintenance plan"), cancel_url=reverse("servicedesk:plan_list"), **kwargs
        )


class PlanEditView(PlanMixin, ScopedObjectFormView):
    form_class = MaintenancePlanForm
    template_name = "servicedesk/form.html"
    success_message = gettext_lazy("The maintenance plan was saved.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.object,
            "user": self.request.user,
            "organisation": self.object.organisation,
        }

    def perform(self, form):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        return desk.update_plan(self.object, acting_user=self.request.user, **changes)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Edit maintenance plan"), cancel_url=self.object.get_absolute_url(), **kwargs
        )


class PlanHistoryView(PlanMixin, HistoryView):
    pass


# ---------------------------------------------------------------------------------------------
# Desk settings and queue membership


class DeskSettingsView(StaffOnlyMixin, ServiceFormView):
    """The head of IT sets the priority matrix, the at-risk share and the other desk settings."""

    form_class = DeskSettingsForm
    template_name = "servicedesk/desk_settings.html"
    staff_permission = "servicedesk.change_desksettings"
    success_message = gettext_lazy("The service-desk settings were saved.")

    def get_form_kwargs(self):
        organisation = self.request.organisation
        instance = DeskSettings.objects.filter(organisation=organisation).first()
        return {
            **super().get_form_kwargs(),
            "instance": instance or DeskSettings(organisation=organisation),
            "matrix": desk.priority_matrix(organisation),
            "user": self.request.user,
            "organisation": organisation,
        }

    def perform(self, form):
        desk.update_desk_settings(
            self.request.organisation,
            acting_user=self.request.user,
            matrix=form.matrix(),
            **form.settings_changes(),
        )

    def get_success_url(self):
        return reverse("servicedesk:desk_settings")


class QueueMembersView(StaffOnlyMixin, TemplateView):
    """Who works which queue; the head of IT and the support lead change it."""

    template_name = "servicedesk/queue_members.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        context["queues"] = with_queue_counts(CompetenceArea.objects.in_organisation(organisation)).order_by(
            "order", "name"
        )
        context["can_change"] = self.request.user.has_perm("servicedesk.change_queuemember", organisation)
        if context["can_change"]:
            context["form"] = kwargs.get("form") or QueueMemberForm(organisation=organisation)
        return context

    def post(self, request):
        organisation = request.organisation
        if not request.user.has_perm("servicedesk.change_queuemember", organisation):
            raise PermissionDenied
        remove = request.POST.get("remove", "")
        if remove.isdigit():
            member = get_object_or_404(QueueMember.objects.in_organisation(organisation), pk=int(remove))
            desk.remove_queue_member(member, acting_user=request.user)
            messages.success(
                request, _("%(person)s no longer works %(queue)s.") % {"person": member.user, "queue": member.area}
            )
            return redirect("servicedesk:queue_members")
        form = QueueMemberForm(request.POST, organisation=organisation)
        if form.is_valid():
            try:
                desk.add_queue_member(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The queue membership was saved."))
                return redirect("servicedesk:queue_members")
        return self.render_to_response(self.get_context_data(form=form), status=400)
