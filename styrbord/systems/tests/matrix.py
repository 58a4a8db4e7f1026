from django.utils import timezone

from styrbord.core.testing import IT_HEAD, MEMBERS, ApiRow, PageRow, unique
from styrbord.systems import services

from .factories import management_object, meeting, plan, role, system

NOBODY = frozenset()


def a_system(world):
    return system(world, "Ekonomisystem")


def an_object(world):
    return management_object(world, "Ekonomi")


def a_plan(world):
    scope = a_system(world)
    return scope.managementplans.first() or plan(scope)


def an_activity(world):
    return a_plan(world).activities.first()


def a_risk(world):
    return services.add_risk(a_plan(world), acting_user=None, description="Leverantören slutar", level="high")


def a_meeting(world):
    scope = a_system(world)
    return scope.meetings.first() or meeting(scope)


def a_decision(world):
    return services.add_decision(a_meeting(world), acting_user=None, text="Uppgradera i maj.")


def a_role(world):
    return role(a_system(world), "manager", world.users["employee"])


def next_year():
    return timezone.localdate().year + 1


ROWS = [
    PageRow("systems:system_list"),
    PageRow("systems:system_create", read=IT_HEAD),
    PageRow("systems:system_detail", args=lambda w: [a_system(w).pk]),
    PageRow("systems:system_edit", read=IT_HEAD, args=lambda w: [a_system(w).pk]),
    PageRow("systems:system_history", args=lambda w: [a_system(w).pk]),
    PageRow("systems:system_role_create", read=IT_HEAD, args=lambda w: [a_system(w).pk]),
    PageRow("systems:system_plan_create", read=IT_HEAD, args=lambda w: [a_system(w).pk]),
    PageRow("systems:system_meeting_create", read=IT_HEAD, args=lambda w: [a_system(w).pk]),
    PageRow("systems:object_list"),
    PageRow("systems:object_create", read=IT_HEAD),
    PageRow("systems:object_detail", args=lambda w: [an_object(w).pk]),
    PageRow("systems:object_edit", read=IT_HEAD, args=lambda w: [an_object(w).pk]),
    PageRow("systems:object_history", args=lambda w: [an_object(w).pk]),
    PageRow("systems:object_role_create", read=IT_HEAD, args=lambda w: [an_object(w).pk]),
    PageRow("systems:object_plan_create", read=IT_HEAD, args=lambda w: [an_object(w).pk]),
    PageRow("systems:object_meeting_create", read=IT_HEAD, args=lambda w: [an_object(w).pk]),
    PageRow("systems:role_list"),
    PageRow("systems:role_edit", read=IT_HEAD, args=lambda w: [a_role(w).pk]),
    PageRow("systems:plan_list"),
    PageRow("systems:plan_detail", args=lambda w: [a_plan(w).pk]),
    PageRow("systems:plan_edit", read=IT_HEAD, args=lambda w: [a_plan(w).pk]),
    PageRow("systems:plan_history", args=lambda w: [a_plan(w).pk]),
    PageRow("systems:plan_submit", read=IT_HEAD, args=lambda w: [a_plan(w).pk]),
    # Only the system owner approves, returns or closes; no one in the world owns a system.
    PageRow("systems:plan_approve", read=NOBODY, args=lambda w: [a_plan(w).pk]),
    PageRow("systems:plan_return", read=NOBODY, args=lambda w: [a_plan(w).pk]),
    PageRow("systems:plan_close", read=NOBODY, args=lambda w: [a_plan(w).pk]),
    PageRow("systems:activity_create", read=IT_HEAD, args=lambda w: [a_plan(w).pk]),
    PageRow("systems:activity_edit", read=IT_HEAD, args=lambda w: [an_activity(w).pk]),
    PageRow("systems:risk_create", read=IT_HEAD, args=lambda w: [a_plan(w).pk]),
    PageRow("systems:risk_edit", read=IT_HEAD, args=lambda w: [a_risk(w).pk]),
    PageRow("systems:meeting_list"),
    PageRow("systems:meeting_detail", args=lambda w: [a_meeting(w).pk]),
    PageRow("systems:meeting_edit", read=IT_HEAD, args=lambda w: [a_meeting(w).pk]),
    PageRow("systems:meeting_history", args=lambda w: [a_meeting(w).pk]),
    PageRow("systems:meeting_approve", read=NOBODY, args=lambda w: [a_meeting(w).pk]),
    PageRow("systems:decision_create", read=IT_HEAD, args=lambda w: [a_meeting(w).pk]),
    PageRow("systems:decision_edit", read=IT_HEAD, args=lambda w: [a_decision(w).pk]),
    PageRow("systems:compliance"),
    PageRow("systems:settings", read=IT_HEAD),
    ApiRow(
        "systems-api:system",
        obj=a_system,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"user_count": 120},
        create_payload=lambda w: {"organisation": w.org.pk, "name": unique("System "), "owner_department": w.unit.pk},
    ),
    ApiRow(
        "systems-api:object",
        obj=an_object,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"description": "Ekonomi och inköp"},
        create_payload=lambda w: {"organisation": w.org.pk, "name": unique("Objekt ")},
    ),
    ApiRow(
        "systems-api:role",
        obj=a_role,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"communicated_on": "2025-02-01"},
        create_payload=lambda w: {"system": a_system(w).pk, "kind": "owner", "person": w.users["finance"].pk},
    ),
    ApiRow(
        "systems-api:plan",
        obj=a_plan,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"goals": "Stabil drift och nya e-tjänster."},
        create_payload=lambda w: {"system": a_system(w).pk, "year": next_year(), "goals": "Mål"},
    ),
    ApiRow(
        "systems-api:activity",
        obj=an_activity,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"estimated_hours": "12.0"},
        create_payload=lambda w: {"plan": a_plan(w).pk, "title": "Versionsbyte", "kind": "upkeep"},
    ),
    ApiRow(
        "systems-api:meeting",
        obj=a_meeting,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"agenda": "Driftläget"},
        create_payload=lambda w: {"system": a_system(w).pk, "date": "2025-03-01", "status": "planned"},
    ),
    ApiRow(
        "systems-api:decision",
        obj=a_decision,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"responsible": "Systemförvaltaren"},
        create_payload=lambda w: {"meeting": a_meeting(w).pk, "text": "Beslut"},
    ),
    ApiRow("systems-api:compliance", obj=a_system, read=MEMBERS),
]
