"""The service desk API: tickets with their replies, time, files, links and status actions; queues;
maintenance plans.

Tickets come from ``Ticket.objects.restrict(user)`` (a ticket the user may not read answers 404);
every change goes through ``services.py`` and is checked with ``has_perm``.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from styrbord.catalog.models import CompetenceArea
from styrbord.core.api import TenantViewSet
from styrbord.core.tenancy import access

from .. import attachments, desk, services
from ..choices import TicketStatus
from ..filtersets import MaintenancePlanFilterSet, TicketFilterSet
from ..models import (
    Attachment,
    Comment,
    MaintenancePlan,
    Ticket,
    TicketLink,
    TimeEntry,
    staff_organisation_ids,
    with_queue_counts,
)
from .serializers import (
    AttachmentSerializer,
    CommentSerializer,
    MaintenancePlanSerializer,
    QueueSerializer,
    TicketAssignSerializer,
    TicketLinkSerializer,
    TicketNoteSerializer,
    TicketSerializer,
    TicketTransitionSerializer,
    TimeEntrySerializer,
)

# The named status actions: target status, and the permission they need.
STATUS_ACTIONS = {
    "start": (TicketStatus.IN_PROGRESS, "servicedesk.change_ticket"),
    "wait": (TicketStatus.WAITING, "servicedesk.change_ticket"),
    "resolve": (TicketStatus.RESOLVED, "servicedesk.change_ticket"),
    "close": (TicketStatus.CLOSED, "servicedesk.change_ticket"),
    "reopen": (TicketStatus.IN_PROGRESS, "servicedesk.reopen_ticket"),
}


def _status_action_schema(name):
    target, _perm = STATUS_ACTIONS[name]
    who = "the reporter or IT staff" if name == "reopen" else "IT staff"
    return extend_schema(
        request=TicketNoteSerializer,
        responses={200: TicketSerializer, 400: OpenApiResponse(description="Not allowed from the current status.")},
        description=f"Set the status to `{target.value}` ({who}). Same as `transition` with "
        f'`{{"status": "{target.value}"}}`. The optional `text` is shown in the timeline.',
    )


@extend_schema_view(
    list=extend_schema(
        description="Tickets the user may read, nearest resolution deadline first (none last), then priority. "
        "Filter by queue, status (`open` for any open status), priority, kind, service, department (with "
        "sub-departments), assignee, `unassigned`, reporter and `sla_state` (`at_risk`: the resolution clock "
        "has used the organisation's at-risk share of the target); `q` searches title, description and replies."
    ),
    create=extend_schema(
        description="Report a fault (`incident`), request a service (`request`) or log maintenance. The "
        "reporter is the requesting user unless IT staff name `reporter`; `reported_at` may be earlier "
        "(IT staff only), never in the future."
    ),
    retrieve=extend_schema(description="One ticket the user may read."),
    partial_update=extend_schema(
        description="Reclassify (IT staff): kind, title, description, service, "
        "department, impact, urgency, is_security_incident. Consumed SLA time is kept."
    ),
)
class TicketViewSet(TenantViewSet):
    """Tickets: fault reports, service requests and maintenance, with their replies, time, files and links."""

    model = Ticket
    serializer_class = TicketSerializer
    filterset_class = TicketFilterSet
    filter_backends = [DjangoFilterBackend, OrderingFilter]  # the filter set's `q` is the full-text search
    ordering_fields = ["resolve_by", "priority", "reported_at", "updated_at", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        queryset = Ticket.objects.restrict(self.request.user).for_list().with_sla_state()
        if self.action == "list" and "ordering" not in self.request.query_params:
            queryset = queryset.by_deadline()
        return queryset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        ids = access(self.request.user).organisation_ids
        if len(ids) == 1:
            context["default_organisation"] = self.request.organisation
        return context

    def ticket(self, permission):
        ticket = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not self.request.user.has_perm(permission, ticket):
            raise exceptions.PermissionDenied()
        return ticket

    def refreshed(self, ticket):
        return Response(self.get_serializer(self.get_queryset().get(pk=ticket.pk)).data)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        user = self.request.user
        organisation = data.pop("organisation")
        if not user.has_perm("servicedesk.add_ticket", organisation):
            raise exceptions.PermissionDenied()
        staff = user.has_perm("servicedesk.log_ticket", organisation)
        reporter = data.pop("reporter", None) or user
        if reporter != user and not staff:
            raise exceptions.ValidationError({"reporter": [_("Only IT staff can report on behalf of someone else.")]})
        if data.get("reported_at") is not None and not staff:
            raise exceptions.ValidationError({"reported_at": [_("Only IT staff can set an earlier report time.")]})
        # One transaction (the service's own); the answer is the saved instance, not a second read.
        serializer.instance = services.create_ticket(
            acting_user=user,
            organisation=organisation,
            reporter=reporter,
            channel="api",
            **data,
        )

    def perform_update(self, serializer):
        serializer.instance = services.reclassify(
            serializer.instance, acting_user=self.request.user, **serializer.validated_data
        )

    @extend_schema(
        request=TicketTransitionSerializer,
        responses={200: TicketSerializer},
        description="Change the status: new → assigned → in_progress → waiting (the resolution clock pauses) → "
        "resolved → closed, as the workflow allows. IT staff make any allowed change; the reporter may only "
        "reopen a resolved ticket (`in_progress`). The named actions start, wait, resolve, close and reopen "
        "do the same.",
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        body = TicketTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        target = body.validated_data["status"]
        ticket = self.ticket("servicedesk.view_ticket")
        reopening = ticket.status == TicketStatus.RESOLVED and target == TicketStatus.IN_PROGRESS
        permission = "servicedesk.reopen_ticket" if reopening else "servicedesk.change_ticket"
        if not request.user.has_perm(permission, ticket):
            raise exceptions.PermissionDenied()
        return self._change_status(ticket, target, body.validated_data.get("text", ""))

    def _named_status(self, request, name):
        target, permission = STATUS_ACTIONS[name]
        body = TicketNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ticket = self.ticket(permission)
        return self._change_status(ticket, target, body.validated_data.get("text", ""))

    def _change_status(self, ticket, target, text):
        ticket = services.change_status(ticket, target, acting_user=self.request.user, text=text)
        return self.refreshed(ticket)

    @extend_schema(
        request=None,
        responses={200: TicketSerializer},
        description="Turn a service request into a finance order for the ticket's department "
        "(requested service, level, quantity and date). Allowed to whoever may order for that department; "
        "the order then follows finance's approval flow and its id is in `order`.",
    )
    @action(detail=True, methods=["post"])
    def order(self, request, pk=None):
        ticket = self.ticket("servicedesk.order_ticket")
        services.order_from_request(ticket, acting_user=request.user)
        return self.refreshed(ticket)

    @_status_action_schema("start")
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._named_status(request, "start")

    @_status_action_schema("wait")
    @action(detail=True, methods=["post"])
    def wait(self, request, pk=None):
        return self._named_status(request, "wait")

    @_status_action_schema("resolve")
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        return self._named_status(request, "resolve")

    @_status_action_schema("close")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._named_status(request, "close")

    @_status_action_schema("reopen")
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._named_status(request, "reopen")

    @extend_schema(
        request=TicketAssignSerializer,
        responses={200: TicketSerializer},
        description="Assign the ticket to a person of the IT staff (`null` unassigns) and optionally move it "
        "to another queue (IT staff only).",
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        ticket = self.ticket("servicedesk.assign_ticket")
        body = TicketAssignSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        ticket = services.assign(ticket, acting_user=request.user, **body.validated_data)
        return self.refreshed(ticket)

    @extend_schema(
        methods=["GET"],
        responses={200: CommentSerializer(many=True)},
        description="Replies and, for IT staff, internal notes, oldest first.",
    )
    @extend_schema(
        methods=["POST"],
        request=CommentSerializer,
        responses={201: CommentSerializer},
        description="Reply (the reporter and IT staff) or write an internal note (`is_public: false`, IT staff).",
    )
    @action(detail=True, methods=["get", "post"], url_path="comments", pagination_class=None, filter_backends=[])
    def comments(self, request, pk=None):
        if request.method == "GET":
            ticket = self.ticket("servicedesk.view_ticket")
            rows = Comment.objects.restrict(request.user).filter(ticket=ticket).select_related("author")
            return Response(CommentSerializer(rows, many=True).data)
        ticket = self.ticket("servicedesk.reply_ticket")
        body = CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        is_public = body.validated_data.get("is_public", True)
        if not is_public and not request.user.has_perm("servicedesk.add_note", ticket):
            raise exceptions.PermissionDenied(_("Only IT staff can write internal notes."))
        comment = services.add_comment(
            ticket, acting_user=request.user, body=body.validated_data["body"], is_public=is_public
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"], responses={200: TimeEntrySerializer(many=True)}, description="Time recorded (IT staff)."
    )
    @extend_schema(
        methods=["POST"],
        request=TimeEntrySerializer,
        responses={201: TimeEntrySerializer},
        description="Record time on the ticket (IT staff). Billable time becomes a charge line for the "
        "ticket's department in finance; `date` defaults to today.",
    )
    @action(detail=True, methods=["get", "post"], url_path="time-entries", pagination_class=None, filter_backends=[])
    def time_entries(self, request, pk=None):
        ticket = self.ticket("servicedesk.record_time")
        if request.method == "GET":
            rows = TimeEntry.objects.restrict(request.user).filter(ticket=ticket)
            return Response(TimeEntrySerializer(rows, many=True).data)
        body = TimeEntrySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        entry = services.record_time(
            ticket,
            acting_user=request.user,
            minutes=data["minutes"],
            billable=data.get("billable", False),
            on_date=data.get("date"),
            note=data.get("note", ""),
        )
        return Response(TimeEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        responses={200: AttachmentSerializer(many=True)},
        description="Files on the ticket; internal files only for IT staff. Download through `download_url`.",
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": AttachmentSerializer},
        responses={201: AttachmentSerializer},
        description="Add a file (multipart, field `file`): PDF, images, text, CSV, office documents, e-mail, "
        "zip; the content is checked against the name's type. The reporter's files are always public.",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser, JSONParser],
        pagination_class=None,
        filter_backends=[],
    )
    def attachments(self, request, pk=None):
        if request.method == "GET":
            ticket = self.ticket("servicedesk.view_ticket")
            rows = Attachment.objects.restrict(request.user).filter(ticket=ticket)
            return Response(AttachmentSerializer(rows, many=True, context={"request": request}).data)
        ticket = self.ticket("servicedesk.attach_ticket")
        upload = request.FILES.get("file")
        is_public = str(request.data.get("is_public", "true")).lower() not in ("false", "0", "off")
        attachment = attachments.add_attachment(ticket, acting_user=request.user, upload=upload, is_public=is_public)
        return Response(
            AttachmentSerializer(attachment, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        methods=["GET"], responses={200: TicketLinkSerializer(many=True)}, description="Links from this ticket."
    )
    @extend_schema(
        methods=["POST"],
        request=TicketLinkSerializer,
        responses={201: TicketLinkSerializer},
        description="Link this ticket to another: `duplicate_of`, `caused_by` or `related` (IT staff).",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def links(self, request, pk=None):
        ticket = self.ticket("servicedesk.view_internal")
        if request.method == "GET":
            rows = TicketLink.objects.filter(source=ticket)
            return Response(TicketLinkSerializer(rows, many=True, context={"request": request}).data)
        ticket = self.ticket("servicedesk.change_ticket")
        body = TicketLinkSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        created = services.link(
            ticket, acting_user=request.user, target=body.validated_data["target"], kind=body.validated_data["kind"]
        )
        return Response(TicketLinkSerializer(created, context={"request": request}).data, status=201)


class QueuePermission(BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj):
        return request.user.has_perm("servicedesk.view_queue", obj)


@extend_schema_view(
    list=extend_schema(description="The queues (competence areas) of the organisations where the user is IT staff."),
)
class QueueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Queues with the people who work them and their open, unassigned and breached tickets."""

    serializer_class = QueueSerializer
    permission_classes = [QueuePermission]
    filterset_fields = ["is_active"]

    def get_queryset(self):
        user = self.request.user
        queues = CompetenceArea.objects.restrict(user)
        if not user.is_superuser:
            queues = queues.filter(organisation__in=staff_organisation_ids(user))
        return with_queue_counts(queues).order_by("organisation", "order", "name")


class MaintenancePlanViewSet(TenantViewSet, mixins.DestroyModelMixin):
    """Preventive maintenance plans (IT staff). A plan that has made tickets cannot be deleted: deactivate it."""

    model = MaintenancePlan
    serializer_class = MaintenancePlanSerializer
    filterset_class = MaintenancePlanFilterSet
    ordering_fields = ["title", "starts_on"]
    select_related = ("service", "queue")

    def create_object(self, data):
        return desk.create_plan(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return desk.update_plan(instance, acting_user=self.request.user, **data)

    def delete_object(self, instance):
        desk.delete_plan(instance, acting_user=self.request.user)
