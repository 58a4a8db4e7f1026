from rest_framework import serializers

from styrbord.core.api import TenantSerializer

from ..models import Department, Membership, Organisation, RoleAssignment, User


class OrganisationSerializer(TenantSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "org_number", "short_name", "served_by", "is_active", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class DepartmentSerializer(TenantSerializer):
    class Meta:
        model = Department
        fields = [
            "id",
            "organisation",
            "parent",
            "name",
            "kind",
            "cost_centre",
            "is_active",
            "path",
            "depth",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["path", "depth", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["organisation"].read_only = True
        return fields


class MembershipSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = ["id", "organisation", "department", "is_active"]


class PersonSerializer(TenantSerializer):
    memberships = MembershipSummarySerializer(many=True, read_only=True)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        write_only=True,
        required=True,
        help_text="The organisation the new person becomes a member of.",
    )
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(),
        write_only=True,
        required=False,
        allow_null=True,
        help_text="The new person's department in that organisation.",
    )
    username = serializers.CharField(required=False, allow_blank=True, max_length=150)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "phone",
            "title",
            "language",
            "is_active",
            "memberships",
            "organisation",
            "department",
        ]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["username"].read_only = True
            fields["organisation"].read_only = True
            fields["department"].read_only = True
        return fields


class MembershipSerializer(TenantSerializer):
    class Meta:
        model = Membership
        fields = ["id", "user", "organisation", "department", "is_active", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # the service checks uniqueness and reports it on the fields

    def get_fields(self):
        fields = super().get_fields()
        fields["user"].queryset = User.objects.restrict(self.context["request"].user)
        if self.instance is not None:
            fields["user"].read_only = True
            fields["organisation"].read_only = True
        return fields


class RoleAssignmentSerializer(TenantSerializer):
    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "organisation", "role", "department", "created_at"]
        read_only_fields = ["created_at"]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        fields["user"].queryset = User.objects.restrict(self.context["request"].user)
        return fields
