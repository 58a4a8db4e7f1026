"""What orders, subscription periods, charge lines and planned needs share."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from styrbord.core.models import TenantModel

from ..choices import DEPARTMENT_ROLES
from ..scoping import DepartmentScopedQuerySet


def check_same_organisation(instance, *names):
    """Each named relation must belong to the instance's organisation; errors name the field."""
    errors = {}
    for name in names:
        related = getattr(instance, name, None)
        if related is None or not instance.organisation_id:
            continue
        organisation_id = getattr(related, "organisation_id", None)
        if organisation_id is None and hasattr(related, "service"):
            organisation_id = related.service.organisation_id
        if organisation_id != instance.organisation_id:
            errors[name] = _("This must belong to the same organisation.")
    level = getattr(instance, "level", None)
    if level is not None and instance.service_id and level.service_id != instance.service_id:
        errors["level"] = _("The level must be one of the service's levels.")
    if errors:
        raise ValidationError(errors)


def person(verbose_name, **kwargs):
    """Who did something: a person, or empty for the system (the demo, a scheduled task)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
        **kwargs,
    )


class DepartmentServiceModel(TenantModel):
    """A row about a department's use of a service at a level, read by the department's subtree roles."""

    department = models.ForeignKey(
        "organisations.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    level = models.ForeignKey(
        "catalog.ServiceLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service level"),
    )

    objects = DepartmentScopedQuerySet.as_manager()
    readers_subtree = DEPARTMENT_ROLES
    department_field = "department"

    class Meta:
        abstract = True

    def clean(self):
        check_same_organisation(self, "department", "service", "level")
