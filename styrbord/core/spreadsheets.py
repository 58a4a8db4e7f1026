"""Spreadsheet exports shared by every app: CSV and XLSX from headers and rows.

No text cell may start a formula (CSV/XLSX injection): a leading ``=``, ``+``, ``-``, ``@``, tab
or carriage return gets an apostrophe. Numbers and dates stay numbers and dates in XLSX, so that
people can sum and sort them; CSV is semicolon-separated UTF-8 with a BOM, which is what Excel
opens correctly with Swedish settings.
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"


def escape_formula(text):
    """Make a text cell safe to open in a spreadsheet (a leading apostrophe disarms a formula)."""
    text = "" if text is None else str(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value):
    """An XLSX cell: numbers, dates and empty cells as they are, everything else as safe text."""
    if value is None or isinstance(value, bool | int | float | Decimal | date):
        return value
    return escape_formula(value)


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bool | int | float | Decimal):
        return str(value)
    return escape_formula(value)


def csv_bytes(headers, rows):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_cell(str(header)) for header in headers])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(sheets):
    """A workbook of ``(title, headers, rows)`` sheets: bold headers, frozen header row, formats."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(str(title)[:31])
        sheet.append([escape_formula(str(header)) for header in headers])
        for header in sheet[1]:
            header.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in rows:
            sheet.append([cell(value) for value in row])
            for item in sheet[sheet.max_row]:
                if isinstance(item.value, Decimal):
                    item.number_format = MONEY_FORMAT
                elif isinstance(item.value, date):
                    item.number_format = DATE_FORMAT
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def attachment(content, *, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def download(headers, rows, *, fmt, filename, title="Export"):
    """One table as a CSV or XLSX download; ``filename`` without its extension."""
    if fmt == "xlsx":
        return attachment(xlsx_bytes([(title, headers, rows)]), content_type=XLSX_TYPE, filename=f"{filename}.xlsx")
    return attachment(csv_bytes(headers, rows), content_type=CSV_TYPE, filename=f"{filename}.csv")
