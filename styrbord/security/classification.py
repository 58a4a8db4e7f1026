"""Reading classifications: which one is current, the protection need, and who may see it.

- ``current_classifications(systems, today)`` — {system id: the classification current on
  ``today``} in one query. Current means adopted (or superseded only after ``today``), classified
  on or before ``today`` and valid until ``today`` or later; a past date reads the register as
  it stood then.
- ``current_need(system, today)`` — {aspect: level or None}; all None without a current one.
- ``need_of(classification)`` — the need computed from its information-type levels: the highest
  level per aspect; traceability only from information types that involve personal data.
- Visibility: a classification whose confidentiality need is 3 or more names what is most
  worth protecting, so it is shown only to the system's role holders (for the system or its
  management object), the security coordinator and the head of IT. ``Classification.objects
  .restrict(user)`` (and the levels and participants through it) applies the rule in the
  database, ``can_see(user, classification)`` in Python without queries (after the first).
  Others get 404, as for another organisation's rows.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrbord.core.models import TenantQuerySet
from styrbord.core.tenancy import access
from styrbord.organisations.choices import Role
from styrbord.systems.access import system_roles

from .choices import CORE_ASPECTS, RESTRICTED_FROM, Aspect, ClassificationStatus

# Who sees every classification of their organisation, restricted or not.
SEE_ALL_ROLES = (Role.SECURITY_COORDINATOR, Role.IT_HEAD)
# A classification's status as adopted once (superseded ones were adopted before).
ADOPTED_STATUSES = (ClassificationStatus.ADOPTED, ClassificationStatus.SUPERSEDED)


class NeedStatus(models.TextChoices):
    """Where a system stands with its classification."""

    CURRENT = "current", _("Current")
    DUE = "due", _("Due for review")
    EXPIRED = "expired", _("Expired")
    MISSING = "missing", _("Missing")


def _today(today):
    return today or timezone.localdate()


def _system_ids(systems):
    if isinstance(systems, models.QuerySet):
        return systems.values("pk")
    return [getattr(system, "pk", system) for system in systems]


def current_q(today):
    """Classifications current on ``today`` (a filter on Classification rows)."""
    from .models import Classification

    replaced = Classification.objects.filter(
        supersedes=OuterRef("pk"), status__in=ADOPTED_STATUSES, classified_on__lte=today
    )
    return (
        Q(status__in=ADOPTED_STATUSES, classified_on__lte=today)
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        & ~Exists(replaced)
    )


def current_classifications(systems, today=None):
    """{system id: current Classification} for ``systems`` (a queryset, models or ids); one query."""
    from .models import Classification

    today = _today(today)
    rows = (
        Classification.objects.filter(current_q(today), system__in=_system_ids(systems))
        .select_related("system")
        .order_by("system_id", "-classified_on", "-pk")
    )
    found = {}
    for row in rows:
        found.setdefault(row.system_id, row)
    return found


def latest_adopted(systems, today=None):
    """{system id: the latest classification adopted on or before ``today``}, current or not; one query."""
    from .models import Classification

    today = _today(today)
    rows = Classification.objects.filter(
        system__in=_system_ids(systems), status__in=ADOPTED_STATUSES, classified_on__lte=today
    ).order_by("system_id", "-classified_on", "-pk")
    found = {}
    for row in rows:
        found.setdefault(row.system_id, row)
    return found


EMPTY_NEED = dict.fromkeys(Aspect.values)


def current_need(system, today=None):
    """The system's protection need {aspect: level or None}; all None without a current classification."""
    found = current_classifications([system], today).get(system.pk)
    return found.need() if found is not None else dict(EMPTY_NEED)


def need_of(classification, levels=None):
    """The need computed from the classification's information-type levels (``levels`` if given)."""
    rows = list(classification.levels.all() if levels is None else levels)
    need = dict(EMPTY_NEED)
    for row in rows:
        for aspect in CORE_ASPECTS:
            value = getattr(row, aspect)
            if value is not None and (need[aspect] is None or value > need[aspect]):
                need[aspect] = value
        if row.traceability is not None and row.information_type.involves_personal_data:
            current = need[Aspect.TRACEABILITY]
            if current is None or row.traceability > current:
                need[Aspect.TRACEABILITY] = row.traceability
    return need


def status_of(classification, today=None, reminder_days=0):
    """NeedStatus of a system given its latest adopted classification (or None)."""
    today = _today(today)
    if classification is None:
        return NeedStatus.MISSING
    if classification.valid_until is not None and classification.valid_until < today:
        return NeedStatus.EXPIRED
    if classification.review_reason:
        return NeedStatus.DUE
    if classification.valid_until is not None and (classification.valid_until - today).days <= reminder_days:
        return NeedStatus.DUE
    return NeedStatus.CURRENT


def is_restricted(classification):
    level = classification.need_confidentiality
    return level is not None and level >= RESTRICTED_FROM


def sees_all(user, organisation_id):
    return bool(user and user.is_authenticated and user.is_active) and (
        user.is_superuser or access(user).has_role(organisation_id, *SEE_ALL_ROLES)
    )


def can_see(user, classification):
    """True when ``user`` may see ``classification`` (no queries after the request's first)."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    system = classification.system
    if not user.is_superuser and system.organisation_id not in access(user).organisation_ids:
        return False
    if not is_restricted(classification) or sees_all(user, system.organisation_id):
        return True
    return system.pk in system_roles(user).system_ids(*_all_role_kinds())


def can_see_system(user, system):
    """True when ``user`` may see a restricted classification of ``system`` (role holder or sees all)."""
    return sees_all(user, system.organisation_id) or system.pk in system_roles(user).system_ids(*_all_role_kinds())


def _all_role_kinds():
    from styrbord.systems.choices import RoleKind

    return RoleKind.values


def visible_q(user, prefix=""):
    """A filter on rows with ``prefix`` leading to a Classification: those ``user`` may see."""
    if user.is_superuser:
        return Q()
    user_access = access(user)
    see_all = [org for org in user_access.organisation_ids if user_access.has_role(org, *SEE_ALL_ROLES)]
    own_systems = system_roles(user).system_ids(*_all_role_kinds())
    return (
        Q(**{f"{prefix}need_confidentiality__isnull": True})
        | Q(**{f"{prefix}need_confidentiality__lt": RESTRICTED_FROM})
        | Q(**{f"{prefix}system__organisation_id__in": see_all})
        | Q(**{f"{prefix}system_id__in": list(own_systems)})
    )


class ClassificationQuerySet(TenantQuerySet):
    """``restrict(user)``: the organisation's rows, without restricted ones the user may not see."""

    visibility_prefix = ""

    def restrict(self, user, action="view"):
        rows = super().restrict(user, action)
        if not user or not user.is_authenticated or not user.is_active or user.is_superuser:
            return rows
        return rows.filter(visible_q(user, self.visibility_prefix))


class ClassificationPartQuerySet(ClassificationQuerySet):
    """Levels and participants: visible with their classification."""

    visibility_prefix = "classification__"
