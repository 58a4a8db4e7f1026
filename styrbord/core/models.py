"""What every business model shares: timestamps and tenancy scoping."""

from django.core.exceptions import ValidationError
from django.db import models, router
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
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


class ConstraintErrorsOnFieldsMixin:
    """Report a violated multi-field unique constraint on a field, so that forms and the API name it.

    The field is ``constraint_error_fields[constraint.name]`` or else the constraint's last field
    (the others are usually the scope, such as the organisation).
    """

    constraint_error_fields = {}

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        errors = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    fields = getattr(constraint, "fields", ())
                    field = self.constraint_error_fields.get(constraint.name) or (fields[-1] if fields else None)
                    if field:
                        errors.setdefault(field, []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


class TimeStampedModel(ConstraintErrorsOnFieldsMixin, models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        # Django rebuilds the whole choice dict on every call, hashing (so translating) each lazy
        # label; a 50-row list calls it hundreds of times. The labels stay lazy here: translated
        # in the language of the request that shows them.
        labels = field.__dict__.get("_display_labels")
        if labels is None:
            labels = field._display_labels = {make_hashable(value): label for value, label in field.flatchoices}
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


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
