from rest_framework import serializers

from styrbord.catalog.models import Service
from styrbord.core.api import TenantSerializer

from ..models import ConfigurationItem, ItemRelation, ItemType
from ..services import ITEM_FIELDS, ITEM_TYPE_FIELDS


class OrganisationFixedMixin:
    """The organisation is chosen at creation and cannot change afterwards."""

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and "organisation" in fields:
            fields["organisation"].read_only = True
        return fields


class ItemTypeSerializer(OrganisationFixedMixin, TenantSerializer):
    field_definitions = serializers.JSONField(
        required=False,
        help_text="The type's fields: a list of {name, label, kind (text, number, date, choice), required, choices}.",
    )

    class Meta:
        model = ItemType
        fields = ["id", "organisation", *ITEM_TYPE_FIELDS, "library_version", "created_at", "updated_at"]
        read_only_fields = ["library_version", "created_at", "updated_at"]
        validators = []  # the service checks uniqueness and reports it on the field


class ConfigurationItemSerializer(OrganisationFixedMixin, TenantSerializer):
    attributes = serializers.JSONField(
        required=False, help_text="The values of the type's fields, by field name. Errors name `attributes.<name>`."
    )
    services = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Service.objects.all(),
        required=False,
        help_text="Catalogue services the item takes part in.",
    )

    class Meta:
        model = ConfigurationItem
        fields = ["id", "organisation", *ITEM_FIELDS, "services", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        from styrbord.organisations.models import User

        fields["assigned_to"].queryset = User.objects.restrict(self.context["request"].user)
        return fields


class ItemRelationSerializer(TenantSerializer):
    class Meta:
        model = ItemRelation
        fields = ["id", "source", "target", "kind", "note", "created_at"]
        read_only_fields = ["created_at"]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["source"].read_only = True
        return fields


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ImpactItemSerializer(NamedSerializer):
    depth = serializers.IntegerField(help_text="Relations away from the item analysed.")
    via = serializers.IntegerField(allow_null=True, help_text="The item it depends on, one step closer.")
    kind = serializers.CharField(allow_null=True)


class ImpactDepartmentSerializer(NamedSerializer):
    reasons = serializers.ListField(child=serializers.CharField())


class ImpactSerializer(serializers.Serializer):
    items = ImpactItemSerializer(many=True)
    systems = NamedSerializer(many=True)
    services = NamedSerializer(many=True)
    departments = ImpactDepartmentSerializer(many=True)
