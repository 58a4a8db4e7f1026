"""What every business model shares: timestamps and tenancy scoping."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .tenancy import access


class TenantQuerySet(models.QuerySet):
    """The one place where rows are scoped to what a user may see.

    A model names the path to its organisation in ``organisation_field``. Pages and API
    endpoints call ``restrict(user)``; rows of organisations the user does not belong
    to are simply not there, so they answer 404.
    """

    def organisation_lookup(self):
        return self.model.organisation_field

    def restrict(self, user, action="view"):
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(**{f"{self.organisation_lookup()}__in": access(user).organisation_ids})

    def in_organisation(self, organisation):
        if organisation is None:
            return self.none()
        return self.filter(**{self.organisation_lookup(): organisation})


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class TenantModel(TimeStampedModel):
    """A business row that belongs to one organisation directly."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        verbose_name=_("organisation"),
        related_name="+",
    )
    organisation_field = "organisation"

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True
