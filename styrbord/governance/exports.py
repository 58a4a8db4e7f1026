"""The decision log as CSV or XLSX: the entries the filters found, newest first.

Text cells go through ``escape_formula`` so that none can start a formula (CSV/XLSX injection);
dates stay dates.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from styrbord.core.spreadsheets import download


def headers():
    return [
        _("Reference"),
        _("Date"),
        _("Level"),
        _("Forum"),
        _("Title"),
        _("Decision"),
        _("Rationale"),
        _("Decided by"),
        _("Concerns"),
        _("Follow-up date"),
        _("Status"),
        _("Changes"),
        _("Changed by"),
    ]


def row(entry):
    return [
        entry.reference,
        entry.date,
        entry.level,
        entry.forum,
        entry.title,
        entry.text,
        entry.rationale,
        entry.decided_by,
        ", ".join(label for label, _url in entry.subjects),
        entry.follow_up_date,
        entry.status_display,
        f"{entry.changes[0]} {entry.changes[1]}" if entry.changes else "",
        ", ".join(f"{verb} {reference}" for verb, reference, _url in entry.changed_by),
    ]


def response(entries, kind):
    stamp = timezone.localdate().isoformat()
    rows = [row(entry) for entry in entries]
    fmt = "csv" if kind == "csv" else "xlsx"
    return download(headers(), rows, fmt=fmt, filename=f"decisions-{stamp}", title=_("Decisions"))
