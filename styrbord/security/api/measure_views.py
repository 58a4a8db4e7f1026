"""API of the measure catalogue, self-assessments and action plan (/api/security/...)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import mixins, viewsets

from styrbord.core.api import TenantViewSet

from .. import measure_services
from ..measure_filters import ActionItemFilterSet, AssessmentFilterSet, MeasureFilterSet
from ..measure_rules import visible_q
from ..models import ActionItem, Assessment, Measure
from .measure_serializers import ActionItemSerializer, AssessmentSerializer, MeasureSerializer


class MeasureViewSet(TenantViewSet):
    """The organisation's security measures. Deactivate (``is_active``: false) instead of deleting."""

    model = Measure
    serializer_class = MeasureSerializer
    filterset_class = MeasureFilterSet
    ordering_fields = ["code", "title", "theme"]
    ordering = ["code"]

    def create_object(self, data):
        return measure_services.create_measure(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return measure_services.update_measure(instance, acting_user=self.request.user, **data)


class AssessmentViewSet(TenantViewSet):
    """Self-assessments of required measures. A partly or not met answer opens an action-plan item;
    met or not applicable closes it. One assessment per system and measure: POST once, then PATCH."""

    model = Assessment
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet
    ordering_fields = ["assessed_on", "status"]
    ordering = ["system", "measure__code"]
    select_related = ("measure",)
    prefetch_related = ("actions",)

    def get_queryset(self):
        return super().get_queryset().filter(visible_q(self.request.user, "system"))

    def organisation_for_create(self, data):
        return data.get("system")

    def create_object(self, data):
        if Assessment.objects.filter(system=data["system"], measure=data["measure"]).exists():
            raise ValidationError({"measure": _("This measure is already assessed for this system.")})
        return measure_services.record_assessment(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        values = {name: getattr(instance, name) for name in ("status", "comment", "evidence", "not_applicable_reason")}
        values.update(data)
        values.setdefault("assessed_on", None)
        return measure_services.record_assessment(
            acting_user=self.request.user, system=instance.system, measure=instance.measure, **values
        )


class ActionItemViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Action-plan items: listed and updated (owner, due date, status); they are opened by self-assessments."""

    model = ActionItem
    serializer_class = ActionItemSerializer
    filterset_class = ActionItemFilterSet
    ordering_fields = ["due_date", "status"]
    ordering = ["due_date", "pk"]
    select_related = ("assessment",)
    prefetch_related = ()
    perform_update = TenantViewSet.perform_update

    def get_queryset(self):
        queryset = TenantViewSet.get_queryset(self)
        return queryset.filter(visible_q(self.request.user, "assessment__system", owner="owner"))

    def update_object(self, instance, data):
        return measure_services.update_action(instance, acting_user=self.request.user, **data)
