"""What the home page asks of project leads, the head of IT and the department roles.

- **Status report overdue**: a project in progress reports at least every REPORT_INTERVAL_DAYS
  days; one without a report in that time (or with none at all) is due. To its project lead, and
  to the head of IT for every project.
- **Past its planned end**: a prioritised or running project whose planned end quarter is over.
  To those who keep the project: its lead, the head of IT, and department heads and IT
  coordinators over the requesting department.
- **Decision pending at the user's gate**: proposals that are on no draft prioritisation wait for
  the head of IT to rank them; ideas in a department wait for its department head or IT
  coordinator to propose them (or drop them).

Each item costs one or two queries, and only for the roles that receive it.
"""

import datetime

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrbord.core.navigation import counted, register_attention
from styrbord.core.tenancy import access
from styrbord.organisations.choices import Role

from .choices import PrioritisationStatus, Stage
from .models import PrioritisationEntry, Project
from .rules import DEPARTMENT_ROLES

REPORT_INTERVAL_DAYS = 30


def current_quarter(day):
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _department_scope(user, organisation_id):
    """Projects whose requesting department is under one of the user's department roles."""
    paths = access(user).department_paths(organisation_id, *DEPARTMENT_ROLES)
    if not paths:
        return None
    query = Q()
    for path in paths:
        query |= Q(requesting_department__path__startswith=path)
    return query


def _link(projects, count, list_query):
    if count == 1:
        return projects.order_by("title").first().get_absolute_url()
    return reverse("projects:project_list") + list_query


@register_attention
def status_reports_due(request):
    """A project lead (their projects) and the head of IT (every project): reports are overdue."""
    organisation = request.organisation
    if organisation is None:
        return []
    projects = Project.objects.in_organisation(organisation).filter(stage=Stage.IN_PROGRESS)
    if not access(request.user).has_role(organisation.pk, Role.IT_HEAD):
        projects = projects.filter(project_lead=request.user)
    cutoff = timezone.localdate() - datetime.timedelta(days=REPORT_INTERVAL_DAYS)
    due = projects.annotate(last_report=Max("status_reports__date")).filter(
        Q(last_report__isnull=True) | Q(last_report__lt=cutoff)
    )
    count = due.count()
    return counted(
        count,
        ngettext(
            "%(count)d project is due for a status report",
            "%(count)d projects are due for a status report",
            count,
        ),
        text=_("A project in progress reports at least every %(days)d days.") % {"days": REPORT_INTERVAL_DAYS},
        url=_link(due, count, "?stage=in_progress"),
        severity="warning",
    )


@register_attention
def projects_past_planned_end(request):
    """Those who keep a project: it is prioritised or running after its planned end quarter."""
    organisation = request.organisation
    if organisation is None:
        return []
    user = request.user
    scope = Q(project_lead=user)
    if access(user).has_role(organisation.pk, Role.IT_HEAD):
        scope = Q()
    else:
        departments = _department_scope(user, organisation.pk)
        if departments is not None:
            scope |= departments
    late = (
        Project.objects.in_organisation(organisation)
        .filter(scope, stage__in=[Stage.PRIORITISED, Stage.IN_PROGRESS])
        .exclude(end_quarter="")
        .filter(end_quarter__lt=current_quarter(timezone.localdate()))
    )
    count = late.count()
    return counted(
        count,
        ngettext(
            "%(count)d project runs past its planned end",
            "%(count)d projects run past their planned end",
            count,
        ),
        text=_("Finish it, stop it or plan a new end quarter."),
        url=_link(late, count, "?stage=in_progress"),
        severity="warning",
    )


@register_attention
def proposals_to_prioritise(request):
    """The head of IT: proposals that no draft prioritisation ranks yet."""
    organisation = request.organisation
    if organisation is None or not access(request.user).has_role(organisation.pk, Role.IT_HEAD):
        return []
    ranked = PrioritisationEntry.objects.filter(
        prioritisation__organisation=organisation, prioritisation__status=PrioritisationStatus.DRAFT
    ).values("project_id")
    count = Project.objects.in_organisation(organisation).filter(stage=Stage.PROPOSED).exclude(pk__in=ranked).count()
    return counted(
        count,
        ngettext(
            "%(count)d project proposal waits for prioritisation",
            "%(count)d project proposals wait for prioritisation",
            count,
        ),
        text=_("Rank it in a prioritisation for the tactical level."),
        url=reverse("projects:prioritisation_list"),
        severity="info",
    )


@register_attention
def ideas_to_propose(request):
    """Department heads and IT coordinators: ideas in their departments wait to be proposed or stopped."""
    organisation = request.organisation
    if organisation is None:
        return []
    departments = _department_scope(request.user, organisation.pk)
    if departments is None:
        return []
    ideas = Project.objects.in_organisation(organisation).filter(departments, stage=Stage.IDEA)
    count = ideas.count()
    return counted(
        count,
        ngettext(
            "%(count)d project idea in your departments waits",
            "%(count)d project ideas in your departments wait",
            count,
        ),
        text=_("Propose it for prioritisation, or stop it."),
        url=_link(ideas, count, "?stage=idea"),
        severity="info",
    )
