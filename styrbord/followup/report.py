"""The annual follow-up report (strategy §11): five parts, this year beside the previous one.

``build_report(organisation, year)`` returns a plain, JSON-ready dict::

    {"organisation": {"id", "name"}, "year", "previous_year", "generated_at", "cooperation": False,
     "economy":   {"current": {...}, "previous": {...}},
     "delivered": {"current": ..., "previous": ...},
     "perceived": ..., "security": ..., "systems": ...}

Each part is computed by the functions in ``figures.py`` with database aggregation, in a
number of queries that does not depend on the number of tickets. ``build_cooperation_report``
does the same for a cooperation: each municipality's report and the figures together.
"""

from django.utils import timezone

from . import figures
from .choices import PART_KEYS


def _security_years(organisation, year, departments):
    current = figures.security(organisation, year, departments)
    if current is None:
        return {"current": None, "previous": None}
    previous = current.pop("previous", None)
    if previous is None:
        previous = figures.security(organisation, year - 1, departments)
        if previous is not None:
            previous.pop("previous", None)
    return {"current": current, "previous": previous}


def build_report(organisation, year, departments=None, now=None):
    """The five parts of ``organisation``'s follow-up of ``year`` and of the year before."""
    now = now or timezone.now()

    def both(function, **kwargs):
        return {
            "current": function(organisation, year, departments, **kwargs),
            "previous": function(organisation, year - 1, departments, **kwargs),
        }

    return figures.plain(
        {
            "organisation": {"id": organisation.pk, "name": organisation.name},
            "year": year,
            "previous_year": year - 1,
            "generated_at": now,
            "cooperation": False,
            "economy": both(figures.economy),
            "delivered": both(figures.delivered, now=now),
            "perceived": both(figures.perceived, now=now),
            "security": _security_years(organisation, year, departments),
            "systems": both(figures.systems),
        }
    )


def cooperation_members(organisation):
    """The host organisation and every active organisation its IT unit serves, host first."""
    served = list(organisation.served_organisations.filter(is_active=True).order_by("name"))
    return [organisation, *served]


def build_cooperation_report(organisations, year, now=None):
    """Each municipality's report and the figures of the cooperation together (the first is the host)."""
    now = now or timezone.now()
    organisations = list(organisations)
    reports = [build_report(organisation, year, now=now) for organisation in organisations]
    together = {
        "organisation": reports[0]["organisation"] if reports else None,
        "year": year,
        "previous_year": year - 1,
        "generated_at": figures.plain(now),
        "cooperation": True,
    }
    for part in PART_KEYS:
        together[part] = {
            when: COMBINE[part]([(r["organisation"]["name"], r[part][when]) for r in reports])
            for when in ("current", "previous")
        }
    return {**together, "members": reports}


# ---------------------------------------------------------------------------------------------
# Adding municipalities' figures together


def _sum(items, key):
    values = [item[key] for item in items if item and item.get(key) is not None]
    return sum(values) if values else None


def _labelled(name, rows, key="name"):
    return [{**row, key: f"{name}: {row[key]}" if row.get(key) else name} for row in rows]


def _combine_economy(parts):
    parts = [(name, part) for name, part in parts if part]
    total = {key: _sum([p["total"] for _n, p in parts], key) for key in ("budget", "outcome", "forecast", "total")}
    total["deviation"] = None if total["budget"] is None else round(total["budget"] - (total["total"] or 0), 2)
    total["used_share"] = figures.share(total["total"] or 0, total["budget"]) if total["budget"] else None
    it_budget = _sum([p for _n, p in parts], "it_budget")
    revenue = _sum([p for _n, p in parts], "revenue")
    return {
        "departments": [row for name, part in parts for row in _labelled(name, part["departments"])],
        "services": [row for name, part in parts for row in _labelled(name, part["services"])],
        "total": total,
        "it_budget": it_budget,
        "revenue": revenue,
        # The IT unit's revenue from every municipality against its cost budget.
        "coverage": round(100 * revenue / it_budget, 1) if it_budget and revenue is not None else None,
        "months": [round(sum(p["months"][m] or 0 for _n, p in parts), 2) for m in range(12)],
    }


COUNT_KEYS = ("tickets", "response_decided", "response_met", "resolution_decided", "resolution_met")


def _shares(counts):
    return {
        **counts,
        "response_share": figures.share(counts["response_met"], counts["response_decided"]),
        "resolution_share": figures.share(counts["resolution_met"], counts["resolution_decided"]),
    }


def _combine_delivered(parts):
    parts = [(name, part) for name, part in parts if part]
    levels = [row for name, part in parts for row in _labelled(name, part["levels"], "service")]
    months = [
        _shares({"month": m + 1, **{k: sum(p["months"][m][k] for _n, p in parts) for k in COUNT_KEYS}})
        for m in range(12)
    ]
    done = {k: sum(p["maintenance"][k] for _n, p in parts) for k in ("on_time", "late", "missed")}
    return {
        "levels": levels,
        "total": _shares({k: sum(p["total"][k] for _n, p in parts) for k in COUNT_KEYS}),
        "levels_meeting_availability": sum(p["levels_meeting_availability"] for _n, p in parts),
        "levels_measured": sum(p["levels_measured"] for _n, p in parts),
        "months": months,
        "maintenance": {
            **done,
            "plans": [row for name, part in parts for row in _labelled(name, part["maintenance"]["plans"], "title")],
            "on_time_share": figures.share(done["on_time"], sum(done.values())),
        },
    }


def _combine_perceived(parts):
    tickets = [p["tickets"] for _n, p in parts if p]
    distribution = [sum(t["distribution"][i] for t in tickets) for i in range(5)]
    n = sum(distribution)
    sent = sum(t["sent"] for t in tickets)
    answered_of_sent = sum(round((t["response_rate"] or 0) * t["sent"] / 100) for t in tickets)
    return {
        "tickets": {
            "answers": n,
            "distribution": distribution,
            "mean": round(sum(s * c for s, c in enumerate(distribution, start=1)) / n, 2) if n else None,
            "satisfied_share": figures.share(distribution[3] + distribution[4], n),
            "sent": sent,
            "response_rate": figures.share(answered_of_sent, sent),
            "services": [row for name, p in parts if p for row in _labelled(name, p["tickets"]["services"])],
        },
        "surveys": None,  # Each municipality's own survey rounds are in its report.
    }


SECURITY_COUNTS = (
    "vital_systems",
    "classified",
    "required_measures",
    "not_applicable",
    "measures_met",
    "actions_open",
    "actions_overdue",
    "incidents",
)


def _combine_security(parts):
    parts = [part for _n, part in parts if part]
    if not parts:
        return None
    combined = {key: sum(p.get(key) or 0 for p in parts) for key in SECURITY_COUNTS}
    combined["classified_share"] = figures.share(combined["classified"], combined["vital_systems"])
    combined["measures_met_share"] = figures.share(
        combined["measures_met"], combined["required_measures"] - combined["not_applicable"]
    )
    combined["incidents_by_month"] = [sum(p["incidents_by_month"][m] for p in parts) for m in range(12)]
    return combined


def _combine_systems(parts):
    parts = [(name, part) for name, part in parts if part]
    systems = sum(p["vital_systems"] for _n, p in parts)
    compliant = sum(p["compliant"] for _n, p in parts)
    rules = {}
    for _n, part in parts:
        for rule in part["rules"]:
            rules.setdefault(rule["key"], {**rule, "met": 0})["met"] += rule["met"]
    return {
        "vital_systems": systems,
        "compliant": compliant,
        "share": figures.share(compliant, systems),
        "rules": list(rules.values()),
        "departments": [
            {**row, "name": f"{name}: {row['name']}"} for name, part in parts for row in part["departments"]
        ],
        "gaps": [{**row, "system": f"{name}: {row['system']}"} for name, part in parts for row in part["gaps"]],
    }


COMBINE = {
    "economy": _combine_economy,
    "delivered": _combine_delivered,
    "perceived": _combine_perceived,
    "security": _combine_security,
    "systems": _combine_systems,
}


def figures_of(report):
    """The figures a report shows: its snapshot when frozen, else computed now."""
    if report.is_frozen and report.snapshot:
        return report.snapshot
    if report.covers_cooperation:
        return build_cooperation_report(cooperation_members(report.organisation), report.year)
    return build_report(report.organisation, report.year)
