"""Housekeeping that runs in the background worker."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="3", minute="15"))
def nightly_housekeeping():
    """Drop expired sessions and login-failure records older than 30 days."""
    from axes.models import AccessAttempt, AccessFailureLog

    now = timezone.now()
    sessions = Session.objects.filter(expire_date__lt=now).delete()[0]
    cutoff = now - timedelta(days=30)
    attempts = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()[0]
    failures = AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return {"sessions": sessions, "attempts": attempts, "failures": failures}
