"""Background work of the action plan: a weekly reminder of overdue security actions.

Every Monday morning each owner of an overdue action gets one e-mail listing them, in the
person's language. Weekly rather than daily so that a late action does not become noise; the
home page shows the same actions every day.
"""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task


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
