from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketKind(models.TextChoices):
    INCIDENT = "incident", _("Fault report")
    REQUEST = "request", _("Service request")
    MAINTENANCE = "maintenance", _("Preventive maintenance")


class TicketStatus(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for reporter")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = frozenset({TicketStatus.NEW, TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS, TicketStatus.WAITING})
# Which status may follow which; reopening goes from resolved back to in progress.
TRANSITIONS = {
    TicketStatus.NEW: {
        TicketStatus.ASSIGNED,
        TicketStatus.IN_PROGRESS,
        TicketStatus.WAITING,
        TicketStatus.RESOLVED,
        TicketStatus.CLOSED,
    },
    TicketStatus.ASSIGNED: {TicketStatus.IN_PROGRESS, TicketStatus.WAITING, TicketStatus.RESOLVED, TicketStatus.NEW},
    TicketStatus.IN_PROGRESS: {TicketStatus.WAITING, TicketStatus.RESOLVED, TicketStatus.ASSIGNED},
    TicketStatus.WAITING: {TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED, TicketStatus.ASSIGNED},
    TicketStatus.RESOLVED: {TicketStatus.CLOSED, TicketStatus.IN_PROGRESS},
    TicketStatus.CLOSED: set(),
}


class Level(models.IntegerChoices):
    """Impact and urgency share one three-step scale."""

    HIGH = 1, _("High")
    MEDIUM = 2, _("Medium")
    LOW = 3, _("Low")


class SlaState(models.TextChoices):
    OK = "ok", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BREACHED = "breached", _("Breached")
    PAUSED = "paused", _("Paused")
    NONE = "none", _("No target")


class LinkKind(models.TextChoices):
    DUPLICATE_OF = "duplicate_of", _("duplicate of")
    CAUSED_BY = "caused_by", _("caused by")
    RELATED = "related", _("related to")


class EventKind(models.TextChoices):
    CREATED = "created", _("created")
    STATUS = "status", _("status changed")
    ASSIGNED = "assigned", _("assigned")
    PRIORITY = "priority", _("priority changed")
    SERVICE = "service", _("service changed")
    REPLY = "reply", _("public reply")
    NOTE = "note", _("internal note")
    TIME = "time", _("time recorded")
    ATTACHMENT = "attachment", _("attachment added")
    LINK = "link", _("linked")
    SLA = "sla", _("SLA")
    ESCALATED = "escalated", _("escalated")
    SURVEY = "survey", _("survey answered")
    ORDERED = "ordered", _("order placed")
