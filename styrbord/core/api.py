"""The API's shared parts: authentication, permissions, pagination, errors, base views.

Every endpoint gets its rows from ``Model.objects.restrict(user)`` (rows of other
organisations answer 404), checks changes with ``user.has_perm(perm, obj)`` and
reports bad input in one format: HTTP 400 with ``{"detail": ..., "errors": {field: [reason, ...]}}``.
"""

import copy

from django.db import transaction
from django.utils.translation import get_language
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, mixins, serializers, viewsets

from .api_base import perm_name


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "styrbord.core.api_base.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Personal token: `Token <key>`.",
        }


class TenantSerializer(serializers.ModelSerializer):
    """A model serializer whose related fields only accept rows the user may see."""

    # The fields ModelSerializer derives from the model depend on the class (and the language of
    # their labels) only, yet it derives them anew for every serializer: several ms per request.
    # Each serializer gets a fresh deep copy of the first build instead (what DRF itself does with
    # declared fields); fields are bound to their serializer, so the copies are never shared.
    _built_fields = {}

    def get_fields(self):
        key = (type(self), get_language())
        built = TenantSerializer._built_fields.get(key)
        if built is None:
            built = TenantSerializer._built_fields[key] = super().get_fields()
        fields = copy.deepcopy(built)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            relation = getattr(field, "child_relation", field)
            queryset = getattr(relation, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                relation.queryset = queryset.restrict(user)
        return fields


class TenantViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and update through the app's services; no delete unless a subclass adds it."""

    model = None
    select_related = ()
    prefetch_related = ()

    def get_queryset(self):
        queryset = self.model.objects.restrict(self.request.user)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset

    def organisation_for_create(self, data):
        return data.get("organisation")

    def perform_create(self, serializer):
        organisation = self.organisation_for_create(serializer.validated_data)
        if not self.request.user.has_perm(perm_name(self.model, "add"), organisation):
            raise exceptions.PermissionDenied()
        with transaction.atomic():
            serializer.instance = self.create_object(dict(serializer.validated_data))

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.instance = self.update_object(serializer.instance, dict(serializer.validated_data))

    def perform_destroy(self, instance):
        self.delete_object(instance)

    def create_object(self, data):
        raise NotImplementedError

    def update_object(self, instance, data):
        raise NotImplementedError

    def delete_object(self, instance):
        raise exceptions.MethodNotAllowed("DELETE")
