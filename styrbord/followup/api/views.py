from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from styrbord.core.api import TenantViewSet
from styrbord.servicedesk.models import Ticket

from .. import services
from ..choices import OUTAGE_RECORDERS
from ..models import AnnualReport, Outage
from ..rules import organisations_with, readable_reports
from ..views import download
from .serializers import AnnualReportSerializer, FreezeSerializer, OutageSerializer


@extend_schema_view(
    list=extend_schema(
        description="The annual follow-up reports the user reads (head of IT, management group and finance: all; "
        "department heads: the frozen ones). Filter with `organisation` and `year`; `figures=false` leaves the "
        "figures out."
    ),
    create=extend_schema(description="Start a live report of an organisation and year (head of IT)."),
    partial_update=extend_schema(description="Write the assessments (head of IT, until frozen)."),
)
class AnnualReportViewSet(TenantViewSet):
    """Annual follow-up reports (strategy §11) with the five parts as numbers."""

    model = AnnualReport
    serializer_class = AnnualReportSerializer
    select_related = ("organisation", "frozen_by")
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["organisation", "year", "status", "covers_cooperation"]
    ordering_fields = ["year"]
    ordering = ["-year"]

    def get_queryset(self):
        return readable_reports(self.request.user, super().get_queryset())

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["with_figures"] = self.request.query_params.get("figures", "true").lower() not in ("false", "0")
        return context

    def create_object(self, data):
        return services.create_report(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_assessments(instance, acting_user=self.request.user, **data)

    @extend_schema(request=FreezeSerializer, responses={200: AnnualReportSerializer})
    @action(detail=True, methods=["post"])
    def freeze(self, request, pk=None):
        """Freeze the report as the year's official version (head of IT; `confirm` must be true)."""
        report = self.get_object_for("freeze")
        body = FreezeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if not body.validated_data["confirm"]:
            raise exceptions.ValidationError({"confirm": [_("Confirm that the report is to be frozen.")]})
        report = services.freeze_report(report, acting_user=request.user)
        return Response(self.get_serializer(report).data)

    def get_object_for(self, permission):
        self.object_permission_action = "view"  # 404 outside the user's reports, then the action's right
        report = self.get_object()
        if not self.request.user.has_perm(f"followup.{permission}_annualreport", report):
            raise exceptions.PermissionDenied()
        return report

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"], url_path="pdf")
    def pdf(self, request, pk=None):
        """The report as a PDF document."""
        return download(self.get_object(), "pdf")

    @extend_schema(
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiResponse(
                OpenApiTypes.BINARY
            )
        }
    )
    @action(detail=True, methods=["get"], url_path="xlsx")
    def xlsx(self, request, pk=None):
        """The report as an Excel workbook, a sheet per part."""
        return download(self.get_object(), "xlsx")


@extend_schema_view(
    list=extend_schema(description="Outages recorded on tickets (IT staff). Filter with `ticket`, `service`."),
    create=extend_schema(
        description="Record on a fault report that a service (or one level) was unavailable from `starts_at` to "
        "`ends_at` (empty while ongoing); `planned` outages do not count against availability."
    ),
    partial_update=extend_schema(description="Correct an outage, e.g. set its end."),
)
class OutageViewSet(TenantViewSet):
    """Outages of services, recorded on tickets; the availability figure of the follow-up is measured from them."""

    model = Outage
    serializer_class = OutageSerializer
    select_related = ("service", "level", "ticket")
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["ticket", "service", "level", "planned"]
    ordering = ["-starts_at"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.user.is_superuser:
            return queryset
        return queryset.filter(organisation__in=organisations_with(self.request.user, OUTAGE_RECORDERS))

    def organisation_for_create(self, data):
        return data["ticket"].organisation

    def perform_create(self, serializer):
        ticket = serializer.validated_data["ticket"]
        if not Ticket.objects.restrict(self.request.user).filter(pk=ticket.pk).exists():
            raise exceptions.ValidationError({"ticket": [_("Choose a ticket you can see.")]})
        super().perform_create(serializer)

    def create_object(self, data):
        with transaction.atomic():
            return services.record_outage(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_outage(instance, acting_user=self.request.user, **data)
