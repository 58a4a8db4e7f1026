"""The system register and system management: settings, objects, systems, roles, plans, meetings."""

from .management import ManagementPlan, Meeting, MeetingDecision, PlanActivity, PlanRisk
from .register import Integration, ManagementObject, System, SystemItem, SystemRole, SystemSettings, settings_for

__all__ = [
    "Integration",
    "ManagementObject",
    "ManagementPlan",
    "Meeting",
    "MeetingDecision",
    "PlanActivity",
    "PlanRisk",
    "System",
    "SystemItem",
    "SystemRole",
    "SystemSettings",
    "settings_for",
]
