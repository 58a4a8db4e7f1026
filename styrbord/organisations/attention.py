"""What the home page asks of each role about the organisation register."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrbord.core.navigation import Attention, register_attention
from styrbord.core.tenancy import access

from .choices import Role
from .models import Department, Membership, RoleAssignment

REQUIRED_ROLES = (Role.IT_HEAD, Role.SUPPORT_LEAD, Role.SECURITY_COORDINATOR)


@register_attention
def organisation_register(request):
    organisation = request.organisation
    if organisation is None or not access(request.user).has_role(organisation.pk, Role.IT_HEAD):
        return []
    items = []
    held = set(RoleAssignment.objects.in_organisation(organisation).values_list("role", flat=True))
    for role in REQUIRED_ROLES:
        if role not in held:
            items.append(
                Attention(
                    title=_("No one holds the role %(role)s") % {"role": Role(role).label},
                    text=_("Assign it on a person's page."),
                    url=reverse("organisations:role_list"),
                    severity="danger",
                )
            )
    without_cost_centre = Department.objects.in_organisation(organisation).filter(is_active=True, cost_centre="")
    count = without_cost_centre.count()
    if count:
        items.append(
            Attention(
                title=ngettext(
                    "%(count)d department has no cost centre", "%(count)d departments have no cost centre", count
                )
                % {"count": count},
                text=_("Internal charges cannot be booked without one."),
                url=reverse("organisations:department_list"),
                severity="warning",
                count=count,
            )
        )
    homeless = Membership.objects.filter(organisation=organisation, is_active=True, department__isnull=True).count()
    if homeless:
        items.append(
            Attention(
                title=ngettext("%(count)d person has no department", "%(count)d people have no department", homeless)
                % {"count": homeless},
                url=reverse("organisations:person_list") + "?no_department=1",
                severity="info",
                count=homeless,
            )
        )
    heads = RoleAssignment.objects.in_organisation(organisation).filter(role=Role.DEPARTMENT_HEAD)
    headless = (
        Department.objects.in_organisation(organisation)
        .filter(is_active=True, parent__isnull=True)
        .exclude(pk__in=heads.values("department_id"))
        .count()
    )
    if headless:
        items.append(
            Attention(
                title=ngettext(
                    "%(count)d administration has no department head",
                    "%(count)d administrations have no department head",
                    headless,
                )
                % {"count": headless},
                url=reverse("organisations:department_list"),
                severity="warning",
                count=headless,
            )
        )
    return items


@register_attention
def my_department(request):
    """Department heads see who in their departments has no IT coordinator."""
    organisation = request.organisation
    if organisation is None:
        return []
    paths = access(request.user).department_paths(organisation.pk, Role.DEPARTMENT_HEAD)
    if not paths:
        return []
    items = []
    coordinators = set(
        RoleAssignment.objects.in_organisation(organisation)
        .filter(role=Role.IT_COORDINATOR)
        .values_list("department__path", flat=True)
    )
    for path in paths:
        if not any(path.startswith(c) or c.startswith(path) for c in coordinators):
            department = Department.objects.filter(path=path).first()
            items.append(
                Attention(
                    title=_("%(department)s has no IT coordinator") % {"department": department},
                    text=_("Ask the head of IT to name one: coordinators order IT services for the department."),
                    url=department.get_absolute_url() if department else "",
                    severity="warning",
                )
            )
    return items
