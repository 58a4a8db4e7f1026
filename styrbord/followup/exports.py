"""The report as PDF (WeasyPrint, from the same tables and charts as the page) and as XLSX
(a sheet per part, the tables' raw numbers so that they can be computed with).
"""

import io

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from styrbord.core.spreadsheets import escape_formula

from .choices import PARTS
from .tables import cell_unit, members_table, tables_for

NUMBER_FORMATS = {"kr": "#,##0.00", "%": "0.0", "": "#,##0.##"}


def report_pdf(report, figures):
    """The report as a PDF document (bytes)."""
    from weasyprint import CSS, HTML

    from .views import report_context

    html = render_to_string("followup/report_print.html", report_context(report, figures))
    stylesheet = finders.find("followup/followup.css")
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=stylesheet)] if stylesheet else None)


def _cell(value):
    if value is None or isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return escape_formula(value)


def _write_table(worksheet, table):
    worksheet.append([table["caption"]])
    worksheet.cell(row=worksheet.max_row, column=1).font = Font(bold=True, size=12)
    worksheet.append([escape_formula(header) for header in table["headers"]])
    for cell in worksheet[worksheet.max_row]:
        cell.font = Font(bold=True)
    for row_index, row in enumerate(table["rows"]):
        worksheet.append([_cell(value) for value in row])
        for column, cell in enumerate(worksheet[worksheet.max_row]):
            if isinstance(cell.value, int | float):
                cell.number_format = NUMBER_FORMATS.get(cell_unit(table, row_index, column), "General")
    worksheet.append([])


def report_xlsx(report, figures):
    """The report as an XLSX workbook (bytes): a sheet per part, its tables and the assessment."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    tables = tables_for(figures)
    overview = workbook.create_sheet(_("Report")[:31])
    overview.append([escape_formula(figures["organisation"]["name"] if figures.get("organisation") else "")])
    overview.append([_("Year"), report.year])
    overview.append([_("Status"), escape_formula(report.get_status_display())])
    if report.frozen_at:
        overview.append([_("Frozen"), report.frozen_at.strftime("%Y-%m-%d %H:%M")])
    if figures.get("members"):
        overview.append([])
        _write_table(overview, members_table(figures))
    overview.column_dimensions["A"].width = 40
    for key, label in PARTS:
        worksheet = workbook.create_sheet(str(label)[:31])
        for table in tables[key]:
            _write_table(worksheet, table)
        assessment = report.assessment(key)
        worksheet.append([_("The head of IT's assessment")])
        worksheet.cell(row=worksheet.max_row, column=1).font = Font(bold=True)
        worksheet.append([escape_formula(assessment)])
        worksheet.column_dimensions["A"].width = 40
        for letter in "BCDEFGHIJ":
            worksheet.column_dimensions[letter].width = 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
