from styrbord.core.testing import IT_HEAD, MEMBERS, ApiRow, PageRow, unique
from styrbord.organisations.choices import Role

from .factories import plan, prioritisation, project

ROLE_HOLDERS = frozenset(MEMBERS - {"employee"})
PROPOSERS = frozenset({Role.IT_HEAD.value, Role.DEPARTMENT_HEAD.value, Role.IT_COORDINATOR.value})


def a_project(world):
    from styrbord.projects.models import Project

    return Project.objects.filter(organisation=world.org).first() or project(world)


def a_prioritisation(world):
    from styrbord.projects.models import Prioritisation

    return Prioritisation.objects.filter(organisation=world.org).first() or prioritisation(world)


def a_plan(world):
    from styrbord.projects.models import DigitalisationPlan

    return DigitalisationPlan.objects.filter(organisation=world.org).first() or plan(world)


def a_change(world):
    from styrbord.projects import services

    p = a_plan(world)
    return p.changes.first() or services.add_change(p, acting_user=None, year=2028, title="Ny lärplattform")


ROWS = [
    PageRow("projects:project_list"),
    PageRow("projects:project_create", read=PROPOSERS),
    PageRow("projects:project_detail", args=lambda w: [a_project(w).pk]),
    PageRow("projects:project_edit", read=PROPOSERS, args=lambda w: [a_project(w).pk]),
    PageRow("projects:project_stage", read=PROPOSERS, args=lambda w: [a_project(w).pk]),
    PageRow("projects:report_create", read=IT_HEAD, args=lambda w: [a_project(w).pk]),
    PageRow("projects:project_history", args=lambda w: [a_project(w).pk]),
    PageRow("projects:prioritisation_list", read=ROLE_HOLDERS),
    PageRow("projects:prioritisation_create", read=IT_HEAD),
    PageRow("projects:prioritisation_detail", read=ROLE_HOLDERS, args=lambda w: [a_prioritisation(w).pk]),
    PageRow("projects:prioritisation_edit", read=IT_HEAD, args=lambda w: [a_prioritisation(w).pk]),
    PageRow("projects:plan_overview", read=ROLE_HOLDERS),
    PageRow("projects:plan_create", read=PROPOSERS),
    PageRow("projects:plan_detail", read=ROLE_HOLDERS, args=lambda w: [a_plan(w).pk]),
    PageRow("projects:plan_edit", read=PROPOSERS, args=lambda w: [a_plan(w).pk]),
    PageRow("projects:plan_history", read=ROLE_HOLDERS, args=lambda w: [a_plan(w).pk]),
    PageRow("projects:change_create", read=PROPOSERS, args=lambda w: [a_plan(w).pk]),
    PageRow("projects:change_edit", read=PROPOSERS, args=lambda w: [a_change(w).pk]),
    ApiRow(
        "projects-api:prioritisation",
        obj=a_prioritisation,
        read=ROLE_HOLDERS,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"note": "Underlag från förvaltningarna."},
        create_payload=lambda w: {
            "organisation": w.org.pk,
            "title": unique("Prioritering "),
            "first_quarter": "2028-Q1",
            "last_quarter": "2028-Q4",
        },
    ),
    ApiRow(
        "projects-api:digitalisationplan",
        obj=a_plan,
        read=ROLE_HOLDERS,
        change=PROPOSERS,
        create=PROPOSERS,
        patch=lambda w, o: {"summary": "Digitalt först."},
        create_payload=lambda w: {
            "organisation": w.org.pk,
            "department": w.unit.pk,
            "first_year": 2027,
            "last_year": 2030,
        },
    ),
    ApiRow(
        "projects-api:plannedchange",
        obj=a_change,
        read=ROLE_HOLDERS,
        change=PROPOSERS,
        create=PROPOSERS,
        patch=lambda w, o: {"description": "Alla skolor."},
        create_payload=lambda w: {"plan": a_plan(w).pk, "year": 2029, "title": unique("Förändring ")},
    ),
    ApiRow(
        "projects-api:project",
        obj=a_project,
        change=PROPOSERS,
        create=PROPOSERS,
        patch=lambda w, o: {"expected_benefits": "Snabbare beslut."},
        create_payload=lambda w: {
            "organisation": w.org.pk,
            "title": unique("Projekt "),
            "requesting_department": w.branch.pk,
        },
    ),
]
