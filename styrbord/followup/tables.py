"""The report's numbers as tables: the page, the PDF and the XLSX all show these.

A table is ``{"key", "caption", "headers", "units", "rows"}``; rows hold raw values (numbers,
text or None), ``units`` says per column how to show them ("kr", "%", "" or "text").
"""

from django.utils.translation import gettext as _


def _table(key, caption, headers, units, rows):
    return {"key": key, "caption": caption, "headers": headers, "units": units, "rows": rows}


def _get(part, *path):
    for key in path:
        if part is None:
            return None
        part = part.get(key)
    return part


def _summary(key, caption, report, part, items):
    """Label | this year | previous year, for ``items`` = [(label, path, unit)]."""
    this, last = report[part]["current"], report[part]["previous"]
    rows = [[label, _get(this, *path), _get(last, *path)] for label, path, _unit in items]
    units = ["text", "mixed", "mixed"]
    table = _table(key, caption, [_("Figure"), str(report["year"]), str(report["previous_year"])], units, rows)
    table["row_units"] = [unit for _label, _path, unit in items]
    return table


def economy_tables(report):
    year, previous_year = report["year"], report["previous_year"]
    this, last = report["economy"]["current"] or {}, report["economy"]["previous"] or {}
    tables = [
        _summary(
            "economy-summary",
            _("Economy in summary"),
            report,
            "economy",
            [
                (_("Departments' IT budgets"), ("total", "budget"), "kr"),
                (_("Charged and forecast"), ("total", "total"), "kr"),
                (_("of which charged"), ("total", "outcome"), "kr"),
                (_("Deviation from budget"), ("total", "deviation"), "kr"),
                (_("IT unit's cost budget"), ("it_budget",), "kr"),
                (_("IT unit's revenue from charges"), ("revenue",), "kr"),
                (_("Cost coverage"), ("coverage",), "%"),
            ],
        )
    ]
    before = {row["name"]: row for row in last.get("departments", [])}
    tables.append(
        _table(
            "economy-departments",
            _("Budget against outcome per department"),
            [
                _("Department"),
                _("Budget %(year)s") % {"year": year},
                _("Charged and forecast %(year)s") % {"year": year},
                _("Deviation"),
                _("Budget used"),
                _("Charged %(year)s") % {"year": previous_year},
            ],
            ["text", "kr", "kr", "kr", "%", "kr"],
            [
                [
                    row["name"],
                    row["budget"],
                    row["total"],
                    row["deviation"],
                    row["used_share"],
                    _get(before.get(row["name"]), "total"),
                ]
                for row in this.get("departments", [])
            ],
        )
    )
    before = {row["name"]: row for row in last.get("services", [])}
    names = [row["name"] for row in this.get("services", [])]
    names += [name for name in before if name not in names]
    current = {row["name"]: row for row in this.get("services", [])}
    tables.append(
        _table(
            "economy-services",
            _("Charges per service"),
            [_("Service"), str(year), str(previous_year)],
            ["text", "kr", "kr"],
            [[name, _get(current.get(name), "total"), _get(before.get(name), "total")] for name in names],
        )
    )
    return tables


def delivered_tables(report):
    this, last = report["delivered"]["current"] or {}, report["delivered"]["previous"] or {}
    before = {(row["service"], row["level"]): row for row in last.get("levels", [])}
    tables = [
        _summary(
            "delivered-summary",
            _("Delivered quality in summary"),
            report,
            "delivered",
            [
                (_("Tickets"), ("total", "tickets"), ""),
                (_("Response target met"), ("total", "response_share"), "%"),
                (_("Resolution target met"), ("total", "resolution_share"), "%"),
                (_("Levels meeting their availability target"), ("levels_meeting_availability",), ""),
                (_("Levels measured"), ("levels_measured",), ""),
                (_("Maintenance done on time"), ("maintenance", "on_time_share"), "%"),
            ],
        ),
        _table(
            "delivered-levels",
            _("Per service and level"),
            [
                _("Service"),
                _("Level"),
                _("Tickets"),
                _("Response target met"),
                _("Resolution target met"),
                _("Resolution target met %(year)s") % {"year": report["previous_year"]},
                _("Availability target"),
                _("Measured availability"),
                _("Unplanned outages"),
                _("Outage minutes in service hours"),
            ],
            ["text", "text", "", "%", "%", "%", "%", "%", "", ""],
            [
                [
                    row["service"] or _("Without a service level"),
                    row["level"],
                    row["tickets"],
                    row["response_share"],
                    row["resolution_share"],
                    _get(before.get((row["service"], row["level"])), "resolution_share"),
                    row["availability_target"],
                    row["availability"],
                    row["outages"],
                    row["outage_minutes"],
                ]
                for row in this.get("levels", [])
            ],
        ),
        _table(
            "delivered-months",
            _("Resolution target met per month"),
            [_("Month"), str(report["year"]), str(report["previous_year"])],
            ["text", "%", "%"],
            [
                [
                    row["month"],
                    row["resolution_share"],
                    _get((last.get("months") or [{}] * 12)[index], "resolution_share"),
                ]
                for index, row in enumerate(this.get("months", []))
            ],
        ),
        _table(
            "delivered-maintenance",
            _("Preventive maintenance per plan"),
            [_("Plan"), _("On time"), _("Late"), _("Missed"), _("Done on time")],
            ["text", "", "", "", "%"],
            [
                [row["title"], row["on_time"], row["late"], row["missed"], row["on_time_share"]]
                for row in _get(this, "maintenance", "plans") or []
            ],
        ),
    ]
    return tables


def perceived_tables(report):
    this = report["perceived"]["current"] or {}
    tables = [
        _summary(
            "perceived-summary",
            _("Satisfaction after closed tickets"),
            report,
            "perceived",
            [
                (_("Answers"), ("tickets", "answers"), ""),
                (_("Average score (1–5)"), ("tickets", "mean"), ""),
                (_("Satisfied (4 or 5)"), ("tickets", "satisfied_share"), "%"),
                (_("Surveys sent"), ("tickets", "sent"), ""),
                (_("Response rate"), ("tickets", "response_rate"), "%"),
            ],
        ),
        _table(
            "perceived-services",
            _("Average score per service"),
            [_("Service"), _("Answers"), _("Average score (1–5)")],
            ["text", "", ""],
            [[row["name"], row["answers"], row["mean"]] for row in _get(this, "tickets", "services") or []],
        ),
    ]
    surveys, surveys_before = this.get("surveys"), _get(report["perceived"]["previous"], "surveys")
    if isinstance(surveys, dict):
        rows = [
            [str(key).replace("_", " "), value, (surveys_before or {}).get(key)]
            for key, value in surveys.items()
            if isinstance(value, int | float | type(None)) and not isinstance(value, bool)
        ]
        tables.append(
            _table(
                "perceived-surveys",
                _("Customer surveys (NKI)"),
                [_("Figure"), str(report["year"]), str(report["previous_year"])],
                ["text", "", ""],
                rows,
            )
        )
    return tables


def security_tables(report):
    if report["security"]["current"] is None:
        return []
    return [
        _summary(
            "security-summary",
            _("IT-security quality"),
            report,
            "security",
            [
                (_("Vital systems"), ("vital_systems",), ""),
                (_("Vital systems with a current classification"), ("classified_share",), "%"),
                (_("Required security measures"), ("required_measures",), ""),
                (_("Required measures in place"), ("measures_met_share",), "%"),
                (_("Open actions"), ("actions_open",), ""),
                (_("Overdue actions"), ("actions_overdue",), ""),
                (_("Security incidents"), ("incidents",), ""),
            ],
        )
    ]


def systems_tables(report):
    this, last = report["systems"]["current"] or {}, report["systems"]["previous"] or {}
    before = {rule["key"]: rule["met"] for rule in last.get("rules", [])}
    return [
        _summary(
            "systems-summary",
            _("System-management quality"),
            report,
            "systems",
            [
                (_("Vital systems"), ("vital_systems",), ""),
                (_("Meeting every management rule"), ("compliant",), ""),
                (_("Share meeting every rule"), ("share",), "%"),
            ],
        ),
        _table(
            "systems-rules",
            _("Vital systems meeting each rule"),
            [_("Rule"), str(report["year"]), str(report["previous_year"])],
            ["text", "", ""],
            [[rule["label"], rule["met"], before.get(rule["key"])] for rule in this.get("rules", [])],
        ),
        _table(
            "systems-gaps",
            _("Vital systems with gaps"),
            [_("System"), _("Missing")],
            ["text", "text"],
            [[row["system"], ", ".join(row["missing"])] for row in this.get("gaps", [])],
        ),
    ]


TABLES = {
    "economy": economy_tables,
    "delivered": delivered_tables,
    "perceived": perceived_tables,
    "security": security_tables,
    "systems": systems_tables,
}


def tables_for(report):
    return {part: function(report) for part, function in TABLES.items()}


def members_table(report):
    """A cooperation report's key figures per municipality."""
    rows = []
    for member in report.get("members", []):
        rows.append(
            [
                member["organisation"]["name"],
                _get(member, "economy", "current", "total", "total"),
                _get(member, "economy", "current", "total", "budget"),
                _get(member, "delivered", "current", "total", "resolution_share"),
                _get(member, "perceived", "current", "tickets", "mean"),
                _get(member, "systems", "current", "share"),
            ]
        )
    return _table(
        "members",
        _("Per municipality"),
        [
            _("Municipality"),
            _("Charged and forecast"),
            _("Departments' IT budgets"),
            _("Resolution target met"),
            _("Average score (1–5)"),
            _("Vital systems meeting every rule"),
        ],
        ["text", "kr", "kr", "%", "", "%"],
        rows,
    )


def cell_unit(table, row_index, column):
    unit = table["units"][column]
    if unit == "mixed":
        return table.get("row_units", [""] * len(table["rows"]))[row_index]
    return unit


def display(table):
    """The table with each cell as shown text (numbers formatted the Swedish way when Swedish is on)."""
    from .charts import fmt

    rows = []
    for row_index, row in enumerate(table["rows"]):
        cells = []
        for column, value in enumerate(row):
            unit = cell_unit(table, row_index, column)
            if unit == "text" or isinstance(value, str):
                cells.append({"text": "" if value is None else value, "numeric": False})
            else:
                cells.append({"text": fmt(value, unit), "numeric": True})
        rows.append(cells)
    return {**table, "display_rows": rows}
