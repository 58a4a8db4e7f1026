"""Spreadsheet exports shared by every app: CSV and XLSX from headers and rows.

No text cell may start a formula (CSV/XLSX injection): a leading ``=``, ``+``, ``-``, ``@``, tab
or carriage return gets an apostrophe. Numbers and dates stay numbers and dates in XLSX, so that
people can sum and sort them; CSV is semicolon-separated UTF-8 with a BOM, which is what Excel
opens correctly with Swedish settings.
"""

import csv
import io
from dataclasses import dataclass, field
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


@dataclass
class Sheet:
    """An XLSX sheet: ``xlsx_bytes`` takes these or plain ``(title, headers, rows)`` tuples.

    ``widths``: column widths from column A on. Without ``headers`` the sheet has no header row
    and nothing frozen (a sheet laid out by its rows, e.g. several tables one under the other).
    """

    title: str
    headers: list
    rows: list = field(default_factory=list)
    widths: list = field(default_factory=list)


@dataclass(frozen=True)
class Styled:
    """A cell with a look of its own: a number format, bold, a font size. The value is still made safe."""

    value: object
    number_format: str = ""
    bold: bool = False
    size: float | None = None


def _write_row(sheet, row_number, values):
    from openpyxl.styles import Font

    for column, value in enumerate(values, start=1):
        style = value if isinstance(value, Styled) else None
        item = sheet.cell(row=row_number, column=column, value=cell(style.value if style else value))
        if style and style.number_format:
            item.number_format = style.number_format
        elif isinstance(item.value, Decimal):
            item.number_format = MONEY_FORMAT
        elif isinstance(item.value, date):
            item.number_format = DATE_FORMAT
        if style and (style.bold or style.size):
            item.font = Font(bold=style.bold, size=style.size)


def xlsx_bytes(sheets):
    """A workbook of :class:`Sheet` or ``(title, headers, rows)`` sheets: bold frozen headers, formats."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        spec = spec if isinstance(spec, Sheet) else Sheet(*spec)
        sheet = workbook.create_sheet(str(spec.title)[:31])
        if spec.headers:
            _write_row(sheet, 1, [Styled(str(header), bold=True) for header in spec.headers])
            sheet.freeze_panes = "A2"
        for row_number, row in enumerate(spec.rows, start=2 if spec.headers else 1):
            _write_row(sheet, row_number, row)
        for column, width in enumerate(spec.widths, start=1):
            if width:
                sheet.column_dimensions[get_column_letter(column)].width = width
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
