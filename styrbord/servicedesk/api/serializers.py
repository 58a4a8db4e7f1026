from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from styrbord.catalog.models import CompetenceArea
from styrbord.core.api import TenantSerializer
from styrbord.organisations.models import Organisation, User

from ..choices import LinkKind, SlaState, TicketStatus
from ..models import Attachment, Comment, MaintenancePlan, Ticket, TicketLink, TimeEntry

TICKET_READ_FIELDS = [
    "id",
    "reference",
    "organisation",
    "kind",
    "status",
    "title",
    "description",
    "reporter",
    "department",
    "service",
    "level",
    "impact",
    "urgency",
    "priority",
    "queue",
    "assignee",
    "channel",
    "reported_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "respond_by",
    "resolve_by",
    "sla_paused",
    "sla_state",
    "response_met",
    "resolution_met",
    "is_security_incident",
    "requested_level",
    "requested_quantity",
    "requested_from",
    "order",
    "created_at",
    "updated_at",
]


class TicketSerializer(TenantSerializer):
    """A ticket. Create with kind, title, description, service, department, impact and urgency;
    the priority, queue, service level and SLA deadlines follow from them."""

    reference = serializers.CharField(read_only=True)
    sla_paused = serializers.BooleanField(read_only=True, help_text="The resolution clock is paused (waiting).")
    sla_state = serializers.SerializerMethodField(help_text="ok, at_risk, breached, paused or none.")
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        help_text="Only needed when neither department nor service tells the organisation.",
    )
    reporter = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        help_text="Who reported the problem; default the requesting user. Only IT staff may name someone else.",
    )
    reported_at = serializers.DateTimeField(
        required=False,
        help_text="When it was reported; default now. IT staff may give an earlier time (never a future one).",
    )

    class Meta:
        model = Ticket
        fields = TICKET_READ_FIELDS
        read_only_fields = [
            "status",
            "level",
            "priority",
            "queue",
            "assignee",
            "channel",
            "first_response_at",
            "resolved_at",
            "closed_at",
            "respond_by",
            "resolve_by",
            "response_met",
            "resolution_met",
            "order",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"department": {"required": False}, "service": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            for name in (
                "organisation",
                "reporter",
                "reported_at",
                "requested_level",
                "requested_quantity",
                "requested_from",
            ):
                fields[name].read_only = True
        else:
            # Marked by IT staff when they classify the ticket (PATCH), not when it is reported.
            fields["is_security_incident"].read_only = True
            # validate() and the service read the organisation, the queue and the default level.
            for name, related in (("department", ("organisation",)), ("service", ("organisation", "area"))):
                if not fields[name].read_only:
                    fields[name].queryset = fields[name].queryset.select_related(*related)
        return fields

    @extend_schema_field(serializers.ChoiceField(choices=SlaState.choices))
    def get_sla_state(self, ticket):
        state = getattr(ticket, "sla", None)
        return state or ticket.sla_state_at().value

    def validate_reported_at(self, value):
        if value > timezone.now():
            raise serializers.ValidationError(_("The report time cannot be in the future."))
        return value

    def validate(self, attrs):
        if self.instance is not None:
            return attrs
        department, service = attrs.get("department"), attrs.get("service")
        organisation = attrs.get("organisation")
        for name, related in (("department", department), ("service", service)):
            if related is None:
                continue
            if organisation is not None and related.organisation_id != organisation.pk:
                raise serializers.ValidationError({name: _("Must belong to the same organisation.")})
            organisation = organisation or related.organisation
        if organisation is None:
            organisation = self.context.get("default_organisation")
        if organisation is None:
            raise serializers.ValidationError(
                {"organisation": _("Name the organisation, the department or the service.")}
            )
        attrs["organisation"] = organisation
        return attrs


class TicketTransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=TicketStatus.choices)
    text = serializers.CharField(required=False, allow_blank=True, max_length=500, help_text="Shown in the timeline.")


class TicketNoteSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, max_length=500, help_text="Shown in the timeline.")


class TicketAssignSerializer(TenantSerializer):
    """Assign to a person of the IT staff (null: unassign) and optionally move to another queue."""

    assignee = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), allow_null=True)
    queue = serializers.PrimaryKeyRelatedField(queryset=CompetenceArea.objects.all(), required=False)

    class Meta:
        model = Ticket
        fields = ["assignee", "queue"]


class CommentSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author", read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "ticket", "author", "author_name", "body", "is_public", "via_email", "created_at"]
        read_only_fields = ["ticket", "author", "via_email", "created_at"]
        extra_kwargs = {"is_public": {"help_text": "false: an internal note that only IT staff see."}}


class TimeEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = TimeEntry
        fields = ["id", "ticket", "user", "minutes", "billable", "date", "note", "charge_line_id", "created_at"]
        read_only_fields = ["ticket", "user", "charge_line_id", "created_at"]
        extra_kwargs = {"date": {"required": False}}


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    file = serializers.FileField(write_only=True)

    class Meta:
        model = Attachment
        fields = [
            "id",
            "ticket",
            "name",
            "content_type",
            "size",
            "is_public",
            "uploaded_by",
            "uploaded_at",
            "download_url",
            "file",
        ]
        read_only_fields = ["ticket", "name", "content_type", "size", "uploaded_by", "uploaded_at"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, attachment):
        request = self.context.get("request")
        url = attachment.get_absolute_url()
        return request.build_absolute_uri(url) if request is not None else url


class TicketLinkSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=LinkKind.choices)

    class Meta:
        model = TicketLink
        fields = ["id", "source", "target", "kind", "created_at"]
        read_only_fields = ["source", "created_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        fields["target"].queryset = Ticket.objects.restrict(getattr(request, "user", None))
        return fields


class QueueMemberSummarySerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="user")
    is_lead = serializers.BooleanField()


class QueueSerializer(serializers.ModelSerializer):
    """A queue: a competence area of the IT unit, with the people who work it and its open tickets."""

    members = QueueMemberSummarySerializer(many=True, read_only=True)
    open_count = serializers.IntegerField(read_only=True, help_text="Open tickets in the queue.")
    unassigned_count = serializers.IntegerField(read_only=True, help_text="Open tickets nobody is assigned.")
    breached_count = serializers.IntegerField(read_only=True, help_text="Open tickets past their resolution target.")

    class Meta:
        model = CompetenceArea
        fields = [
            "id",
            "organisation",
            "name",
            "code",
            "is_active",
            "members",
            "open_count",
            "unassigned_count",
            "breached_count",
        ]


class MaintenancePlanSerializer(TenantSerializer):
    class Meta:
        model = MaintenancePlan
        fields = ["id", "organisation", *MaintenancePlan.EDITABLE_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["organisation"].read_only = True
        return fields
