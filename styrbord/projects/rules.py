"""Who reads and who changes projects, prioritisations and digitalisation plans.

- Projects and their status reports are read by every member: what IT develops, for whom and how
  it goes is no secret inside the organisation, and employees often ask "when do we get …".
- Department heads and IT coordinators propose projects for their departments (and departments
  below); the head of IT for any department, including IT's own driving projects. They, and the
  project's lead, edit the project and move it along its stages; only the head of IT moves a
  project to "prioritised" by hand (normally the adopted prioritisation does it).
- The project lead (and the head of IT) writes status reports.
- Prioritisations (ranking and capacity) are managed and adopted by the head of IT; they and the
  digitalisation plans are read by everyone who holds a role (IT, management group, department
  heads, IT coordinators, finance, security): planning material, not for every employee.
- Department heads and IT coordinators keep their department's digitalisation plan; the head of
  IT keeps any.
"""

import rules

from styrbord.core.predicates import has_role, has_role_over, is_member
from styrbord.core.tenancy import access
from styrbord.organisations.choices import Role

is_it_head = has_role(Role.IT_HEAD)
DEPARTMENT_ROLES = (Role.DEPARTMENT_HEAD, Role.IT_COORDINATOR)
holds_any_role = has_role(*Role.values)


def _department(obj):
    if obj is None:
        return None
    name = obj._meta.model_name
    if name == "project":
        return obj.requesting_department
    if name == "statusreport":
        return obj.project.requesting_department
    if name == "digitalisationplan":
        return obj.department
    if name == "plannedchange":
        return obj.plan.department
    if name == "department":
        return obj
    return None


def _safe_department(obj):
    return _department(obj) if hasattr(obj, "_meta") else None


for_department = has_role_over(_safe_department, *DEPARTMENT_ROLES)


@rules.predicate
def leads(user, obj=None):
    project = getattr(obj, "project", obj)
    return getattr(project, "project_lead_id", None) == user.pk and user.pk is not None


@rules.predicate
def is_organisation(user, obj=None):
    return obj is not None and getattr(obj, "_meta", None) is not None and obj._meta.model_name == "organisation"


@rules.predicate
def no_object(user, obj=None):
    return obj is None


at_large = no_object | is_organisation  # "may at all": before the body is read, or in the organisation
proposer = has_role(Role.IT_HEAD, *DEPARTMENT_ROLES)
keeps_project = is_member & (is_it_head | for_department | leads)

rules.add_perm("projects.view_project", is_member)
rules.add_perm("projects.view_statusreport", is_member)
# On the organisation: may propose at all; on a department or an unsaved project: for that department.
rules.add_perm("projects.add_project", (at_large & proposer) | (~at_large & (is_it_head | for_department)))
rules.add_perm("projects.change_project", keeps_project)
rules.add_perm("projects.prioritise_project", is_it_head)
rules.add_perm("projects.add_statusreport", is_member & (is_it_head | leads))

for model in ("prioritisation", "prioritisationentry", "capacityquarter", "digitalisationplan", "plannedchange"):
    rules.add_perm(f"projects.view_{model}", holds_any_role)
for action in ("add", "change", "adopt"):
    rules.add_perm(f"projects.{action}_prioritisation", is_it_head)

keeps_plan = is_it_head | (is_member & for_department)
rules.add_perm("projects.add_digitalisationplan", (at_large & proposer) | (~at_large & keeps_plan))
rules.add_perm("projects.change_digitalisationplan", keeps_plan)
# On the plan: a planned change is added by those who keep the plan.
rules.add_perm("projects.add_plannedchange", (at_large & proposer) | (~at_large & keeps_plan))
rules.add_perm("projects.change_plannedchange", keeps_plan)


def planning_rows(queryset, user):
    """Prioritisations, plans and their rows that ``user`` may read: those of the organisations where they
    hold a role (``holds_any_role``), so that an employee's API answer is 404 as for another organisation."""
    rows = queryset.restrict(user)
    if user.is_superuser:
        return rows
    organisation_ids = {grant.organisation_id for grant in access(user).grants}
    return rows.filter(**{f"{rows.organisation_lookup()}__in": organisation_ids})
