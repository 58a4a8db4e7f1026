"""Background work of finance: every night, charge last month while it is open; order e-mail."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task(retries=3, retry_delay=60)
def send_order_mail(event, order_id, actor_id=None):
    """The e-mail about an order event (see notifications.py), after the order's commit."""
    from .models import Order
    from .notifications import deliver

    order = (
        Order.objects.select_related("organisation", "department", "service", "level", "ordered_by", "decided_by")
        .filter(pk=order_id)
        .first()
    )
    if order is None:
        return 0
    return deliver(event, order, actor_id)


@db_periodic_task(crontab(hour="2", minute="30"))
def nightly_charging():
    """Run last month for every organisation until finance closes it.

    Months are charged in arrears, once they have ended; running is idempotent, so a night
    without changes writes nothing. The current month shows as a forecast on the cost pages.
    """
    from styrbord.organisations.models import Organisation

    from .charging import previous_month
    from .services import closed_until, run_month

    today = timezone.localdate()
    last = previous_month(today.year, today.month)
    report = {}
    for organisation in Organisation.objects.filter(is_active=True):
        watermark = closed_until(organisation)
        if watermark is None or last > watermark:
            run = run_month(organisation, *last, acting_user=None)
            report[organisation.pk] = {"created": run.created, "updated": run.updated, "removed": run.removed}
    return report
