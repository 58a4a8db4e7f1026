"""Export configuration items as CSV or XLSX, in the columns the import reads back.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading apostrophe, so that a spreadsheet shows it as text instead of running it as a formula
(CSV injection); the import removes that apostrophe again.
"""

import csv
import io
from datetime import date

from django.http import HttpResponse

from styrbord.core.spreadsheets import escape_formula

from .importing import COLUMNS

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    return escape_formula(value) if isinstance(value, str) else value


def csv_bytes(headers, rows):
    """Semicolon-separated UTF-8 with a BOM: what Excel opens correctly in Sweden."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(str(h)) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v.isoformat() if isinstance(v, date) else str(v)) for v in row])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(headers, rows, title="Export"):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([safe_cell(str(h)) for h in headers])
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def download(headers, rows, *, fmt, filename, title="Export"):
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(headers, rows, title), content_type=XLSX_TYPE)
        filename += ".xlsx"
    else:
        response = HttpResponse(csv_bytes(headers, rows), content_type=CSV_TYPE)
        filename += ".csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def item_table(items):
    """Headers and rows for ``items`` (with type, person and department loaded): common columns, then attributes."""
    items = list(items)
    attribute_names = []
    seen_types = set()
    for item in items:
        if item.item_type_id in seen_types:
            continue
        seen_types.add(item.item_type_id)
        for definition in item.item_type.field_definitions:
            if definition["name"] not in attribute_names and definition["name"] not in COLUMNS:
                attribute_names.append(definition["name"])
    headers = [*COLUMNS, *attribute_names]
    rows = []
    for item in items:
        common = {
            "name": item.name,
            "type": item.item_type.code,
            "status": item.status,
            "assigned_to": item.assigned_to.username if item.assigned_to_id else "",
            "department": (item.department.cost_centre or item.department.name) if item.department_id else "",
        }
        row = [common[c] if c in common else getattr(item, COLUMNS[c]) for c in COLUMNS]
        values = item.attributes or {}
        row.extend(values.get(name, "") for name in attribute_names)
        rows.append(row)
    return headers, rows
