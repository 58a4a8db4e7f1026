"""The figures of the annual follow-up, one function per figure; the report and the home pages'
dashboards both call them, so a figure is computed one way only.

Every function aggregates in the database (``values().annotate()`` with filtered counts), so
the number of queries does not grow with the number of tickets, charges or answers. Results
are plain dicts of numbers and strings (see ``plain``), ready for JSON, a snapshot, pages and
exports. Shares are whole per cent, None when there is nothing to count.

Decisions (docs/followup.md explains them):

- Tickets belong to the year they were reported in; maintenance tickets have no SLA and are
  counted in the maintenance figure instead. A target counts once its outcome is known: the
  response target after the first response, the resolution target after the resolution.
- Satisfaction answers belong to the year they were answered in.
- Costs are finance's: charged months show their charge lines, months not yet charged show
  the forecast (``finance.reports.cost_entries``); the budget of a department is its own or
  the sum of those under it (``finance.reports.budget_of``); cost coverage is the IT unit's
  revenue (the charges of the year) against its cost budget, like finance's overview.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Avg, Count, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.functional import Promise

from styrbord.catalog.models import Service, ServiceLevel
from styrbord.finance.choices import BudgetKind
from styrbord.finance.models import Budget
from styrbord.finance.reports import ZERO, Overview, Row, budget_of, budgets_by_department, cost_entries
from styrbord.organisations.models import Department
from styrbord.servicedesk.choices import OPEN_STATUSES, TicketKind
from styrbord.servicedesk.maintenance import OccurrenceState, PlanReport, occurrence_state, occurrences
from styrbord.servicedesk.models import MaintenancePlan, SurveyAnswer, Ticket
from styrbord.servicedesk.sla import STOCKHOLM

from .availability import availability_by_level, year_bounds

MONTHS = range(1, 13)


def share(part, whole):
    """Whole per cent (None when there is nothing to count)."""
    return round(100 * part / whole) if whole else None


def plain(value):
    """A JSON-ready copy: Decimal → float, dates → ISO text, lazy text → text, tuples → lists."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Promise):
        return str(value)
    if hasattr(value, "as_dict"):
        return plain(value.as_dict())
    return value


def money(value):
    return None if value is None else float(Decimal(value).quantize(Decimal("0.01")))


def in_departments(departments, path="department"):
    """A condition: the row's department lies in one of the departments' subtrees (none: everything)."""
    if not departments:
        return Q()
    condition = Q(pk__in=[])
    for department in departments:
        condition |= Q(**{f"{path}__path__startswith": department.path})
    return condition


def reference_date(year, today=None):
    """31 December of a past year, or today for the current year."""
    today = today or timezone.localdate()
    return today if year >= today.year else date(year, 12, 31)


def month_bounds(year, month):
    start = datetime(year, month, 1, tzinfo=STOCKHOLM)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=STOCKHOLM)
    return start, end


# ---------------------------------------------------------------------------------------------
# 1. Economic follow-up


def economy(organisation, year, departments=None):
    """Budget against outcome per department (each with its subtree) and per service; cost coverage.

    ``departments``: the departments to report (default: the top of the tree). Cost coverage is
    the whole IT unit's, so only reported for the whole organisation.
    """
    whole = not departments
    if whole:
        departments = list(Department.objects.filter(organisation=organisation, parent__isnull=True).order_by("name"))
    entries, charged, missing = cost_entries(organisation, year, None if whole else departments)
    budgets = budgets_by_department(organisation, year)
    rows = [Row(label=d.name, obj=d, budget=budget_of(d, budgets)) for d in departments]
    by_service, per_department_service = {}, {}
    total = Row(label="")
    for entry in entries:
        row = next((row for row in rows if entry.department_path.startswith(row.obj.path)), None)
        if row is None:
            continue
        row.add(entry)
        total.add(entry)
        by_service.setdefault(entry.service_id, Row(label="")).add(entry)
        key = (row.obj.pk, entry.service_id)
        per_department_service[key] = per_department_service.get(key, ZERO) + entry.amount
    budgeted = [row.budget for row in rows if row.budget is not None]
    total.budget = sum(budgeted, ZERO) if budgeted else None
    names = dict(Service.objects.filter(pk__in=list(by_service)).values_list("pk", "name"))
    it_budget = None
    if whole:
        it_budget = (
            Budget.objects.filter(organisation=organisation, year=year, kind=BudgetKind.IT_UNIT)
            .values_list("amount", flat=True)
            .first()
        )
    coverage = Overview(year, rows, total, it_budget, charged, missing).coverage if whole else None

    def amounts(row):
        return {
            "budget": money(row.budget),
            "outcome": money(row.outcome),
            "forecast": money(row.forecast),
            "total": money(row.total),
            "deviation": money(row.deviation),
            "used_share": share(row.total, row.budget) if row.budget else None,
        }

    return {
        "year": year,
        "departments": [
            {
                "id": row.obj.pk,
                "name": row.label,
                **amounts(row),
                "services": {
                    str(service_id): money(amount)
                    for (department_id, service_id), amount in per_department_service.items()
                    if department_id == row.obj.pk
                },
            }
            for row in rows
        ],
        "services": sorted(
            (
                {
                    "id": service_id,
                    "name": names.get(service_id, ""),
                    "outcome": money(row.outcome),
                    "forecast": money(row.forecast),
                    "total": money(row.total),
                }
                for service_id, row in by_service.items()
            ),
            key=lambda item: item["name"],
        ),
        "total": amounts(total),
        "it_budget": money(it_budget),
        "revenue": money(total.total) if whole else None,
        "coverage": float(coverage) if coverage is not None else None,
        "charged_months": sorted(charged),
        "months": [money(sum((e.amount for e in entries if e.month == m), ZERO)) for m in MONTHS],
    }


# ---------------------------------------------------------------------------------------------
# 2. Delivered quality against the catalogue


def _ticket_scope(organisation, start, end, departments):
    return (
        Ticket.objects.filter(organisation=organisation, reported_at__gte=start, reported_at__lt=end)
        .exclude(kind=TicketKind.MAINTENANCE)
        .filter(in_departments(departments))
    )


SLA_COUNTS = {
    "tickets": Count("pk"),
    "response_decided": Count("pk", filter=Q(response_met__isnull=False)),
    "response_met_count": Count("pk", filter=Q(response_met=True)),
    "resolution_decided": Count("pk", filter=Q(resolution_met__isnull=False)),
    "resolution_met_count": Count("pk", filter=Q(resolution_met=True)),
}


def _sla_numbers(row):
    return {
        "tickets": row["tickets"],
        "response_decided": row["response_decided"],
        "response_met": row["response_met_count"],
        "response_share": share(row["response_met_count"], row["response_decided"]),
        "resolution_decided": row["resolution_decided"],
        "resolution_met": row["resolution_met_count"],
        "resolution_share": share(row["resolution_met_count"], row["resolution_decided"]),
    }


def sla_totals(organisation, start, end, departments=None):
    """Tickets reported in [start, end) and how many met their response and resolution targets."""
    row = _ticket_scope(organisation, start, end, departments).aggregate(**SLA_COUNTS)
    return _sla_numbers(row)


def sla_by_level(organisation, start, end, departments=None):
    """Per service and level (one grouped query): the SLA counts of the tickets reported in [start, end)."""
    rows = (
        _ticket_scope(organisation, start, end, departments)
        .values("service_id", "level_id")
        .annotate(**SLA_COUNTS)
        .order_by()
    )
    return {(row["service_id"], row["level_id"]): _sla_numbers(row) for row in rows}


def sla_by_month(organisation, year, departments=None):
    """Twelve months of resolution attainment (one grouped query)."""
    start, end = month_bounds(year, 1)[0], month_bounds(year, 12)[1]
    rows = (
        _ticket_scope(organisation, start, end, departments)
        .annotate(month=ExtractMonth("reported_at", tzinfo=STOCKHOLM))
        .values("month")
        .annotate(**SLA_COUNTS)
        .order_by()
    )
    found = {row["month"]: _sla_numbers(row) for row in rows}
    empty = _sla_numbers(dict.fromkeys(SLA_COUNTS, 0))
    return [{"month": month, **found.get(month, empty)} for month in MONTHS]


def maintenance(organisation, year, today=None):
    """Preventive maintenance of the year: due occurrences done on time, late or missed."""
    today = today or timezone.localdate()
    first, last = date(year, 1, 1), min(date(year, 12, 31), today - timedelta(days=1))
    plans = list(MaintenancePlan.objects.filter(organisation=organisation).order_by("title"))
    tickets = {}
    for plan_id, due, status, resolved_at in Ticket.objects.filter(
        organisation=organisation, maintenance_plan__isnull=False, occurrence__gte=first, occurrence__lte=last
    ).values_list("maintenance_plan_id", "occurrence", "status", "resolved_at"):
        tickets[(plan_id, due)] = SimpleNamespace(status=status, resolved_at=resolved_at)
    total = dict.fromkeys(OccurrenceState, 0)
    per_plan = []
    for plan in plans:
        dues = set(occurrences(plan, first, last)) if last >= first else set()
        dues |= {due for plan_id, due in tickets if plan_id == plan.pk}
        counts = dict.fromkeys(OccurrenceState, 0)
        for due in dues:
            counts[occurrence_state(due, tickets.get((plan.pk, due)), today)] += 1
        for state, n in counts.items():
            total[state] += n
        if dues:
            per_plan.append(
                {
                    "id": plan.pk,
                    "title": plan.title,
                    "on_time": counts[OccurrenceState.ON_TIME],
                    "late": counts[OccurrenceState.LATE],
                    "missed": counts[OccurrenceState.MISSED],
                    "on_time_share": PlanReport(counts=counts).done_share,
                }
            )
    return {
        "plans": per_plan,
        "on_time": total[OccurrenceState.ON_TIME],
        "late": total[OccurrenceState.LATE],
        "missed": total[OccurrenceState.MISSED],
        "on_time_share": PlanReport(counts=total).done_share,
    }


def delivered(organisation, year, departments=None, now=None):
    """Per service and level: SLA attainment and measured availability against the target; per
    month; preventive maintenance done on time. ``departments`` narrows the tickets only.
    """
    now = now or timezone.now()
    start, end = year_bounds(year, now)
    by_level = sla_by_level(organisation, start, end, departments)
    levels = list(
        ServiceLevel.objects.filter(service__organisation=organisation)
        .select_related("service", "calendar")
        .prefetch_related("calendar__segments")
        .order_by("service__name", "order", "name")
    )
    available = availability_by_level(organisation, start, end, levels=levels)
    rows = []
    empty = _sla_numbers(dict.fromkeys(SLA_COUNTS, 0))
    for level in levels:
        sla = by_level.pop((level.service_id, level.pk), None)
        measured = available[level.pk]
        if sla is None and not measured["outages"] and not level.is_active:
            continue
        target = float(level.availability_target)
        rows.append(
            {
                "service_id": level.service_id,
                "service": level.service.name,
                "level_id": level.pk,
                "level": level.name,
                **(sla or empty),
                "availability_target": target,
                **measured,
                "availability_met": None if measured["availability"] is None else measured["availability"] >= target,
            }
        )
    # Tickets without a service level (no service chosen, or a service without levels).
    rest = list(by_level.values())
    if rest:
        summed = {
            key: sum(numbers[key] for numbers in rest)
            for key in ("tickets", "response_decided", "response_met", "resolution_decided", "resolution_met")
        }
        rows.append(
            {
                "service_id": None,
                "service": "",
                "level_id": None,
                "level": "",
                **_from_counts(summed),
                "availability_target": None,
                "service_minutes": None,
                "outage_minutes": None,
                "outages": 0,
                "availability": None,
                "availability_met": None,
            }
        )
    total = _from_counts(
        {
            key: sum(row[key] for row in rows)
            for key in ("tickets", "response_decided", "response_met", "resolution_decided", "resolution_met")
        }
    )
    measured_rows = [row for row in rows if row["availability"] is not None and row["level_id"]]
    return {
        "year": year,
        "levels": rows,
        "total": total,
        "levels_meeting_availability": sum(1 for row in measured_rows if row["availability_met"]),
        "levels_measured": len(measured_rows),
        "months": sla_by_month(organisation, year, departments),
        "maintenance": maintenance(organisation, year, timezone.localdate(now)),
    }


def _from_counts(counts):
    return {
        **counts,
        "response_share": share(counts["response_met"], counts["response_decided"]),
        "resolution_share": share(counts["resolution_met"], counts["resolution_decided"]),
    }


# ---------------------------------------------------------------------------------------------
# 3. Perceived quality


def ticket_satisfaction(organisation, start, end, departments=None):
    """The one-question answers (1–5) after closed tickets, answered in [start, end)."""
    answers = SurveyAnswer.objects.filter(ticket__organisation=organisation).filter(
        in_departments(departments, "ticket__department")
    )
    answered_in_year = Q(answered_at__gte=start, answered_at__lt=end, score__isnull=False)
    sent_in_year = Q(sent_at__gte=start, sent_at__lt=end)
    answered = answers.filter(answered_in_year)
    # The distribution and the response rate in one pass over the answers.
    sent = answers.filter(answered_in_year | sent_in_year).aggregate(
        **{f"score_{score}": Count("pk", filter=answered_in_year & Q(score=score)) for score in range(1, 6)},
        sent=Count("pk", filter=sent_in_year),
        answered=Count("pk", filter=sent_in_year & Q(score__isnull=False)),
    )
    counts = [sent[f"score_{score}"] for score in range(1, 6)]
    n = sum(counts)
    services = (
        answered.values("service_id", "service__name")
        .annotate(answers=Count("pk"), mean=Avg("score"))
        .order_by("service__name")
    )
    return {
        "answers": n,
        "distribution": counts,
        "mean": round(sum(score * c for score, c in enumerate(counts, start=1)) / n, 2) if n else None,
        "satisfied_share": share(counts[3] + counts[4], n),
        "sent": sent["sent"],
        "response_rate": share(sent["answered"], sent["sent"]),
        "services": [
            {
                "id": row["service_id"],
                "name": row["service__name"] or "",
                "answers": row["answers"],
                "mean": round(row["mean"], 2),
            }
            for row in services
        ],
    }


def survey_results(organisation, year, departments=None):
    """The customer surveys' results (NKI) from the surveys app, when it is installed."""
    try:
        from styrbord.surveys.results import perceived_quality
    except ImportError:
        return None
    return plain(perceived_quality(organisation, year, departments=departments))


def perceived(organisation, year, departments=None, now=None):
    start, end = year_bounds(year, now)
    return {
        "year": year,
        "tickets": ticket_satisfaction(organisation, start, end, departments),
        "surveys": survey_results(organisation, year, departments),
    }


# ---------------------------------------------------------------------------------------------
# 4. IT-security quality and 5. system-management quality


def security(organisation, year, departments=None):
    """The security issue's measures for ``year`` (and, as it computes it, the year before)."""
    try:
        from styrbord.security.quality import security_quality
    except ImportError:
        return None
    return plain(security_quality(organisation, year, departments))


def systems(organisation, year, departments=None, today=None):
    """Vital systems against the management rules, as they stood at the year's end (or today)."""
    from styrbord.systems.compliance import RULES, organisation_quality, summarise

    ref = reference_date(year, today)
    evaluations, per_department, total = organisation_quality(organisation, today=ref)
    if departments:
        evaluations = [
            e for e in evaluations if any(e.system.owner_department.path.startswith(d.path) for d in departments)
        ]
        per_department, total = summarise(evaluations, str(organisation))
    return {
        "year": year,
        "reference_date": ref.isoformat(),
        "vital_systems": total.systems,
        "compliant": total.compliant,
        "share": total.share,
        "rules": [{"key": rule.key, "label": str(rule.label), "met": total.rules.get(rule.key, 0)} for rule in RULES],
        "departments": [
            {"name": s.label, "systems": s.systems, "compliant": s.compliant, "share": s.share} for s in per_department
        ],
        "gaps": [
            {"system": e.system.name, "missing": [result.label for result in e.gaps]} for e in evaluations if not e.met
        ],
    }


# ---------------------------------------------------------------------------------------------
# Small figures for the dashboards


def open_tickets(organisation, departments=None):
    return (
        Ticket.objects.filter(organisation=organisation, status__in=OPEN_STATUSES)
        .filter(in_departments(departments))
        .count()
    )


def this_month(now=None):
    now = timezone.localtime(now or timezone.now(), STOCKHOLM)
    start = datetime.combine(now.date().replace(day=1), time(0), tzinfo=STOCKHOLM)
    return start, now
