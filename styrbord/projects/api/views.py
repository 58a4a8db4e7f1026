from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions

from styrbord.core.api import TenantViewSet

from .. import services
from ..choices import Stage
from ..filtersets import ProjectFilterSet
from ..models import Project
from .serializers import ProjectSerializer


class ProjectViewSet(TenantViewSet):
    """Development projects (§8) with their status reports (read). Stop a project instead of deleting it."""

    model = Project
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = ["title", "stage", "updated_at"]
    ordering = ["title"]
    select_related = ("requesting_department",)
    prefetch_related = ("systems", "services", "status_reports")

    def organisation_for_create(self, data):
        # Proposing is per department: the head of IT for any, department roles for theirs.
        return data.get("requesting_department") or data.get("organisation")

    def create_object(self, data):
        organisation, department = data.get("organisation"), data.get("requesting_department")
        if organisation is None:
            raise ValidationError({"organisation": _("This field is required.")})
        if department is not None and department.organisation_id != organisation.pk:
            raise ValidationError({"requesting_department": _("This must belong to the same organisation.")})
        return services.create_project(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        user = self.request.user
        department = data.get("requesting_department")
        moves = department is not None and department != instance.requesting_department
        if moves and not user.has_perm("projects.add_project", department):
            raise exceptions.PermissionDenied()
        prioritises = data.get("stage") == Stage.PRIORITISED and instance.stage != Stage.PRIORITISED
        if prioritises and not user.has_perm("projects.prioritise_project", instance):
            raise exceptions.PermissionDenied()
        return services.update_project(instance, acting_user=user, **data)
