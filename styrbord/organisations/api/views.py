from rest_framework import exceptions, mixins

from styrbord.core.api import TenantViewSet

from .. import services
from ..filtersets import DepartmentFilterSet, MembershipFilterSet, PersonFilterSet, RoleAssignmentFilterSet
from ..models import Department, Membership, Organisation, RoleAssignment, User
from .serializers import (
    DepartmentSerializer,
    MembershipSerializer,
    OrganisationSerializer,
    PersonSerializer,
    RoleAssignmentSerializer,
)


class OrganisationViewSet(TenantViewSet):
    """Organisations (municipalities) the user belongs to. New ones are added by an administrator."""

    model = Organisation
    serializer_class = OrganisationSerializer
    filterset_fields = ["is_active"]
    search_fields = ["name", "org_number"]
    ordering_fields = ["name", "org_number"]
    http_method_names = ["get", "put", "patch", "head", "options"]

    def update_object(self, instance, data):
        return services.update_organisation(instance, acting_user=self.request.user, **data)


class DepartmentViewSet(TenantViewSet, mixins.DestroyModelMixin):
    """The department tree. DELETE only succeeds for a department nothing refers to."""

    model = Department
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet
    ordering_fields = ["name", "cost_centre", "path"]
    ordering = ["path"]

    def create_object(self, data):
        return services.create_department(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_department(instance, acting_user=self.request.user, **data)

    def delete_object(self, instance):
        services.delete_department(instance, acting_user=self.request.user)


class PersonViewSet(TenantViewSet):
    """People in the user's organisations. People are deactivated, never deleted."""

    model = User
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["last_name", "first_name", "email"]
    prefetch_related = ("memberships",)

    def create_object(self, data):
        return services.create_person(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_person(instance, acting_user=self.request.user, **data)


class MembershipViewSet(TenantViewSet):
    """Who belongs to which organisation, in which department. Deactivate instead of deleting."""

    model = Membership
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet
    select_related = ("user",)

    def create_object(self, data):
        return services.add_membership(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_membership(instance, acting_user=self.request.user, **data)


class RoleAssignmentViewSet(TenantViewSet, mixins.DestroyModelMixin):
    """Roles held in an organisation. Removing one keeps it in the history."""

    model = RoleAssignment
    serializer_class = RoleAssignmentSerializer
    filterset_class = RoleAssignmentFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]

    def create_object(self, data):
        return services.assign_role(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        raise exceptions.MethodNotAllowed("PATCH")

    def delete_object(self, instance):
        services.revoke_role(instance, acting_user=self.request.user)
