"""The report as PDF (WeasyPrint, from the same tables and charts as the page) and as XLSX
(a sheet per part, the tables' raw numbers so that they can be computed with).
"""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from styrbord.core.spreadsheets import Sheet, Styled, xlsx_bytes

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


def _table_rows(table):
    """A table as sheet rows: its caption, bold headers, the numbers with their unit's format, a blank row."""
    rows = [[Styled(table["caption"], bold=True, size=12)], [Styled(header, bold=True) for header in table["headers"]]]
    for row_index, row in enumerate(table["rows"]):
        rows.append(
            [
                Styled(value, number_format=NUMBER_FORMATS.get(cell_unit(table, row_index, column), "General"))
                if isinstance(value, int | float) and not isinstance(value, bool)
                else value
                for column, value in enumerate(row)
            ]
        )
    rows.append([])
    return rows


def report_xlsx(report, figures):
    """The report as an XLSX workbook (bytes): a sheet per part, its tables and the assessment."""
    tables = tables_for(figures)
    overview = [
        [figures["organisation"]["name"] if figures.get("organisation") else ""],
        [_("Year"), report.year],
        [_("Status"), report.get_status_display()],
    ]
    if report.frozen_at:
        overview.append([_("Frozen"), report.frozen_at.strftime("%Y-%m-%d %H:%M")])
    if figures.get("members"):
        overview.append([])
        overview.extend(_table_rows(members_table(figures)))
    sheets = [Sheet(_("Report"), headers=[], rows=overview, widths=[40])]
    for key, label in PARTS:
        rows = [row for table in tables[key] for row in _table_rows(table)]
        rows.append([Styled(_("The head of IT's assessment"), bold=True)])
        rows.append([report.assessment(key)])
        sheets.append(Sheet(label, headers=[], rows=rows, widths=[40] + [16] * 9))
    return xlsx_bytes(sheets)
