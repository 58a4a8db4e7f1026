"""The decision log: one list across every level, including the system-management meetings.

Decisions of system-management meetings are recorded once, in ``systems.MeetingDecision`` (the
system manager keeps them with the meeting's minutes). The log reads them in beside the
governance decisions instead of copying them, so nothing is entered twice and nothing can drift:
the union happens here, in Python, over two small id lists (date, kind, id) that are sorted and
paginated before the page's rows are fetched, so a page costs the same few queries however long
the log is. Such an entry has no reference number of its own; it links to its meeting.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from styrbord.core.search import full_text

from .choices import DecisionStatus, LevelKey
from .models import Decision, DecisionLevel, Forum, mandate_period

SEARCH_FIELDS = ["reference", "title", "text", "rationale"]
SEARCH_WEIGHTS = {"reference": "A", "title": "A", "text": "B", "rationale": "C"}


@dataclass
class Entry:
    kind: str  # "decision" or "system"
    pk: int
    reference: str
    date: object
    level: str
    forum: str
    forum_url: str
    title: str
    text: str
    rationale: str
    status: str
    status_display: str
    url: str
    decided_by: str = ""
    follow_up_date: object = None
    subjects: list = field(default_factory=list)  # [(label, url)]
    changed_by: list = field(default_factory=list)  # [(verb, reference, url)]
    changes: tuple = None  # (verb, reference, url) of the decision this one amends or revokes


@dataclass
class Filters:
    q: str = ""
    level: str = ""  # a LevelKey
    forum: int | None = None
    status: str = ""
    period: int | None = None  # the election year that starts the mandate period
    subject_type: str = ""  # "app_label.model"


def _meeting_decisions():
    try:
        from styrbord.systems.models import MeetingDecision
    except ImportError:  # pragma: no cover - systems is always installed with governance
        return None
    return MeetingDecision


def period_bounds(year):
    import datetime

    return mandate_period(datetime.date(year, 10, 15))


def _governance_ids(organisation, filters):
    rows = Decision.objects.in_organisation(organisation)
    if filters.level:
        rows = rows.filter(level__key=filters.level)
    if filters.forum:
        rows = rows.filter(forum_id=filters.forum)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.period:
        start, end = period_bounds(filters.period)
        rows = rows.filter(date__range=(start, end))
    if filters.subject_type and "." in filters.subject_type:
        app_label, model = filters.subject_type.split(".", 1)
        rows = rows.filter(subjects__content_type__app_label=app_label, subjects__content_type__model=model)
    if filters.q:
        rows = full_text(rows, filters.q, SEARCH_FIELDS, weights=SEARCH_WEIGHTS)
    return {(date, pk) for pk, date in rows.order_by().values_list("pk", "date")}


def _system_ids(organisation, filters):
    model = _meeting_decisions()
    if model is None:
        return set()
    if filters.level and filters.level != LevelKey.SYSTEM_MANAGEMENT:
        return set()
    if filters.status and filters.status != DecisionStatus.IN_FORCE:
        return set()
    rows = model.objects.in_organisation(organisation)
    if filters.forum:
        forum = Forum.objects.in_organisation(organisation).filter(pk=filters.forum).first()
        if forum is None or not (forum.system_id or forum.management_object_id):
            return set()
        rows = rows.filter(
            Q(meeting__system_id=forum.system_id)
            if forum.system_id
            else Q(meeting__management_object_id=forum.management_object_id)
        )
    if filters.period:
        start, end = period_bounds(filters.period)
        rows = rows.filter(meeting__date__range=(start, end))
    if filters.subject_type:
        if filters.subject_type == "systems.system":
            rows = rows.filter(meeting__system__isnull=False)
        elif filters.subject_type == "systems.managementobject":
            rows = rows.filter(meeting__management_object__isnull=False)
        else:
            return set()
    if filters.q:
        rows = full_text(rows, filters.q, ["text", "responsible"])
    return {(date, pk) for pk, date in rows.order_by().values_list("pk", "meeting__date")}


def search(organisation, filters):
    """The log's keys, newest first: [("decision"|"system", pk)]."""
    keys = [(date, "decision", pk) for date, pk in _governance_ids(organisation, filters)]
    keys += [(date, "system", pk) for date, pk in _system_ids(organisation, filters)]
    keys.sort(key=lambda key: (key[0], key[1] == "decision", key[2]), reverse=True)
    return [(kind, pk) for _date, kind, pk in keys]


class LazyLog:
    """A sequence a Paginator can slice: only the page's entries are loaded."""

    def __init__(self, organisation, keys):
        self.organisation = organisation
        self.keys = keys

    def __len__(self):
        return len(self.keys)

    def count(self):
        return len(self.keys)

    def __getitem__(self, index):
        keys = self.keys[index] if isinstance(index, slice) else [self.keys[index]]
        entries = load_entries(self.organisation, keys)
        return entries if isinstance(index, slice) else entries[0]


def decision_rows(queryset):
    return queryset.select_related("level", "forum", "meeting", "decided_by", "amends", "revokes").prefetch_related(
        "subjects__content_type", "amended_by", "revoked_by"
    )


def _subject_url(subject):
    model = subject.content_type.model_class()
    if model is None or not hasattr(model, "get_absolute_url"):
        return ""
    try:
        return model(pk=subject.object_id).get_absolute_url()
    except Exception:  # noqa: BLE001 - a model whose URL needs more than its pk: no link
        return ""


def entry_for_decision(decision):
    changes = None
    if decision.amends_id:
        changes = (_("Amends"), decision.amends.reference, decision.amends.get_absolute_url())
    elif decision.revokes_id:
        changes = (_("Revokes"), decision.revokes.reference, decision.revokes.get_absolute_url())
    return Entry(
        kind="decision",
        pk=decision.pk,
        reference=decision.reference,
        date=decision.date,
        level=decision.level.name,
        forum=str(decision.forum) if decision.forum_id else "",
        forum_url=decision.forum.get_absolute_url() if decision.forum_id else "",
        title=decision.title,
        text=decision.text,
        rationale=decision.rationale,
        status=decision.status,
        status_display=decision.get_status_display(),
        url=decision.get_absolute_url(),
        decided_by=str(decision.decided_by)
        if decision.decided_by_id
        else (str(decision.forum) if decision.forum_id else ""),
        follow_up_date=decision.follow_up_date,
        subjects=[(s.label, _subject_url(s)) for s in decision.subjects.all()],
        changed_by=[(_("Amended by"), d.reference, d.get_absolute_url()) for d in decision.amended_by.all()]
        + [(_("Revoked by"), d.reference, d.get_absolute_url()) for d in decision.revoked_by.all()],
        changes=changes,
    )


def system_level_name(organisation):
    level = DecisionLevel.objects.filter(organisation=organisation, key=LevelKey.SYSTEM_MANAGEMENT).first()
    return level.name if level else str(LevelKey.SYSTEM_MANAGEMENT.label)


def system_rows(queryset):
    return queryset.select_related("meeting__system", "meeting__management_object")


def entry_for_meeting_decision(decision, level_name):
    meeting = decision.meeting
    scope = meeting.scope
    return Entry(
        kind="system",
        pk=decision.pk,
        reference="",
        date=meeting.date,
        level=level_name,
        forum=str(scope),
        forum_url=meeting.get_absolute_url(),
        title=decision.text[:120],
        text=decision.text,
        rationale="",
        status=DecisionStatus.IN_FORCE,
        status_display=str(DecisionStatus.IN_FORCE.label),
        url=meeting.get_absolute_url(),
        decided_by=decision.responsible,
        follow_up_date=decision.due_on,
        subjects=[(str(scope), scope.get_absolute_url())],
    )


def load_entries(organisation, keys):
    decision_ids = [pk for kind, pk in keys if kind == "decision"]
    system_ids = [pk for kind, pk in keys if kind == "system"]
    found = {}
    if decision_ids:
        for decision in decision_rows(Decision.objects.filter(pk__in=decision_ids)):
            found[("decision", decision.pk)] = entry_for_decision(decision)
    model = _meeting_decisions()
    if system_ids and model is not None:
        level_name = system_level_name(organisation)
        for decision in system_rows(model.objects.filter(pk__in=system_ids)):
            found[("system", decision.pk)] = entry_for_meeting_decision(decision, level_name)
    return [found[key] for key in keys if key in found]


def decisions_about(obj):
    """The log entries about ``obj``: decisions whose subjects include it, and for a system or a
    management object the decisions of its management meetings. At most four queries."""
    entries = []
    organisation_id = getattr(obj, "organisation_id", None)
    content_type = ContentType.objects.get_for_model(obj)
    rows = decision_rows(
        Decision.objects.filter(subjects__content_type=content_type, subjects__object_id=obj.pk).distinct()
    )
    if organisation_id is not None:
        rows = rows.filter(organisation_id=organisation_id)
    entries += [entry_for_decision(d) for d in rows.order_by("-date", "-id")]
    model = _meeting_decisions()
    label = f"{content_type.app_label}.{content_type.model}"
    if model is not None and label in ("systems.system", "systems.managementobject"):
        if label == "systems.system":
            scope = Q(meeting__system=obj)
            if obj.management_object_id:
                scope |= Q(meeting__management_object_id=obj.management_object_id)
        else:
            scope = Q(meeting__management_object=obj) | Q(meeting__system__management_object=obj)
        meeting_decisions = list(system_rows(model.objects.filter(scope)).order_by("-meeting__date", "-id")[:50])
        if meeting_decisions:
            level_name = system_level_name(obj.organisation_id)
            entries += [entry_for_meeting_decision(d, level_name) for d in meeting_decisions]
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries


def log_url():
    return reverse("governance:decision_list")
