"""Filters shared by every app's filtersets."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


@extend_schema_field(OpenApiTypes.INT)
class ScopedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """Choose a row by id among those the requesting user may see (others are invalid choices)."""

    def __init__(self, *args, model, **kwargs):
        kwargs["queryset"] = lambda request: model.objects.restrict(getattr(request, "user", None))
        super().__init__(*args, **kwargs)
