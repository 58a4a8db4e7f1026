"""Exports of the charges (CSV, XLSX, SIE 4) and of a budget round's forecast (CSV, XLSX).

Choices, and why:

- CSV is for people who open it in Excel with Swedish settings, which is what municipal finance
  staff do: semicolon separated, UTF-8 with a byte-order mark (so that Excel reads å, ä, ö) and a
  decimal comma (so that Excel reads amounts as numbers). Programs should use the API (JSON) or
  the SIE file instead.
- XLSX holds amounts as numbers with a number format, so that sums and pivots work; a second
  sheet lists every charge line with what it corrects.
- A text cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) would be
  read as a formula by a spreadsheet: it gets an apostrophe in front (OWASP's CSV-injection
  advice). Numbers are written as numbers and are never escaped.
- CSV and XLSX summarise per month, department (with its cost centre) and service, with a column
  per kind of charge. They contain the rows the person may read, so a department head can export
  their own departments.
- SIE 4 is the internal invoicing for the finance system, the whole organisation's: per month,
  one voucher per department dated the month's last day, with a cost line per service on the
  configured cost account and the department's cost centre, and one line with the negated total
  on the revenue account and the IT unit's cost centre, so every voucher sums to zero. A year's
  export holds the vouchers of each month. A department without a cost centre of its own is
  booked on its nearest ancestor's; when there is none the export is refused with the names.
  ``#FORMAT PC8`` means code page 437; characters it lacks are replaced.
"""

import csv
import io
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

import styrbord
from styrbord.core.spreadsheets import MONEY_FORMAT as MONEY_FORMAT  # the format amounts have in XLSX
from styrbord.core.spreadsheets import Sheet, escape_formula, xlsx_bytes

from .charging import month_bounds, summed
from .choices import ChargeKind, ExportFormat
from .models import ChargeLine, FinanceSettings
from .services import month_label

CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.SIE: "text/plain; charset=cp437",
}
EXTENSIONS = {ExportFormat.CSV: "csv", ExportFormat.XLSX: "xlsx", ExportFormat.SIE: "se"}


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, int | date):
        return str(value)
    return escape_formula(value)


def write_csv(sheet):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([escape_formula(header) for header in sheet.headers])
    for row in sheet.rows:
        writer.writerow([csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# ---------------------------------------------------------------------------------------------
# Charges


def period_filter(year, month=None):
    return {"year": year, "month": month} if month else {"year": year}


def booking_cost_centres(organisation):
    """{department id: cost centre to book on}: its own, else its nearest ancestor's (one query)."""
    from styrbord.organisations.models import Department

    departments = list(Department.objects.in_organisation(organisation).values("pk", "path", "cost_centre", "name"))
    by_pk = {department["pk"]: department for department in departments}
    result = {}
    for department in departments:
        code = ""
        for pk in reversed([int(part) for part in department["path"].strip("/").split("/") if part]):
            code = by_pk.get(pk, {}).get("cost_centre", "")
            if code:
                break
        result[department["pk"]] = code
    return result, by_pk


KIND_COLUMNS = [ChargeKind.MONTHLY, ChargeKind.HOURLY, ChargeKind.ONE_OFF, ChargeKind.ADJUSTMENT]


def summary_sheet(lines, organisation):
    """Per month, department and service: one column per kind of charge and the total."""
    cost_centres, _departments = booking_cost_centres(organisation)
    totals = defaultdict(lambda: defaultdict(Decimal))
    names = {}
    for row in summed(
        lines.values("year", "month", "department_id", "department__name", "service__code", "service__name", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        key = (row["year"], row["month"], row["department_id"], row["service__code"])
        totals[key][row["kind"]] += row["total"]
        names[key] = (row["department__name"], row["service__name"])
    sheet = Sheet(
        title=_("Charges"),
        headers=[
            _("Year"),
            _("Month"),
            _("Cost centre"),
            _("Department"),
            _("Service code"),
            _("Service"),
            *[ChargeKind(kind).label for kind in KIND_COLUMNS],
            _("Total"),
        ],
        widths=[7, 7, 12, 36, 16, 36, 14, 14, 14, 14, 14],
    )
    for key in sorted(totals, key=lambda key: (key[0], key[1], cost_centres.get(key[2], ""), names[key])):
        year, month, department_id, service_code = key
        amounts = [totals[key][kind] for kind in KIND_COLUMNS]
        sheet.rows.append(
            [
                year,
                month,
                cost_centres.get(department_id, ""),
                names[key][0],
                service_code,
                names[key][1],
                *amounts,
                sum(amounts, Decimal("0")),
            ]
        )
    return sheet


def lines_sheet(lines, organisation):
    cost_centres, _departments = booking_cost_centres(organisation)
    sheet = Sheet(
        title=_("Lines"),
        headers=[
            _("Line"),
            _("Year"),
            _("Month"),
            _("Cost centre"),
            _("Department"),
            _("Service"),
            _("Level"),
            _("Kind"),
            _("Quantity"),
            _("Unit price"),
            _("Days charged"),
            _("Amount"),
            _("Description"),
            _("Corrects month"),
            _("Corrects line"),
            _("Date"),
            _("Reference"),
        ],
        widths=[8, 7, 7, 12, 30, 30, 14, 16, 10, 12, 8, 14, 40, 10, 10, 12, 20],
    )
    for line in lines.select_related("department", "service", "level").order_by("year", "month", "id"):
        corrected = month_label(line.corrected_year, line.corrected_month) if line.corrected_year else ""
        sheet.rows.append(
            [
                line.pk,
                line.year,
                line.month,
                cost_centres.get(line.department_id, ""),
                line.department.name,
                line.service.name,
                line.level.name if line.level_id else "",
                line.get_kind_display(),
                line.quantity,
                line.unit_price,
                line.active_days,
                line.amount,
                line.description,
                corrected,
                line.corrects_id,
                line.work_date,
                line.reference,
            ]
        )
    return sheet


# ---------------------------------------------------------------------------------------------
# SIE 4


def sie_string(text):
    text = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def sie_amount(value):
    return f"{Decimal(value):.2f}"


def sie_objects(settings, cost_centre):
    parts = [f"{settings.cost_centre_dimension} {sie_string(cost_centre)}"]
    if settings.counterpart_dimension and settings.counterpart_code:
        parts.append(f"{settings.counterpart_dimension} {sie_string(settings.counterpart_code)}")
    return "{" + " ".join(parts) + "}"


def charges_sie(organisation, year, month=None):
    """The internal invoicing of a month or a year as SIE 4 bytes (code page 437)."""
    settings = FinanceSettings.for_organisation(organisation)
    if not settings.it_cost_centre:
        raise ValidationError({"format": _("Set the IT unit's cost centre in the finance settings first.")})
    cost_centres, departments = booking_cost_centres(organisation)
    sums = (
        ChargeLine.objects.in_organisation(organisation)
        .filter(**period_filter(year, month))
        .values("year", "month", "department_id", "service__name")
        .annotate(total=Sum("amount"))
        .order_by("year", "month", "department__path", "service__name")
    )
    vouchers = defaultdict(list)
    for row in summed(sums):
        if row["total"]:
            vouchers[(row["year"], row["month"], row["department_id"])].append((row["service__name"], row["total"]))
    without = sorted({departments[key[2]]["name"] for key in vouchers if not cost_centres.get(key[2])})
    if without:
        raise ValidationError(
            {
                "format": _("These departments have no cost centre to book on: %(names)s.")
                % {"names": ", ".join(without)}
            }
        )
    used = {cost_centres[key[2]] for key in vouchers} | {settings.it_cost_centre}
    names = {}
    for department in sorted(departments.values(), key=lambda department: department["path"], reverse=True):
        if department["cost_centre"]:
            names[department["cost_centre"]] = department["name"]
    lines = [
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#SIETYP 4",
        f"#PROGRAM {sie_string('Styrbord')} {sie_string(styrbord.__version__)}",
        f"#GEN {timezone.localdate():%Y%m%d}",
        f"#FNAMN {sie_string(organisation.name)}",
        f"#ORGNR {organisation.org_number}",
        f"#RAR 0 {year}0101 {year}1231",
        f"#KONTO {settings.cost_account} {sie_string(settings.cost_account_name)}",
        f"#KTYP {settings.cost_account} K",
        f"#KONTO {settings.revenue_account} {sie_string(settings.revenue_account_name)}",
        f"#KTYP {settings.revenue_account} I",
        f"#DIM {settings.cost_centre_dimension} {sie_string(settings.cost_centre_dimension_name)}",
    ]
    if settings.counterpart_dimension and settings.counterpart_code:
        counterpart, internal = _("Counterpart"), _("Internal")
        lines.append(f"#DIM {settings.counterpart_dimension} {sie_string(counterpart)}")
        lines.append(
            f"#OBJEKT {settings.counterpart_dimension} {sie_string(settings.counterpart_code)} {sie_string(internal)}"
        )
    for code in sorted(used):
        lines.append(f"#OBJEKT {settings.cost_centre_dimension} {sie_string(code)} {sie_string(names.get(code, code))}")
    for number, (voucher_year, voucher_month, department_id) in enumerate(sorted(vouchers), start=1):
        department = departments[department_id]
        rows = vouchers[(voucher_year, voucher_month, department_id)]
        day = month_bounds(voucher_year, voucher_month)[1]
        text = _("Internal IT charges %(month)s %(department)s") % {
            "month": month_label(voucher_year, voucher_month),
            "department": department["name"],
        }
        lines.append(f"#VER {sie_string(settings.voucher_series)} {number} {day:%Y%m%d} {sie_string(text)}")
        lines.append("{")
        cost_objects = sie_objects(settings, cost_centres[department_id])
        for service_name, amount in rows:
            lines.append(
                f'#TRANS {settings.cost_account} {cost_objects} {sie_amount(amount)} "" {sie_string(service_name)}'
            )
        total = sum((amount for _name, amount in rows), Decimal("0"))
        lines.append(
            f"#TRANS {settings.revenue_account} {sie_objects(settings, settings.it_cost_centre)} "
            f'{sie_amount(-total)} "" {sie_string(department["name"])}'
        )
        lines.append("}")
    text = "\r\n".join(lines) + "\r\n"
    for original, plain in {"–": "-", "—": "-", "’": "'", "‘": "'", "”": '"', "“": '"', "…": "..."}.items():
        text = text.replace(original, plain)
    return text.encode("cp437", errors="replace")


def export_charges(organisation, year, month=None, fmt=ExportFormat.CSV, lines=None):
    """(content, file name, content type) of a month's or a year's charges.

    ``lines``: the charge lines to include in CSV and XLSX (the rows the person may read);
    the SIE file always holds the organisation's.
    """
    if lines is None:
        lines = ChargeLine.objects.in_organisation(organisation)
    lines = lines.filter(**period_filter(year, month))
    period = month_label(year, month) if month else str(year)
    charges = _("charges")
    stem = f"styrbord-{charges}-{organisation.short_name or organisation.org_number}-{period}".replace(" ", "-")
    fmt = ExportFormat(fmt)
    if fmt == ExportFormat.SIE:
        content = charges_sie(organisation, year, month)
    elif fmt == ExportFormat.XLSX:
        content = xlsx_bytes([summary_sheet(lines, organisation), lines_sheet(lines, organisation)])
    else:
        content = write_csv(summary_sheet(lines, organisation))
    return content, f"{stem}.{EXTENSIONS[fmt]}", CONTENT_TYPES[fmt]


# ---------------------------------------------------------------------------------------------
# Budget round


def forecast_sheet(forecast_lines):
    sheet = Sheet(
        title=_("Budget forecast"),
        headers=[
            _("Cost centre"),
            _("Department"),
            _("Service code"),
            _("Service"),
            _("Level"),
            _("Carried forward"),
            _("Planned needs"),
            _("Total"),
            _("Price"),
        ],
        widths=[12, 36, 16, 36, 14, 16, 16, 16, 24],
    )
    for line in forecast_lines:
        if line.missing_price:
            note = _("no published price")
        elif line.estimated:
            note = _("estimated from this year's price")
        else:
            note = ""
        sheet.rows.append(
            [
                line.department.cost_centre,
                line.department.name,
                line.service.code,
                line.service.name,
                line.level.name if line.level else "",
                line.carried,
                line.needs,
                line.total,
                note,
            ]
        )
    return sheet


def export_forecast(budget_round, forecast_lines, fmt=ExportFormat.CSV):
    fmt = ExportFormat(fmt)
    if fmt == ExportFormat.SIE:
        raise ValidationError({"format": _("A budget forecast is exported as CSV or XLSX.")})
    sheet = forecast_sheet(forecast_lines)
    content = xlsx_bytes([sheet]) if fmt == ExportFormat.XLSX else write_csv(sheet)
    budget = _("budget")
    stem = f"styrbord-{budget}-{budget_round.organisation.short_name or budget_round.organisation.org_number}"
    return content, f"{stem}-{budget_round.year}.{EXTENSIONS[fmt]}".replace(" ", "-"), CONTENT_TYPES[fmt]
