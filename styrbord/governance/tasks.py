"""Monthly reminders to review the IT strategy once per mandate period.

Every day the job looks at each organisation's strategy in force. When no review (or adoption)
has happened in the current mandate period, the head of IT and the management group get a mail,
then again every 30 days until a review is recorded (``review_reminded_on`` remembers the last).
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

logger = logging.getLogger(__name__)
REMIND_EVERY = datetime.timedelta(days=30)


def recipients(organisation_id):
    from styrbord.organisations.models import RoleAssignment

    from .choices import STRATEGY_OWNERS

    people = {
        r.user
        for r in RoleAssignment.objects.filter(organisation_id=organisation_id, role__in=STRATEGY_OWNERS)
        .select_related("user")
        .filter(user__is_active=True)
        if r.user.email
    }
    return sorted(people, key=lambda p: p.email)


def reminder_mail(strategy, person, state):
    with translation.override(person.language or settings.LANGUAGE_CODE):
        context = {"strategy": strategy, "person": person, "state": state, "base_url": settings.STYRBORD_BASE_URL}
        subject = render_to_string("governance/email/review_reminder_subject.txt", context).strip()
        body = render_to_string("governance/email/review_reminder.txt", context)
    return EmailMessage(
        " ".join(subject.split()), body, to=[person.email], headers={"Auto-Submitted": "auto-generated"}
    )


def send_review_reminders(today=None):
    """Send the due reminders; returns how many mails went out."""
    from .choices import StrategyStatus
    from .models import StrategyDocument
    from .services import review_state

    today = today or timezone.localdate()
    sent = 0
    strategies = StrategyDocument.objects.filter(status=StrategyStatus.ADOPTED).order_by(
        "organisation_id", "-adopted_on"
    )
    seen = set()
    for strategy in strategies.prefetch_related("reviews"):
        if strategy.organisation_id in seen:
            continue
        seen.add(strategy.organisation_id)
        state = review_state(strategy, today)
        if not state["is_due"]:
            continue
        if strategy.review_reminded_on and today - strategy.review_reminded_on < REMIND_EVERY:
            continue
        messages = [reminder_mail(strategy, person, state) for person in recipients(strategy.organisation_id)]
        if not messages:
            continue
        with transaction.atomic():
            # Claim the month before sending, so that two workers do not both send.
            claimed = StrategyDocument.objects.filter(
                pk=strategy.pk, review_reminded_on=strategy.review_reminded_on
            ).update(review_reminded_on=today)
        if not claimed:
            continue
        sent += get_connection().send_messages(messages) or 0
    return sent


@db_periodic_task(crontab(hour="7", minute="15"))
@lock_task("governance-review-reminders")
def strategy_review_reminders():
    sent = send_review_reminders()
    logger.info("Sent %d strategy review reminders", sent)
