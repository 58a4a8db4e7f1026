"""Helpers that every app's ``services.py`` uses for its write actions."""

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _


def save_validated(instance, *, acting_user, exclude=None):
    """Validate every field and constraint, then save with ``acting_user`` in the history."""
    instance.full_clean(exclude=exclude)
    instance._history_user = acting_user
    instance.save()
    return instance


def apply_changes(instance, changes, allowed):
    """Set the allowed fields from ``changes``; refuse any other field by name."""
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    for name, value in changes.items():
        setattr(instance, name, value)
    return instance


def delete_if_unused(instance, *, acting_user, message=None):
    """Delete a row only when nothing refers to it; otherwise explain that it is in use."""
    instance._history_user = acting_user
    try:
        instance.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(message or _("This is in use and cannot be deleted. Deactivate it instead.")) from None
