"""Projects demo (data/demo.yaml): a dozen municipal development projects in every stage, next
year's prioritisation adopted at a VUG meeting (the governance demo's tactical forum), capacity per
quarter, and the digitalisation plans of two departments.

Runs after the register and governance loaders. Rows are found by title (projects, the
prioritisation) or department (plans) and left alone when present, so running twice changes nothing.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import yaml
from django.utils import timezone

from styrbord.catalog.models import Service
from styrbord.core.demo import demo_loader
from styrbord.governance import services as governance
from styrbord.governance.models import Forum, Meeting
from styrbord.organisations.models import Department, User
from styrbord.systems.models import PlanActivity, System

from . import services
from .choices import Stage, allowed_stages
from .models import DigitalisationPlan, Prioritisation, Project

DATA = Path(__file__).parent / "data"
WAY = [Stage.IDEA, Stage.PROPOSED, Stage.PRIORITISED, Stage.IN_PROGRESS, Stage.DONE]


def _lookup(organisation):
    users = {}

    def user(name):
        if name and name not in users:
            users[name] = User.objects.filter(username=name).first()
        return users.get(name)

    def department(cost_centre):
        return Department.objects.get(organisation=organisation, cost_centre=cost_centre)

    def systems(names):
        return list(System.objects.filter(organisation=organisation, name__in=names or []))

    def service_rows(codes):
        return list(Service.objects.filter(organisation=organisation, code__in=codes or []))

    return user, department, systems, service_rows


def _walk_to(project, stage, acting_user):
    """Move a new project along the allowed path to ``stage``."""
    if stage == Stage.STOPPED:
        services.change_stage(project, acting_user=acting_user, stage=Stage.STOPPED)
        return
    for step in WAY[WAY.index(project.stage) + 1 : WAY.index(stage) + 1]:
        assert step in allowed_stages(project.stage)
        services.change_stage(project, acting_user=acting_user, stage=step)


def _project(organisation, spec, lookup, itchef):
    user, department, systems, service_rows = lookup
    found = Project.objects.filter(organisation=organisation, title=spec["title"]).first()
    if found is not None:
        return found
    activity = None
    if spec.get("origin") == "management_plan":
        activity = PlanActivity.objects.filter(plan__organisation=organisation, kind="development").first()
    project = services.create_project(
        acting_user=itchef,
        organisation=organisation,
        stage=Stage.PROPOSED if spec["stage"] != Stage.IDEA else Stage.IDEA,
        title=spec["title"],
        kind=spec["kind"],
        description=spec.get("description", ""),
        expected_benefits=spec.get("benefits", ""),
        requesting_department=department(spec["department"]),
        sponsor=user(spec.get("sponsor")),
        project_lead=user(spec.get("lead")),
        estimated_hours=spec.get("hours"),
        estimated_cost=Decimal(spec["cost"]) if spec.get("cost") else None,
        start_quarter=spec.get("start", ""),
        end_quarter=spec.get("end", ""),
        origin="management_plan" if activity else ("it" if spec["kind"] == "driving" else "department"),
        plan_activity=activity,
        systems=systems(spec.get("systems")),
        services=service_rows(spec.get("services")),
    )
    _walk_to(project, spec["stage"], itchef)
    for report in spec.get("reports", []):
        services.add_status_report(
            project,
            acting_user=project.project_lead or itchef,
            date=report["date"],
            status=report["status"],
            progress=report["progress"],
            hours_used=report.get("hours"),
        )
    return project


def _tactical_meeting(organisation, context, itchef):
    """A VUG meeting two weeks ago for the ranking: the governance demo's tactical forum."""
    forum = context.get("governance", {}).get("forums", {}).get("vug") or (
        Forum.objects.filter(organisation=organisation, level__key="tactical").order_by("pk").first()
    )
    if forum is None:
        return None
    date = timezone.localdate() - datetime.timedelta(days=14)
    meeting = Meeting.objects.filter(forum=forum, date=date).first()
    if meeting is None:
        meeting = governance.create_meeting(acting_user=itchef, forum=forum, date=date, place="Kommunhuset")
        governance.update_meeting(meeting, acting_user=itchef, status="held")
    return meeting


def _prioritisation(organisation, spec, context, itchef, projects):
    if Prioritisation.objects.filter(organisation=organisation, title=spec["title"]).exists():
        return
    meeting = _tactical_meeting(organisation, context, itchef)
    prioritisation = services.create_prioritisation(
        acting_user=itchef,
        organisation=organisation,
        title=spec["title"],
        first_quarter=spec["first"],
        last_quarter=spec["last"],
        meeting=meeting if meeting is not None and not meeting.is_closed else None,
    )
    for quarter, hours in spec["capacity"].items():
        services.set_capacity(prioritisation, acting_user=itchef, quarter=quarter, hours=hours)
    for row in spec["ranking"]:
        services.rank_project(
            prioritisation, acting_user=itchef, project=projects[row["project"]], note=row.get("note", "")
        )
    if prioritisation.meeting is not None:
        services.put_on_agenda(prioritisation, acting_user=itchef)
    services.adopt_prioritisation(prioritisation, acting_user=itchef, text=spec.get("text", ""))


def _plan(organisation, spec, lookup, itchef):
    user, department, systems, service_rows = lookup
    dept = department(spec["department"])
    if DigitalisationPlan.objects.filter(organisation=organisation, department=dept).exists():
        return
    plan = services.create_plan(
        acting_user=itchef,
        organisation=organisation,
        department=dept,
        first_year=spec["first"],
        last_year=spec["last"],
        summary=spec.get("summary", ""),
    )
    for change in spec["changes"]:
        services.add_change(
            plan,
            acting_user=itchef,
            year=change["year"],
            title=change["title"],
            infrastructure_impact=change.get("impact", ""),
            estimated_cost=Decimal(change["cost"]) if change.get("cost") else None,
            systems=systems(change.get("systems")),
            services=service_rows(change.get("services")),
        )


@demo_loader(order=82)
def load(context):
    organisation = context.get("organisations", {}).get("norrbacken")
    if organisation is None:
        return
    data = yaml.safe_load((DATA / "demo.yaml").read_text(encoding="utf-8"))
    lookup = _lookup(organisation)
    itchef = lookup[0]("itchef")
    projects = {spec["title"]: _project(organisation, spec, lookup, itchef) for spec in data["projects"]}
    _prioritisation(organisation, data["prioritisation"], context, itchef, projects)
    for spec in data["plans"]:
        _plan(organisation, spec, lookup, itchef)
    context["projects"] = projects
