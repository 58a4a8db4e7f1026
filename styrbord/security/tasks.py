"""Background work of information security: weekly e-mail reminders, in each person's language.

- Overdue actions: every Monday morning each owner of an overdue action gets one e-mail listing
  them. Weekly rather than daily so that a late action does not become noise; the home page
  shows the same actions every day.
- Classifications to renew: every Monday morning the system owner and system manager of each
  system in use whose classification expires within the reminder days, is due for review (the
  system changed) or has expired, and the organisation's information-security coordinators, get
  one e-mail each listing those systems. Each reminder (classification × reason × person) is
  recorded (``ClassificationReminder``) before the mail goes, so it is sent once: the next
  e-mail comes when the classification reaches its next stage (expires) or a new one is
  adopted and in its turn comes due. A mail that fails to send gives its claim back, so the
  next run tries again.
"""

import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

logger = logging.getLogger(__name__)


def send_overdue_reminders(today=None):
    """One e-mail per owner of overdue, open security actions; returns how many were sent."""
    from .choices import OPEN_ACTION_STATUSES
    from .models import ActionItem

    today = today or timezone.localdate()
    overdue = (
        ActionItem.objects.filter(
            status__in=OPEN_ACTION_STATUSES,
            due_date__lt=today,
            owner__isnull=False,
            owner__is_active=True,
        )
        .exclude(owner__email="")
        .select_related("owner", "assessment__system", "assessment__measure")
        .order_by("owner_id", "due_date", "pk")
    )
    by_owner = defaultdict(list)
    for action in overdue:
        by_owner[action.owner].append(action)
    messages = []
    for owner, actions in by_owner.items():
        with translation.override(owner.language or settings.LANGUAGE_CODE):
            context = {"person": owner, "actions": actions, "today": today, "base_url": settings.STYRBORD_BASE_URL}
            subject = " ".join(render_to_string("security/email/actions_overdue_subject.txt", context).split())
            body = render_to_string("security/email/actions_overdue.txt", context)
        messages.append(EmailMessage(subject, body, to=[owner.email], headers={"Auto-Submitted": "auto-generated"}))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


@db_periodic_task(crontab(day_of_week="1", hour="7", minute="15"))
@lock_task("security-overdue-actions")
def overdue_action_reminders():
    return send_overdue_reminders()


# ---------------------------------------------------------------------------------------------
# Classifications that expire soon, are due for review or have expired


def reminder_stage(classification, today, reminder_days):
    """The ReminderStage of the latest adopted classification on ``today``, or None (nothing to remind)."""
    from .choices import ReminderStage

    if classification is None:
        return None
    valid_until = classification.valid_until
    if valid_until is not None and valid_until < today:
        return ReminderStage.EXPIRED
    if classification.review_reason:
        return ReminderStage.REVIEW
    if valid_until is not None and (valid_until - today).days <= reminder_days:
        return ReminderStage.EXPIRING
    return None


def _due_classifications(today):
    """[(system, classification, stage)] over every organisation, in a constant number of queries."""
    from styrbord.systems.choices import MANAGED_LIFECYCLES
    from styrbord.systems.models import System

    from .classification import latest_adopted
    from .models import SecuritySettings

    systems = list(System.objects.filter(lifecycle__in=MANAGED_LIFECYCLES).order_by("organisation_id", "name"))
    latest = latest_adopted(systems, today)
    default_days = SecuritySettings._meta.get_field("review_reminder_days").default
    days = dict(SecuritySettings.objects.values_list("organisation_id", "review_reminder_days"))
    due = []
    for system in systems:
        classification = latest.get(system.pk)
        stage = reminder_stage(classification, today, days.get(system.organisation_id, default_days))
        if stage is not None:
            due.append((system, classification, stage))
    return due


def _recipients(due):
    """{person: {system id: [role labels (lazy)]}}: owners and managers of each system, and the coordinators."""
    from django.db.models import Q

    from styrbord.organisations.choices import Role
    from styrbord.organisations.models import Membership, RoleAssignment
    from styrbord.systems.choices import RoleKind
    from styrbord.systems.models import SystemRole

    organisation_ids = {system.organisation_id for system, _c, _s in due}
    by_system = {system.pk: system for system, _c, _s in due}
    by_object = defaultdict(list)
    for system in by_system.values():
        if system.management_object_id:
            by_object[system.management_object_id].append(system)
    roles = (
        SystemRole.objects.filter(kind__in=[RoleKind.OWNER, RoleKind.MANAGER])
        .filter(Q(system_id__in=list(by_system)) | Q(management_object_id__in=list(by_object)))
        .select_related("person")
    )
    candidates = []  # (person, system, role label)

    def add(person, system, label):
        if person.is_active and person.email:
            candidates.append((person, system, label))

    for role in roles:
        systems = [by_system[role.system_id]] if role.system_id else by_object[role.management_object_id]
        for system in systems:
            add(role.person, system, RoleKind(role.kind).label)
    coordinators = RoleAssignment.objects.filter(
        organisation_id__in=organisation_ids, role=Role.SECURITY_COORDINATOR
    ).select_related("user")
    by_organisation = defaultdict(list)
    for system in by_system.values():
        by_organisation[system.organisation_id].append(system)
    for assignment in coordinators:
        for system in by_organisation[assignment.organisation_id]:
            add(assignment.user, system, Role(assignment.role).label)
    # Only active members of the system's organisation are reminded.
    members = set(
        Membership.objects.filter(
            organisation_id__in=organisation_ids,
            user_id__in={person.pk for person, _s, _l in candidates},
            is_active=True,
        ).values_list("user_id", "organisation_id")
    )
    found = defaultdict(lambda: defaultdict(list))
    for person, system, label in candidates:
        labels = found[person][system.pk] if (person.pk, system.organisation_id) in members else None
        if labels is not None and label not in labels:
            labels.append(label)
    return found


def _claim(items, person, today):
    """Record the reminders of ``items`` not yet sent to ``person``; return those this run claimed."""
    from .models import ClassificationReminder

    claimed = []
    for item in items:
        _system, classification, stage = item
        try:
            with transaction.atomic():
                ClassificationReminder.objects.create(
                    classification=classification, stage=stage, person=person, sent_on=today
                )
        except IntegrityError:
            continue
        claimed.append(item)
    return claimed


def classification_reminder_mail(person, items, today):
    """The e-mail to ``person`` about ``items`` [(system, classification, stage, role labels)]."""
    with translation.override(person.language or settings.LANGUAGE_CODE):
        items = [
            (system, classification, stage, ", ".join(map(str, roles)))
            for system, classification, stage, roles in items
        ]
        context = {"person": person, "items": items, "today": today, "base_url": settings.STYRBORD_BASE_URL}
        subject = render_to_string("security/email/classifications_due_subject.txt", context)
        body = render_to_string("security/email/classifications_due.txt", context)
    headers = {"Auto-Submitted": "auto-generated"}
    return EmailMessage(" ".join(subject.split()), body, to=[person.email], headers=headers)


def send_classification_reminders(today=None):
    """One e-mail per person with new classification reminders; returns how many were sent."""
    from .models import ClassificationReminder

    today = today or timezone.localdate()
    due = _due_classifications(today)
    if not due:
        return 0
    sent_before = set(
        ClassificationReminder.objects.filter(
            classification__in=[classification for _s, classification, _st in due]
        ).values_list("classification_id", "stage", "person_id")
    )
    sent = 0
    connection = None
    for person, roles_by_system in sorted(_recipients(due).items(), key=lambda pair: pair[0].email):
        items = [
            item
            for item in due
            if item[0].pk in roles_by_system and (item[1].pk, item[2], person.pk) not in sent_before
        ]
        claimed = _claim(items, person, today)
        if not claimed:
            continue
        claimed.sort(key=lambda item: (item[1].valid_until or today, item[0].name))
        message = classification_reminder_mail(
            person, [(*item, roles_by_system[item[0].pk]) for item in claimed], today
        )
        connection = connection or get_connection()
        try:
            sent += connection.send_messages([message]) or 0
        except Exception:
            logger.exception("Could not send the classification reminder to %s; it is tried again next run", person.pk)
            for _system, classification, stage in claimed:
                claim = {"person": person, "classification": classification, "stage": stage}
                ClassificationReminder.objects.filter(**claim).delete()
    return sent


@db_periodic_task(crontab(day_of_week="1", hour="7", minute="20"))
@lock_task("security-classification-reminders")
def classification_reminders(today=None):
    return send_classification_reminders(today)
