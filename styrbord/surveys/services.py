"""The surveys' write actions: create and edit a round, open, remind, close, answer."""

import hashlib
import secrets

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from styrbord.core.services import apply_changes, save_validated

from .choices import MIN_GROUP, NKI_MAX, NKI_MIN, NKI_QUESTIONS, QuestionKind, RoundStatus, TargetKind
from .models import Answer, Invitation, Question, Response, SurveyRound

ROUND_FIELDS = (
    "title",
    "introduction",
    "target_kind",
    "target_department",
    "target_service",
    "target_system",
    "service",
    "opens_on",
    "closes_on",
    "reminder_days",
    "anonymous",
)
# Once open, the group and the anonymity promise are fixed: the invitations were sent with them.
OPEN_FIELDS = ("title", "introduction", "closes_on", "reminder_days")


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def answer_path(token):
    return reverse("surveys:answer", args=[token])


@transaction.atomic
def create_round(*, acting_user, organisation, nki=True, questions=(), **fields):
    """A draft round with the NKI question set (unless ``nki`` is false) and the ``questions`` after it.

    ``questions``: dicts with kind, text and, for choice questions, choices (scale_min/scale_max).
    """
    unknown = sorted(set(fields) - set(ROUND_FIELDS))
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
    survey = save_validated(SurveyRound(organisation=organisation, **fields), acting_user=acting_user)
    order = 0
    if nki:
        # Stored as the English msgids: shown translated (Question.display_text).
        for text in NKI_QUESTIONS:
            order += 1
            question = Question(
                round=survey, order=order, kind=QuestionKind.NKI, text=text, scale_min=NKI_MIN, scale_max=NKI_MAX
            )
            save_validated(question, acting_user=acting_user)
    for spec in questions:
        order += 1
        add_question(survey, acting_user=acting_user, order=order, **spec)
    return survey


# Questions: added, edited, moved and removed only while the round is a draft. Once it is open,
# invitations went out with these questions and answers may exist that refer to them.
QUESTION_FIELDS = ("order", "kind", "text", "choices", "scale_min", "scale_max", "required")
# The NKI questions are SCB's fixed set: moved or removed, never reworded or rescaled.
NKI_FIXED_FIELDS = ("kind", "text", "choices", "scale_min", "scale_max", "required")


def _draft_for_questions(survey):
    """The round, locked, when its questions may change; a field-named refusal otherwise."""
    survey = SurveyRound.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_draft:
        message = _("Questions can only be changed while the round is a draft: once it is open, answers may exist.")
        raise ValidationError({"round": message})
    return survey


def _check_nki(question, survey, *, adding):
    """An NKI question is one of the standard texts, once per round (the index is computed from them)."""
    if question.kind != QuestionKind.NKI:
        return
    if not adding:
        raise ValidationError({"kind": _("A question cannot become a satisfaction-index (NKI) question.")})
    if question.text not in NKI_QUESTIONS:
        message = _("A satisfaction-index (NKI) question is one of the three standard questions.")
        raise ValidationError({"text": message})
    if survey.questions.filter(kind=QuestionKind.NKI, text=question.text).exists():
        raise ValidationError({"text": _("This satisfaction-index (NKI) question is already in the round.")})
    question.scale_min, question.scale_max = NKI_MIN, NKI_MAX


def _place(question, position, *, acting_user):
    """Put ``question`` at ``position`` (1 = first; past the end = last) and number the round 1, 2, 3…"""
    others = list(question.round.questions.exclude(pk=question.pk).order_by("order", "pk"))
    if position is None:
        position = len(others) + 1
    try:
        position = int(position)
    except (TypeError, ValueError):
        position = 0
    if position < 1:
        raise ValidationError({"order": _("The position is a whole number from 1.")})
    others.insert(min(position, len(others) + 1) - 1, question)
    for number, row in enumerate(others, start=1):
        if row.order != number or row is question:
            row.order = number
            if row is not question:
                row._history_user = acting_user
                row.save(update_fields=["order"])
    return question


@transaction.atomic
def add_question(survey, *, acting_user, **fields):
    """Add a question to a draft round, last unless ``order`` (a position from 1) says otherwise."""
    survey = _draft_for_questions(survey)
    unknown = sorted(set(fields) - set(QUESTION_FIELDS))
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
    position = fields.pop("order", None)
    question = Question(round=survey, **fields)
    _check_nki(question, survey, adding=True)
    if question.kind != QuestionKind.CHOICE:
        question.choices = []
    _place(question, position, acting_user=acting_user)
    return save_validated(question, acting_user=acting_user)


@transaction.atomic
def update_question(question, *, acting_user, **changes):
    """Edit a question of a draft round; ``order`` moves it to that position (1 = first)."""
    _draft_for_questions(question.round)
    question = Question.objects.select_related("round").get(pk=question.pk)
    changes = {name: value for name, value in changes.items() if getattr(question, name, object()) != value}
    if question.kind == QuestionKind.NKI:
        fixed = [name for name in NKI_FIXED_FIELDS if name in changes]
        if fixed:
            message = _("The satisfaction-index (NKI) questions cannot be edited, only moved or removed.")
            raise ValidationError(dict.fromkeys(fixed, message))
    position = changes.pop("order", None)
    apply_changes(question, changes, QUESTION_FIELDS)
    if "kind" in changes:
        _check_nki(question, question.round, adding=False)
    if question.kind != QuestionKind.CHOICE:
        question.choices = []
    if position is not None:
        _place(question, position, acting_user=acting_user)
    return save_validated(question, acting_user=acting_user)


@transaction.atomic
def remove_question(question, *, acting_user):
    """Remove a question from a draft round (kept in the history) and close the gap in the order."""
    survey = _draft_for_questions(question.round)
    question = Question.objects.get(pk=question.pk, round=survey)
    question._history_user = acting_user
    question.delete()
    for number, row in enumerate(survey.questions.order_by("order", "pk"), start=1):
        if row.order != number:
            row.order = number
            row._history_user = acting_user
            row.save(update_fields=["order"])


@transaction.atomic
def update_round(survey, *, acting_user, **changes):
    survey = SurveyRound.objects.select_for_update().get(pk=survey.pk)
    if survey.status == RoundStatus.CLOSED:
        raise ValidationError(_("A closed round cannot be changed."))
    allowed = ROUND_FIELDS if survey.is_draft else OPEN_FIELDS
    changes = {k: v for k, v in changes.items() if getattr(survey, k, object()) != v}
    apply_changes(survey, changes, allowed)
    return save_validated(survey, acting_user=acting_user)


def target_people(survey):
    """The active members of the round's target group, as a queryset of people."""
    user_model = apps.get_model("organisations", "User")
    membership = apps.get_model("organisations", "Membership")
    members = membership.objects.filter(organisation=survey.organisation, is_active=True, user__is_active=True)
    kind = survey.target_kind
    if kind == TargetKind.DEPARTMENT:
        members = members.filter(department__path__startswith=survey.target_department.path)
    elif kind == TargetKind.SERVICE:
        members = members.filter(department__in=_subscribing_departments(survey))
    elif kind == TargetKind.SYSTEM:
        system = survey.target_system
        role_model = apps.get_model("systems", "SystemRole")
        of_system = Q(system=system)
        if system.management_object_id:
            of_system |= Q(management_object_id=system.management_object_id)
        holders = role_model.objects.filter(of_system).values("person_id")
        in_group = Q(user_id__in=holders)
        if system.owner_department_id:
            in_group |= Q(department__path__startswith=system.owner_department.path)
        members = members.filter(in_group)
    return user_model.objects.filter(pk__in=members.values("user_id"))


def _subscribing_departments(survey):
    try:
        subscription = apps.get_model("finance", "Subscription")
    except LookupError:
        return []
    on = survey.opens_on
    service = survey.target_service
    if service.is_base:  # included for every department
        return apps.get_model("organisations", "Department").objects.filter(organisation=survey.organisation)
    return (
        subscription.objects.filter(service=service, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .values("department_id")
    )


def invitation_mail(invitation, token, *, reminder=False):
    person = invitation.person
    with translation.override(person.language or settings.LANGUAGE_CODE):
        context = {
            "survey": invitation.round,
            "person": person,
            "url": settings.STYRBORD_BASE_URL + answer_path(token),
            "reminder": reminder,
        }
        subject = render_to_string("surveys/email/invitation_subject.txt", context).strip()
        body = render_to_string("surveys/email/invitation.txt", context)
    return EmailMessage(
        " ".join(subject.split()), body, to=[person.email], headers={"Auto-Submitted": "auto-generated"}
    )


def _new_token(invitation):
    """A fresh token for an invitation's link; only its hash is stored (the old link stops working)."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    return token


@transaction.atomic
def open_round(survey, *, acting_user, today=None, send=True):
    """Invite the target group and e-mail each person a link; returns the number invited."""
    survey = SurveyRound.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_draft:
        raise ValidationError({"status": _("Only a draft round can be opened.")})
    if not survey.questions.exists():
        raise ValidationError(_("Add at least one question before opening the round."))
    today = today or timezone.localdate()
    if survey.closes_on < today:
        raise ValidationError({"closes_on": _("The closing date has passed: move it before opening.")})
    people = list(target_people(survey).order_by("pk"))
    if not people:
        raise ValidationError({"target_kind": _("The target group has no active members.")})
    invitations, tokens = [], []
    for person in people:
        invitation = Invitation(round=survey, person=person)
        tokens.append(_new_token(invitation))
        invitations.append(invitation)
    Invitation.objects.bulk_create(invitations)
    survey.status = RoundStatus.OPEN
    survey.opened_at = timezone.now()
    if survey.opens_on > today:
        survey.opens_on = today
    save_validated(survey, acting_user=acting_user)
    if send:
        messages = [
            invitation_mail(invitation, token)
            for invitation, token in zip(invitations, tokens, strict=True)
            if invitation.person.email
        ]
        # Sent inside the transaction: if sending fails, the round stays a draft.
        get_connection().send_messages(messages)
    return len(invitations)


@transaction.atomic
def close_round(survey, *, acting_user):
    survey = SurveyRound.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_open:
        raise ValidationError({"status": _("Only an open round can be closed.")})
    survey.status = RoundStatus.CLOSED
    survey.closed_at = timezone.now()
    return save_validated(survey, acting_user=acting_user)


def send_reminders(today=None):
    """Remind, once, those who have not answered an open round ``reminder_days`` before it closes."""
    today = today or timezone.localdate()
    sent = 0
    due = SurveyRound.objects.filter(status=RoundStatus.OPEN, reminder_days__isnull=False, closes_on__gte=today)
    for survey in due:
        if (survey.closes_on - today).days > survey.reminder_days:
            continue
        with transaction.atomic():
            pending = list(
                Invitation.objects.select_for_update()
                .filter(round=survey, answered_on__isnull=True, reminded_on__isnull=True)
                .select_related("person", "round")
            )
            messages = []
            for invitation in pending:
                token = _new_token(invitation)  # the first link's token is not kept anywhere
                invitation.reminded_on = today
                if invitation.person.email and invitation.person.is_active:
                    messages.append(invitation_mail(invitation, token, reminder=True))
            Invitation.objects.bulk_update(pending, ["token_hash", "reminded_on"])
            sent += get_connection().send_messages(messages) or 0 if messages else 0
    return sent


def close_due_rounds(today=None):
    today = today or timezone.localdate()
    return SurveyRound.objects.filter(status=RoundStatus.OPEN, closes_on__lt=today).update(
        status=RoundStatus.CLOSED, closed_at=timezone.now()
    )


def invitation_for(token):
    return (
        Invitation.objects.select_related("round", "round__organisation").filter(token_hash=hash_token(token)).first()
    )


def _department_snapshot(survey, person):
    membership = apps.get_model("organisations", "Membership")
    department_id = (
        membership.objects.filter(user=person, organisation_id=survey.organisation_id)
        .values_list("department_id", flat=True)
        .first()
    )
    if department_id is None or not survey.anonymous:
        return department_id
    # An anonymous answer names the department only when enough of its members were invited.
    invited = Invitation.objects.filter(
        round=survey,
        person__memberships__organisation_id=survey.organisation_id,
        person__memberships__department_id=department_id,
    ).aggregate(n=Count("pk", distinct=True))["n"]
    return department_id if invited >= MIN_GROUP else None


def clean_answers(survey, values):
    """Check ``values`` ({question id: value}) against the round's questions; returns the Answer rows."""
    errors, rows = {}, []
    for question in survey.questions.all():
        key = str(question.pk)
        raw = values.get(question.pk, values.get(key))
        raw = "" if raw is None else raw
        if isinstance(raw, str):
            raw = raw.strip()
        if raw == "":
            if question.required and question.kind != QuestionKind.TEXT:
                errors[key] = _("Answer this question.")
            continue
        answer = Answer(question=question)
        if question.kind in (QuestionKind.SCALE, QuestionKind.NKI):
            try:
                number = int(raw)
            except (TypeError, ValueError):
                number = None
            if number is None or not question.scale_min <= number <= question.scale_max:
                errors[key] = _("Choose a value from %(low)d to %(high)d.") % {
                    "low": question.scale_min,
                    "high": question.scale_max,
                }
                continue
            answer.number = number
        elif question.kind == QuestionKind.CHOICE:
            if str(raw) not in [str(c) for c in question.choices]:
                errors[key] = _("Choose one of the options.")
                continue
            answer.choice = str(raw)
        else:
            text = str(raw)
            if len(text) > 4000:
                errors[key] = _("Keep the answer under 4,000 characters.")
                continue
            answer.text = text
        rows.append(answer)
    if errors:
        raise ValidationError(errors)
    return rows


@transaction.atomic
def answer_by_token(token, *, acting_user, values, today=None):
    """Answer through an invitation link's token: only the invited person's own link counts."""
    invitation = invitation_for(token)
    if invitation is None or acting_user is None or invitation.person_id != acting_user.pk:
        raise ValidationError({"token": _("This link is not a valid invitation of yours.")})
    return answer_round(invitation, acting_user=acting_user, values=values, today=today)


@transaction.atomic
def answer_round(invitation, *, acting_user, values, today=None):
    """Store the invitee's answers once. ``values``: {question id: value}.

    In an anonymous round the response holds neither the invitation nor the person, only the day
    and (for a large enough group) the department.
    """
    invitation = Invitation.objects.select_for_update().select_related("round").get(pk=invitation.pk)
    survey = invitation.round
    if acting_user is None or invitation.person_id != acting_user.pk:
        raise ValidationError({"token": _("This link is someone else's invitation.")})
    if invitation.answered_on is not None:
        raise ValidationError({"token": _("You have already answered this survey.")})
    if not survey.is_open:
        raise ValidationError({"token": _("The survey is not open.")})
    rows = clean_answers(survey, values)
    today = today or timezone.localdate()
    response = Response.objects.create(
        round=survey,
        invitation=None if survey.anonymous else invitation,
        department_id=_department_snapshot(survey, invitation.person),
        submitted_on=today,
    )
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    invitation.answered_on = today
    invitation.save(update_fields=["answered_on"])
    return response
