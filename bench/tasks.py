"""In-process measurements for bench/run.py: ``python bench/tasks.py NAME`` prints one JSON object.

Runs with the application's own settings and database (the environment run.py gives it).
Measurements that write (charges, calendar recompute) run inside a transaction that is rolled
back, so the benchmark database stays the same from run to run.
"""

import json
import os
import statistics
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrbord.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from styrbord.organisations.models import ApiToken, Organisation, RoleAssignment, hash_token  # noqa: E402
from styrbord.servicedesk.models import Ticket  # noqa: E402


class Rollback(Exception):
    pass


def staff_user():
    """The head of IT of the first (host) municipality: staff in every municipality it serves."""
    host = Organisation.objects.filter(served_by__isnull=True).order_by("pk").first()
    return RoleAssignment.objects.filter(organisation=host, role="it_head").select_related("user").first().user, host


def setup():
    """A token and a session for the bench user, and intake bodies (department × service of the host)."""
    user, host = staff_user()
    key = ApiToken.generate_key()
    ApiToken.objects.create(user=user, name="bench", prefix=key[:8], key_hash=hash_token(key))
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    from styrbord.catalog.models import Service
    from styrbord.organisations.models import Department

    departments = list(Department.objects.filter(organisation=host, is_active=True).values_list("pk", flat=True))
    services = list(Service.objects.filter(organisation=host, status="active").values_list("pk", flat=True))
    bodies = []
    for index in range(240):
        bodies.append(
            {
                "kind": "incident",
                "title": f"Skrivaren skriver inte ut {index}",
                "description": "Det kommer inget papper ur skrivaren på plan 2.",
                "department": departments[index % len(departments)],
                "service": services[index % len(services)],
                "impact": 1 + index % 3,
                "urgency": 1 + (index // 3) % 3,
            }
        )
    return {
        "token": key,
        "session": session,
        "bodies": bodies,
        "tickets": Ticket.objects.count(),
        "open_tickets": Ticket.objects.open().count(),
        "organisations": Organisation.objects.count(),
    }


def cleanup():
    """Delete the tickets the intake load created (channel "api"), with their timeline and history."""
    created = Ticket.objects.filter(channel="api")
    count = created.count()
    from styrbord.servicedesk.models import TicketEvent

    TicketEvent.objects.filter(ticket__channel="api").delete()
    created._raw_delete(created.db)  # no per-row history: the rows were the benchmark's own
    Ticket.history.filter(channel="api").delete()
    return {"deleted": count}


def query_counts():
    """Queries per request for intake, the staff queue and the API list (the same requests as the load)."""
    user, host = staff_user()
    client = Client()
    client.force_login(user)
    result = {}
    with CaptureQueriesContext(connection) as queue:
        assert client.get("/servicedesk/queue/").status_code == 200
    result["queue"] = len(queue.captured_queries)
    with CaptureQueriesContext(connection) as listing:
        assert client.get("/api/servicedesk/tickets/?status=open").status_code == 200
    result["api_list"] = len(listing.captured_queries)
    body = json.loads(sys.argv[2]) if len(sys.argv) > 2 else None
    if body:
        try:
            with transaction.atomic():
                with CaptureQueriesContext(connection) as intake:
                    response = client.post("/api/servicedesk/tickets/", body, content_type="application/json")
                assert response.status_code == 201, response.content
                raise Rollback
        except Rollback:
            pass
        result["intake"] = len(intake.captured_queries)
    return result


def sla():
    """Deadlines per second on one core (recompute_deadlines on open tickets), and the calendar-edit recompute."""
    from styrbord.catalog.models import BusinessCalendar
    from styrbord.servicedesk import clock as sla_clock
    from styrbord.servicedesk import services
    from styrbord.servicedesk.sla import ClockCache

    tickets = list(
        Ticket.objects.filter(level__isnull=False)
        .select_related("level__calendar")
        .prefetch_related("level__targets", "level__calendar__segments")
        .order_by("-reported_at")[:2000]
    )
    clocks = ClockCache()
    for ticket in tickets:  # warm the clocks (segments and closed days are read once per calendar)
        sla_clock.recompute_deadlines(ticket, clocks)
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < 5:
        for ticket in tickets:
            ticket.resolve_by = None
            sla_clock.recompute_deadlines(ticket, clocks)
        count += len(tickets)
    per_second = count / (time.perf_counter() - started)
    open_count = Ticket.objects.open().filter(level__isnull=False).count()
    started = time.perf_counter()
    try:
        with transaction.atomic():
            changed = sum(services.recompute_for_calendar(calendar) for calendar in BusinessCalendar.objects.all())
            raise Rollback
    except Rollback:
        pass
    return {
        "deadlines_per_s": per_second,
        "recompute_s": time.perf_counter() - started,
        "recomputed": changed,
        "open": open_count,
    }


def finance():
    """Monthly charges (last month) for every department of every organisation, and each budget forecast."""
    from styrbord.finance import reports
    from styrbord.finance import services as finance_services
    from styrbord.finance.charging import previous_month
    from styrbord.finance.models import BudgetRound

    today = timezone.localdate()
    year, month = previous_month(today.year, today.month)
    organisations = list(Organisation.objects.all())
    started = time.perf_counter()
    lines = 0
    try:
        with transaction.atomic():
            for organisation in organisations:
                run = finance_services.run_month(organisation, year, month, acting_user=None)
                lines += run.created + run.updated
            charges = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    started = time.perf_counter()
    forecast_lines = sum(len(reports.budget_forecast(r)) for r in BudgetRound.objects.select_related("organisation"))
    return {
        "charges_s": charges,
        "charge_lines": lines,
        "forecast_s": time.perf_counter() - started,
        "forecast_lines": forecast_lines,
        "organisations": len(organisations),
    }


def full_scan():
    """One aggregate over the whole ticket table (the yardstick for the report); best of three."""
    times = []
    with connection.cursor() as cursor:
        for _ in range(3):
            started = time.perf_counter()
            cursor.execute(
                "SELECT organisation_id, status, count(*), avg(resolution_business_minutes), "
                "sum(CASE WHEN resolution_met THEN 1 ELSE 0 END) FROM servicedesk_ticket "
                "GROUP BY organisation_id, status"
            )
            cursor.fetchall()
            times.append(time.perf_counter() - started)
    return {"full_scan_s": min(times), "runs": times}


def report():
    """The annual follow-up report (issue 8) for every organisation, last year; if it exists yet."""
    try:
        from styrbord.followup.report import build_report
    except ImportError as error:
        return {"available": False, "error": str(error)}
    year = timezone.localdate().year - 1
    times = []
    for organisation in Organisation.objects.order_by("pk"):
        started = time.perf_counter()
        build_report(organisation, year)
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        build_report(Organisation.objects.order_by("pk").first(), year)
    return {
        "available": True,
        "total_s": sum(times),
        "max_s": max(times),
        "median_s": statistics.median(times),
        "queries_host": len(queries.captured_queries),
    }


if __name__ == "__main__":
    print(json.dumps(globals()[sys.argv[1]](), default=str))
