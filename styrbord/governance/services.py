"""Every write of governance: levels, forums, meetings, decisions, escalations, strategies."""

import datetime
from functools import cache
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from styrbord.core.services import apply_changes, save_validated

from .choices import (
    SUBJECT_TYPES,
    AgendaSource,
    DecisionStatus,
    EscalationStatus,
    MeetingStatus,
    ReviewOutcome,
    StrategyStatus,
)
from .models import (
    AgendaItem,
    Decision,
    DecisionLevel,
    DecisionSubject,
    Escalation,
    Forum,
    ForumMember,
    Meeting,
    StrategyDocument,
    StrategyReview,
    mandate_period,
)

LEVELS_FILE = Path(__file__).parent / "data" / "levels.yaml"


@cache
def default_levels():
    return yaml.safe_load(LEVELS_FILE.read_text(encoding="utf-8"))


def _pick(names, language=None):
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    return names.get(language) or names.get(settings.LANGUAGE_CODE[:2]) or next(iter(names.values()))


# --- Levels ---------------------------------------------------------------------------------------


def missing_levels(organisation):
    """The keys of data/levels.yaml that the organisation has no level for (reads only)."""
    existing = set(DecisionLevel.objects.filter(organisation=organisation).values_list("key", flat=True))
    return [row["key"] for row in default_levels() if row["key"] not in existing]


@transaction.atomic
def ensure_levels(organisation, *, acting_user=None, language=None):
    """The organisation's levels by key; the defaults of data/levels.yaml are created when missing.

    A write: called from explicit actions (the head of IT's "Set up the default levels" on the
    levels page or in the API, the demo loader) and from writes that need a level (adopting a
    prioritisation outside a meeting) — never while a page is only read.
    """
    existing = {level.key: level for level in DecisionLevel.objects.filter(organisation=organisation)}
    for row in default_levels():
        if row["key"] in existing:
            continue
        level = DecisionLevel(
            organisation=organisation,
            key=row["key"],
            rank=row["rank"],
            prefix=row["prefix"],
            name=_pick(row["name"], language),
            description=_pick(row["description"], language),
        )
        existing[row["key"]] = save_validated(level, acting_user=acting_user)
    return existing


LEVEL_FIELDS = {"name", "description", "prefix", "rank"}


@transaction.atomic
def update_level(level, *, acting_user, **changes):
    apply_changes(level, changes, LEVEL_FIELDS)
    if not (level.name or "").strip():
        raise ValidationError({"name": _("A level needs a name.")})
    return save_validated(level, acting_user=acting_user)


# --- Forums ---------------------------------------------------------------------------------------

FORUM_FIELDS = {"level", "name", "description", "system", "management_object", "is_active"}


@transaction.atomic
def create_forum(*, acting_user, organisation, **fields):
    apply_changes(Forum(), fields, FORUM_FIELDS)
    return save_validated(Forum(organisation=organisation, **fields), acting_user=acting_user)


@transaction.atomic
def update_forum(forum, *, acting_user, **changes):
    if "level" in changes and changes["level"] != forum.level and forum.decisions.exists():
        raise ValidationError({"level": _("The forum has decisions at its level; create a new forum instead.")})
    apply_changes(forum, changes, FORUM_FIELDS)
    return save_validated(forum, acting_user=acting_user)


@transaction.atomic
def add_forum_member(forum, *, acting_user, person, role="member"):
    """Make a person (a member of the forum's organisation) a member of the forum with a role."""
    return save_validated(ForumMember(forum=forum, person=person, role=role), acting_user=acting_user)


@transaction.atomic
def update_forum_member(member, *, acting_user, **changes):
    """Change a member's role in the forum; the person stays (remove and add another instead)."""
    apply_changes(member, changes, {"role"})
    return save_validated(member, acting_user=acting_user)


@transaction.atomic
def remove_forum_member(member, *, acting_user):
    member._history_user = acting_user
    member.delete()


# --- Meetings and agendas -------------------------------------------------------------------------

MEETING_FIELDS = {"date", "place", "minutes", "status"}


def _refuse_if_closed(meeting, fields):
    if meeting.status == MeetingStatus.CLOSED:
        message = _("The meeting is closed; its minutes and decisions can no longer be changed.")
        raise ValidationError(dict.fromkeys(sorted(fields) or ["meeting"], message))


@transaction.atomic
def create_meeting(*, acting_user, forum, date, place="", minutes="", status=MeetingStatus.PLANNED):
    if status == MeetingStatus.CLOSED:
        raise ValidationError({"status": _("Create the meeting first, then close it.")})
    meeting = save_validated(
        Meeting(
            organisation_id=forum.organisation_id, forum=forum, date=date, place=place, minutes=minutes, status=status
        ),
        acting_user=acting_user,
    )
    # Questions sent to the forum that wait for a meeting go on this one's agenda.
    if meeting.status == MeetingStatus.PLANNED and meeting.date >= timezone.localdate():
        for escalation in Escalation.objects.filter(to_forum=forum, status=EscalationStatus.OPEN).order_by("id"):
            _put_on_agenda(escalation, meeting, acting_user=acting_user)
    return meeting


@transaction.atomic
def update_meeting(meeting, *, acting_user, **changes):
    _refuse_if_closed(meeting, changes)
    if changes.get("status") == MeetingStatus.CLOSED:
        raise ValidationError({"status": _("Close the meeting with the close action.")})
    apply_changes(meeting, changes, MEETING_FIELDS)
    return save_validated(meeting, acting_user=acting_user)


@transaction.atomic
def close_meeting(meeting, *, acting_user):
    """Settle the minutes: from now on the meeting and its decisions stand as recorded."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    meeting.refresh_from_db()
    _refuse_if_closed(meeting, ["status"])
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = timezone.now()
    meeting.closed_by = acting_user if getattr(acting_user, "pk", None) else None
    return save_validated(meeting, acting_user=acting_user)


AGENDA_FIELDS = {"order", "title", "description", "presenter", "source"}


@transaction.atomic
def add_agenda_item(meeting, *, acting_user, source_object=None, **fields):
    _refuse_if_closed(meeting, fields or ["title"])
    apply_changes(AgendaItem(), fields, AGENDA_FIELDS)
    if "order" not in fields:
        fields["order"] = (meeting.agenda.aggregate(m=Max("order"))["m"] or 0) + 1
    item = AgendaItem(meeting=meeting, **fields)
    if source_object is not None:
        if getattr(source_object, "organisation_id", meeting.organisation_id) != meeting.organisation_id:
            raise ValidationError({"source": _("This must belong to the same organisation.")})
        item.source_type = ContentType.objects.get_for_model(source_object)
        item.source_id = source_object.pk
    _check_presenter(item, meeting)
    return save_validated(item, acting_user=acting_user)


def _check_presenter(item, meeting):
    if item.presenter_id and not item.presenter.memberships.filter(organisation_id=meeting.organisation_id).exists():
        raise ValidationError({"presenter": _("The person must be a member of the organisation.")})


@transaction.atomic
def update_agenda_item(item, *, acting_user, **changes):
    _refuse_if_closed(item.meeting, changes)
    apply_changes(item, changes, AGENDA_FIELDS - {"source"})
    _check_presenter(item, item.meeting)
    return save_validated(item, acting_user=acting_user)


# --- Decisions ------------------------------------------------------------------------------------


def subject_types():
    """The allowed subject types as {"app_label.model": model}, for the installed apps."""
    found = {}
    for key in SUBJECT_TYPES:
        app_label, model_name = key.split(".")
        try:
            found[key] = apps.get_model(app_label, model_name)
        except LookupError:
            continue
    return found


def resolve_subject(organisation, type_key, object_id, *, field="subjects"):
    """The object ``type_key``/``object_id`` of ``organisation``; a field-named error otherwise."""
    model = subject_types().get(str(type_key).lower())
    if model is None:
        raise ValidationError({field: _("A decision cannot concern a “%(type)s”.") % {"type": type_key}})
    try:
        object_id = int(object_id)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Give the id of the object the decision concerns.")}) from None
    found = model._default_manager.filter(pk=object_id)
    if hasattr(found, "in_organisation"):
        found = found.in_organisation(organisation)
    elif model._meta.model_name == "organisation":
        found = found.filter(pk=organisation.pk)
    found = found.first()
    if found is None:
        raise ValidationError(
            {
                field: _("There is no %(type)s with id %(id)s in this organisation.")
                % {"type": type_key, "id": object_id}
            }
        )
    return found


def _subject_rows(decision, subjects):
    rows, seen = [], set()
    for obj in subjects:
        model_key = f"{obj._meta.app_label}.{obj._meta.model_name}"
        if model_key not in subject_types():
            raise ValidationError({"subjects": _("A decision cannot concern a “%(type)s”.") % {"type": model_key}})
        found = resolve_subject(decision.organisation, model_key, obj.pk)
        key = (model_key, found.pk)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            DecisionSubject(
                decision=decision,
                content_type=ContentType.objects.get_for_model(found),
                object_id=found.pk,
                label=str(found)[:300],
            )
        )
    return rows


def next_reference(organisation, level, year):
    """Per organisation, level prefix and year: "TAK-2026-014". Locks the level so numbers never repeat."""
    DecisionLevel.objects.select_for_update().filter(pk=level.pk).first()
    prefix = level.prefix
    last = (
        Decision.objects.filter(organisation=organisation, year=year, reference__startswith=f"{prefix}-")
        .aggregate(m=Max("sequence"))
        .get("m")
        or 0
    )
    sequence = last + 1
    return f"{prefix}-{year}-{sequence:03d}", sequence


DECISION_FIELDS = {"date", "title", "text", "rationale", "decided_by", "follow_up_date", "agenda_item"}


@transaction.atomic
def record_decision(
    *,
    acting_user,
    meeting=None,
    forum=None,
    level=None,
    subjects=(),
    amends=None,
    revokes=None,
    **fields,
):
    """Record a decision of a meeting (forum and level follow) or one outside a meeting (at a level,
    optionally a forum's). ``subjects`` are the objects it concerns; ``amends``/``revokes`` a
    decision it changes, which is then marked and stays in the log."""
    apply_changes(Decision(), fields, DECISION_FIELDS)
    if meeting is not None:
        _refuse_if_closed(meeting, ["meeting"])
        if forum is not None and forum.pk != meeting.forum_id:
            raise ValidationError({"forum": _("The meeting must be one of the forum's.")})
        forum = meeting.forum
    if forum is not None:
        if level is not None and level.pk != forum.level_id:
            raise ValidationError({"level": _("The forum decides at another level.")})
        level = forum.level
    if level is None:
        raise ValidationError({"level": _("Choose the level, the forum or the meeting of the decision.")})
    if amends is not None and revokes is not None:
        raise ValidationError({"revokes": _("A decision either amends or revokes another, not both.")})
    fields.setdefault("date", meeting.date if meeting is not None else timezone.localdate())
    decision = Decision(
        organisation_id=level.organisation_id,
        level=level,
        forum=forum,
        meeting=meeting,
        amends=amends,
        revokes=revokes,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
        **fields,
    )
    for name, target in (("amends", amends), ("revokes", revokes)):
        if target is None:
            continue
        if target.organisation_id != decision.organisation_id:
            raise ValidationError({name: _("This must belong to the same organisation.")})
        if target.status in (DecisionStatus.AMENDED, DecisionStatus.REVOKED):
            raise ValidationError({name: _("That decision is already amended or revoked; change the newer one.")})
    if (
        decision.decided_by_id
        and not decision.decided_by.memberships.filter(organisation_id=decision.organisation_id).exists()
    ):
        raise ValidationError({"decided_by": _("The person must be a member of the organisation.")})
    decision.year = decision.date.year
    decision.reference, decision.sequence = next_reference(level.organisation, level, decision.year)
    save_validated(decision, acting_user=acting_user)
    DecisionSubject.objects.bulk_create(_subject_rows(decision, subjects))
    for target, status in ((amends, DecisionStatus.AMENDED), (revokes, DecisionStatus.REVOKED)):
        if target is not None:
            # Only the status changes: the older decision's text stands as it was decided.
            target.status = status
            target._history_user = acting_user
            target.save(update_fields=["status", "updated_at"])
    if decision.agenda_item_id:
        for escalation in decision.agenda_item.escalations.filter(status=EscalationStatus.ON_AGENDA):
            escalation.status = EscalationStatus.DECIDED
            escalation.decision = decision
            save_validated(escalation, acting_user=acting_user)
    return decision


def _refuse_if_locked(decision, changes):
    if decision.meeting_id:
        decision.meeting.refresh_from_db(fields=["status"])  # another request may have closed it
    if decision.is_locked:
        message = _(
            "The decision stands as recorded once its meeting is closed. "
            "Record a new decision that amends or revokes it."
        )
        raise ValidationError(dict.fromkeys(sorted(changes) or ["text"], message))


@transaction.atomic
def update_decision(decision, *, acting_user, subjects=None, **changes):
    _refuse_if_locked(decision, [*changes, *(["subjects"] if subjects is not None else [])])
    if "date" in changes and changes["date"] and changes["date"].year != decision.year:
        raise ValidationError(
            {"date": _("The reference number is per year: keep the date in %(year)d.") % {"year": decision.year}}
        )
    apply_changes(decision, changes, DECISION_FIELDS)
    save_validated(decision, acting_user=acting_user)
    if subjects is not None:
        rows = _subject_rows(decision, subjects)
        decision.subjects.all().delete()
        DecisionSubject.objects.bulk_create(rows)
    return decision


@transaction.atomic
def follow_up_decision(decision, *, acting_user, note):
    """Record that a decision has been followed up; its text is not touched."""
    if decision.status != DecisionStatus.IN_FORCE:
        raise ValidationError({"status": _("Only a decision in force is followed up.")})
    if not (note or "").strip():
        raise ValidationError({"follow_up_note": _("Say what the follow-up found.")})
    decision.status = DecisionStatus.FOLLOWED_UP
    decision.follow_up_note = note
    return save_validated(decision, acting_user=acting_user)


# --- Escalations ----------------------------------------------------------------------------------


def next_planned_meeting(forum, today=None):
    today = today or timezone.localdate()
    return (
        Meeting.objects.filter(forum=forum, status=MeetingStatus.PLANNED, date__gte=today)
        .order_by("date", "id")
        .first()
    )


def _is_member(person, organisation_id):
    return person.memberships.filter(organisation_id=organisation_id).exists()


def _put_on_agenda(escalation, meeting, *, acting_user):
    item = add_agenda_item(
        meeting,
        acting_user=acting_user,
        title=escalation.question,
        description=_("Escalated from %(forum)s: %(reason)s")
        % {"forum": escalation.from_forum, "reason": escalation.reason},
        presenter=escalation.raised_by if _is_member(escalation.raised_by, meeting.organisation_id) else None,
        source=AgendaSource.ESCALATION,
        source_object=escalation,
    )
    escalation.agenda_item = item
    escalation.status = EscalationStatus.ON_AGENDA
    return save_validated(escalation, acting_user=acting_user)


@transaction.atomic
def raise_escalation(
    *, acting_user, from_forum, to_forum, question, reason, from_meeting=None, parent=None, raised_on=None
):
    """Send a question up; it goes on the higher forum's next planned meeting (or the next one created)."""
    if parent is not None and parent.status == EscalationStatus.WITHDRAWN:
        raise ValidationError({"parent": _("That escalation was withdrawn.")})
    escalation = Escalation(
        organisation_id=from_forum.organisation_id,
        from_forum=from_forum,
        to_forum=to_forum,
        from_meeting=from_meeting,
        parent=parent,
        question=question,
        reason=reason,
        raised_by=acting_user,
        raised_on=raised_on or timezone.localdate(),
    )
    save_validated(escalation, acting_user=acting_user)
    if parent is not None and parent.status in (EscalationStatus.OPEN, EscalationStatus.ON_AGENDA):
        # Taken further up: the middle forum's handling ends here; the path shows where it went.
        parent.status = EscalationStatus.ESCALATED
        save_validated(parent, acting_user=acting_user)
    meeting = next_planned_meeting(to_forum, today=min(escalation.raised_on, timezone.localdate()))
    if meeting is not None:
        _put_on_agenda(escalation, meeting, acting_user=acting_user)
    return escalation


@transaction.atomic
def withdraw_escalation(escalation, *, acting_user):
    if escalation.status not in (EscalationStatus.OPEN, EscalationStatus.ON_AGENDA):
        raise ValidationError({"status": _("Only an open escalation can be withdrawn.")})
    escalation.status = EscalationStatus.WITHDRAWN
    return save_validated(escalation, acting_user=acting_user)


# --- Strategy -------------------------------------------------------------------------------------

STRATEGY_FIELDS = {"title", "version", "text"}


@transaction.atomic
def create_strategy(*, acting_user, organisation, **fields):
    apply_changes(StrategyDocument(), fields, STRATEGY_FIELDS)
    return save_validated(StrategyDocument(organisation=organisation, **fields), acting_user=acting_user)


@transaction.atomic
def update_strategy(strategy, *, acting_user, **changes):
    if strategy.status != StrategyStatus.DRAFT:
        message = _("An adopted strategy is not edited: create a new version.")
        raise ValidationError(dict.fromkeys(sorted(changes) or ["text"], message))
    apply_changes(strategy, changes, STRATEGY_FIELDS)
    return save_validated(strategy, acting_user=acting_user)


@transaction.atomic
def adopt_strategy(strategy, *, acting_user, adopted_on, decision=None):
    """Adopt a draft; the strategy adopted before it (same title) is superseded."""
    if strategy.status != StrategyStatus.DRAFT:
        raise ValidationError({"status": _("Only a draft is adopted.")})
    _check_strategy_decision(strategy, decision)
    for older in StrategyDocument.objects.filter(
        organisation_id=strategy.organisation_id, status=StrategyStatus.ADOPTED
    ).exclude(pk=strategy.pk):
        older.status = StrategyStatus.SUPERSEDED
        save_validated(older, acting_user=acting_user)
    strategy.status = StrategyStatus.ADOPTED
    strategy.adopted_on = adopted_on
    strategy.adopting_decision = decision
    return save_validated(strategy, acting_user=acting_user)


def _check_strategy_decision(strategy, decision):
    """A strategy is adopted or reviewed by a decision of its own organisation (named ``decision``)."""
    if decision is not None and decision.organisation_id != strategy.organisation_id:
        raise ValidationError({"decision": _("This must belong to the same organisation.")})


@transaction.atomic
def record_review(strategy, *, acting_user, date, outcome=ReviewOutcome.KEPT, decision=None, notes=""):
    """Record a review of the strategy in force, optionally with the decision that reviewed it."""
    _check_strategy_decision(strategy, decision)
    if strategy.status != StrategyStatus.ADOPTED:
        raise ValidationError({"strategy": _("Only the strategy in force is reviewed.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("A review is recorded when it has taken place.")})
    if strategy.adopted_on and date < strategy.adopted_on:
        raise ValidationError({"date": _("The review cannot be before the adoption.")})
    return save_validated(
        StrategyReview(strategy=strategy, date=date, outcome=outcome, decision=decision, notes=notes),
        acting_user=acting_user,
    )


def current_strategy(organisation):
    return (
        StrategyDocument.objects.filter(organisation=organisation, status=StrategyStatus.ADOPTED)
        .order_by("-adopted_on", "-id")
        .first()
    )


def review_state(strategy, today=None):
    """Where the strategy stands with the rule "reviewed at least once per mandate period".

    Adoption counts as a review. A review is due when none has happened in the current period;
    it should be done within the period's first year (the new council's first year), after which
    it is overdue.
    """
    today = today or timezone.localdate()
    start, end = mandate_period(today)
    dates = [strategy.adopted_on] if strategy.adopted_on else []
    dates += [review.date for review in strategy.reviews.all()]
    in_period = [d for d in dates if start <= d <= end]
    due_by = datetime.date(start.year + 1, start.month, start.day)
    is_due = strategy.status == StrategyStatus.ADOPTED and not in_period
    return {
        "period_start": start,
        "period_end": end,
        "last_review": max(dates) if dates else None,
        "reviewed_on": max(in_period) if in_period else None,
        "is_due": is_due,
        "due_by": due_by,
        "overdue": is_due and today > due_by,
    }
