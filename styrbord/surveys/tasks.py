"""Daily: remind those who have not answered (once per invitation) and close the rounds that are due."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="7", minute="40"))
@lock_task("surveys-reminders")
def survey_reminders():
    from .services import close_due_rounds, send_reminders

    closed = close_due_rounds()
    sent = send_reminders()
    logger.info("Closed %d survey rounds, sent %d survey reminders", closed, sent)
