"""Choices of the customer surveys and the roles that act in them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from styrbord.organisations.choices import Role


class TargetKind(models.TextChoices):
    ALL = "all", _("All employees")
    DEPARTMENT = "department", _("A department")
    SERVICE = "service", _("The users of a service")
    SYSTEM = "system", _("The users of a system")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale")
    CHOICE = "choice", _("Choice")
    TEXT = "text", _("Free text")
    NKI = "nki", _("Satisfaction index (NKI, 1–10)")


# Who creates, opens and closes rounds (and reads every result).
MANAGERS = frozenset({Role.IT_HEAD, Role.SUPPORT_LEAD})
# Who reads every round's results: the managers and the strategic level.
READERS = MANAGERS | {Role.MANAGEMENT_GROUP}
# Who reads the results of their own departments.
DEPARTMENT_READERS = frozenset({Role.DEPARTMENT_HEAD})

# A department is shown in an anonymous round's results only with at least this many invitees;
# smaller groups are answered under "no department" so that no one can be singled out.
MIN_GROUP = 5

# The NKI question set (SCB's three questions), each 1–10. Stored in English, shown translated.
NKI_QUESTIONS = (
    gettext_noop("How satisfied are you, all in all, with the IT unit's services?"),
    gettext_noop("How well do the services meet your expectations?"),
    gettext_noop("How close to an ideal are the services?"),
)
NKI_MIN, NKI_MAX = 1, 10


def band(index):
    """The reading of an index (0–100): not acceptable below 40, satisfied from 55, very from 75."""
    if index is None:
        return ""
    if index < 40:
        return _("Not acceptable")
    if index < 55:
        return _("Below satisfied")
    if index < 75:
        return _("Satisfied")
    return _("Very satisfied")
