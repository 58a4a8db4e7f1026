"""Who reads and who writes instructions and courses, and what a person's own material is.

Writers
    The IT unit (head of IT, support lead, IT staff) writes every article and course of the
    organisation and runs the courses. A system's owner and manager (systems.SystemRole, held for
    the system or its management object) write about their systems, and an IT coordinator about
    the systems owned by the departments they coordinate. The owner named on an article or a
    course may always edit it. Writers read their material in every status.

Readers
    Everyone else reads published material whose audience includes them: everyone, the IT staff,
    the IT coordinators, the department heads, or the holders of a system role for one of the
    linked systems. Drafts and archived material stay with the writers.

My material (``my_material``)
    The published material a person may read that is linked to a system they use or to a service
    their department subscribes to. A person uses a system when they hold a system role for it
    (any kind, directly or through its management object) or when it is owned by their home
    department or a department above it; retired systems are left out. A department subscribes
    to a service when it, or a department above it, has a subscription period valid today, and
    every department has the catalogue's base services.
"""

from django.db.models import Q
from django.utils import timezone

from styrbord.core.tenancy import access
from styrbord.organisations.choices import Role
from styrbord.systems.access import system_roles
from styrbord.systems.choices import Lifecycle, RoleKind

from .choices import AUDIENCE_ROLES, SYSTEM_WRITER_KINDS, WRITER_ROLES, Audience, Status

ALL_SYSTEM_ROLES = tuple(RoleKind.values)


def writer_organisation_ids(user):
    user_access = access(user)
    return {org for org in user_access.organisation_ids if user_access.has_role(org, *WRITER_ROLES)}


def _linked(model, **system_filter):
    """Ids of ``model`` rows linked to a system matching ``system_filter``."""
    through = model.systems.through
    return through.objects.filter(**system_filter).values(f"{model._meta.model_name}_id")


def writable_condition(model, user):
    """The articles or courses ``user`` may edit, as a Q over ``model``."""
    condition = Q(organisation__in=writer_organisation_ids(user)) | Q(owner=user)
    managed = system_roles(user).system_ids(*SYSTEM_WRITER_KINDS)
    if managed:
        condition |= Q(pk__in=_linked(model, system_id__in=managed))
    user_access = access(user)
    for organisation_id in user_access.organisation_ids:
        for path in user_access.department_paths(organisation_id, Role.IT_COORDINATOR):
            condition |= Q(pk__in=_linked(model, system__owner_department__path__startswith=path))
    return condition & Q(organisation__in=user_access.organisation_ids)


def audience_condition(model, user):
    """The published material whose audience includes ``user``."""
    user_access = access(user)
    condition = Q(audience=Audience.EVERYONE)
    for audience, roles in AUDIENCE_ROLES.items():
        organisations = [org for org in user_access.organisation_ids if user_access.has_role(org, *roles)]
        if organisations:
            condition |= Q(audience=audience, organisation__in=organisations)
    held = system_roles(user).system_ids(*ALL_SYSTEM_ROLES)
    if held:
        condition |= Q(audience=Audience.SYSTEM_ROLES, pk__in=_linked(model, system_id__in=held))
    return Q(status=Status.PUBLISHED) & condition


def readable_condition(model, user):
    return writable_condition(model, user) | audience_condition(model, user)


def may_write(user, obj):
    model = type(obj)
    return model.objects.filter(pk=obj.pk).filter(writable_condition(model, user)).exists()


def may_read(user, obj):
    model = type(obj)
    return model.objects.filter(pk=obj.pk).filter(readable_condition(model, user)).exists()


def writable_systems(user, organisation):
    """The systems of ``organisation`` that ``user`` may write about (all of them for the IT unit)."""
    from styrbord.systems.models import System

    systems = System.objects.in_organisation(organisation)
    if organisation is None or organisation.pk in writer_organisation_ids(user):
        return systems
    condition = Q(pk__in=system_roles(user).system_ids(*SYSTEM_WRITER_KINDS))
    for path in access(user).department_paths(organisation.pk, Role.IT_COORDINATOR):
        condition |= Q(owner_department__path__startswith=path)
    return systems.filter(condition)


def may_write_in(user, organisation=None):
    """Whether ``user`` may write anything in ``organisation`` (in any organisation when None)."""
    user_access = access(user)
    organisations = user_access.organisation_ids if organisation is None else {organisation.pk}
    for organisation_id in organisations & user_access.organisation_ids:
        if user_access.has_role(organisation_id, *WRITER_ROLES, Role.IT_COORDINATOR):
            return True
    managed = system_roles(user).system_ids(*SYSTEM_WRITER_KINDS)
    if not managed:
        return False
    from styrbord.systems.models import System

    return System.objects.filter(pk__in=managed, organisation_id__in=organisations).exists()


# My material


def home_department(user, organisation):
    from styrbord.organisations.models import Membership

    membership = (
        Membership.objects.filter(user=user, organisation=organisation, is_active=True)
        .select_related("department")
        .first()
    )
    return membership.department if membership else None


def _department_and_ancestors(department):
    if department is None:
        return []
    return [int(part) for part in department.path.strip("/").split("/") if part]


def used_systems(user, organisation):
    from styrbord.systems.models import System

    departments = _department_and_ancestors(home_department(user, organisation))
    held = system_roles(user).system_ids(*ALL_SYSTEM_ROLES)
    return (
        System.objects.in_organisation(organisation)
        .exclude(lifecycle=Lifecycle.RETIRED)
        .filter(Q(pk__in=held) | Q(owner_department_id__in=departments))
    )


def subscribed_services(user, organisation, day=None):
    from styrbord.catalog.choices import CATALOGUE_STATUSES, ServiceStatus
    from styrbord.catalog.models import Service
    from styrbord.finance.models import Subscription

    day = day or timezone.localdate()
    departments = _department_and_ancestors(home_department(user, organisation))
    periods = (
        Subscription.objects.filter(organisation=organisation, department_id__in=departments, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .values("service_id")
    )
    return (
        Service.objects.in_organisation(organisation)
        .exclude(status=ServiceStatus.PLANNED)
        .filter(Q(pk__in=periods) | Q(is_base=True, status__in=CATALOGUE_STATUSES))
    )


def my_material(model, user, organisation, day=None):
    """Published ``model`` rows (articles or courses) for the systems and services ``user`` uses."""
    systems = used_systems(user, organisation).values("pk")
    services = subscribed_services(user, organisation, day).values("pk")
    linked = Q(pk__in=_linked(model, system_id__in=systems)) | Q(
        pk__in=model.services.through.objects.filter(service_id__in=services).values(f"{model._meta.model_name}_id")
    )
    return model.objects.restrict(user).in_organisation(organisation).filter(status=Status.PUBLISHED).filter(linked)
