import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SUPPORTING = "supporting", _("Supporting (a department's project, IT takes part)")
    DRIVING = "driving", _("Driving (initiated by IT)")


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PROPOSED = "proposed", _("Proposed")
    PRIORITISED = "prioritised", _("Prioritised")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


# The way forward; any stage that is not finished may also be stopped.
NEXT_STAGE = {
    Stage.IDEA: Stage.PROPOSED,
    Stage.PROPOSED: Stage.PRIORITISED,
    Stage.PRIORITISED: Stage.IN_PROGRESS,
    Stage.IN_PROGRESS: Stage.DONE,
}
FINISHED = frozenset({Stage.DONE, Stage.STOPPED})


def allowed_stages(current):
    """The stages a project in ``current`` may move to."""
    if current in FINISHED:
        return []
    return [NEXT_STAGE[current], Stage.STOPPED]


class Origin(models.TextChoices):
    DEPARTMENT = "department", _("A department's proposal")
    MANAGEMENT_PLAN = "management_plan", _("A system's management plan")
    IT = "it", _("IT's own initiative")


class ReportStatus(models.TextChoices):
    GREEN = "green", _("Green: on track")
    YELLOW = "yellow", _("Yellow: at risk")
    RED = "red", _("Red: off track")


class PrioritisationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


QUARTER_RE = re.compile(r"^(20\d\d)-Q([1-4])$")


def quarter_key(value):
    """ "2027-Q2" → (2027, 2), for ordering and comparing quarters."""
    match = QUARTER_RE.match(value or "")
    return (int(match[1]), int(match[2])) if match else None
