"""Reminders before a contract's last notice date, by e-mail to its owner.

Every day the job looks at running contracts whose notice date is within the largest reminder
threshold. A threshold (e.g. 90 or 30 days) is passed when the notice date is at most that many
days away; each passed threshold is recorded once per contract and notice date (a unique row,
claimed before the mail goes), so running twice, late or in two workers sends nothing twice.
A contract found late, past both thresholds at once, gets one mail. An extension moves the notice
date, and the reminders start again for the new date.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

logger = logging.getLogger(__name__)


def _claim(contract, thresholds):
    """Record the thresholds not yet recorded; return those this run claimed."""
    from .models import ContractReminder

    claimed = []
    for days in thresholds:
        try:
            with transaction.atomic():
                ContractReminder.objects.create(
                    contract=contract,
                    notice_date=contract.notice_date,
                    threshold_days=days,
                    sent_to=contract.owner.email,
                )
        except IntegrityError:
            continue
        claimed.append(days)
    return claimed


def reminder_mail(contract, today):
    owner = contract.owner
    with translation.override(owner.language or settings.LANGUAGE_CODE):
        context = {
            "contract": contract,
            "person": owner,
            "days": (contract.notice_date - today).days,
            "base_url": settings.STYRBORD_BASE_URL,
        }
        subject = render_to_string("sourcing/email/notice_reminder_subject.txt", context).strip()
        body = render_to_string("sourcing/email/notice_reminder.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=[owner.email], headers={"Auto-Submitted": "auto-generated"})


def send_reminders(today=None):
    """Send the due reminders; returns how many mails went out."""
    from .models import Contract, windows_for
    from .models import settings_for as rules_for

    today = today or timezone.localdate()
    candidates = (
        Contract.objects.filter(notice_given_on__isnull=True, notice_date__gte=today, start_date__lte=today)
        .select_related("owner", "supplier", "organisation")
        .order_by("notice_date")
    )
    windows = windows_for(set(candidates.values_list("organisation_id", flat=True)))
    rules, messages = {}, []
    for contract in candidates:
        days_left = (contract.notice_date - today).days
        if days_left > windows.get(contract.organisation_id, 0):
            continue
        if contract.organisation_id not in rules:
            rules[contract.organisation_id] = rules_for(contract.organisation_id)
        passed = [d for d in rules[contract.organisation_id].thresholds if days_left <= d]
        if not passed or not contract.owner.is_active or not contract.owner.email:
            continue
        if _claim(contract, passed):
            messages.append(reminder_mail(contract, today))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


@db_periodic_task(crontab(hour="6", minute="40"))
@lock_task("sourcing-notice-reminders")
def notice_reminders(today=None):
    return send_reminders(today)
