"""Background work of instructions and training: the course reminders the day before.

Safe to run twice, late or in two workers at once: each reminder is claimed with a conditional
UPDATE before it is sent.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task


def send_reminders(now=None):
    """Remind everyone with a place on a session that starts tomorrow (local time); return how many."""
    from .choices import EnrolmentStatus
    from .models import Enrolment
    from .notifications import send

    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time.min))
    end = timezone.make_aware(datetime.combine(tomorrow + timedelta(days=1), time.min))
    due = Enrolment.objects.filter(
        status=EnrolmentStatus.ENROLLED,
        reminded_at__isnull=True,
        session__is_cancelled=False,
        session__starts_at__gte=start,
        session__starts_at__lt=end,
    ).select_related("person", "session__course")
    claimed = []
    for enrolment in due:
        if Enrolment.objects.filter(pk=enrolment.pk, reminded_at__isnull=True).update(reminded_at=now):
            claimed.append(enrolment)
    return send("reminder", claimed)


@db_periodic_task(crontab(hour="7", minute="0"))
@lock_task("knowledge-course-reminders")
def course_reminders(now=None):
    return send_reminders(now)
