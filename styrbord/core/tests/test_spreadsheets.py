"""The shared XLSX writer: plain sheets, sheets with widths and styled cells, formula escaping."""

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from styrbord.core.spreadsheets import DATE_FORMAT, MONEY_FORMAT, Sheet, Styled, xlsx_bytes


def test_plain_sheets_have_bold_frozen_headers_and_formats():
    content = xlsx_bytes([("Items", ["=Name", "Cost", "Day"], [["@x", Decimal("1.50"), date(2024, 12, 24)]])])
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet.title == "Items" and sheet.freeze_panes == "A2"
    assert [item.value for item in sheet[1]] == ["'=Name", "Cost", "Day"] and sheet["A1"].font.bold
    assert sheet["A2"].value == "'@x"
    assert sheet["B2"].value == 1.5 and sheet["B2"].number_format == MONEY_FORMAT
    assert sheet["C2"].value.date() == date(2024, 12, 24) and sheet["C2"].number_format == DATE_FORMAT


def test_sheets_with_widths_and_styled_cells_and_no_header_row():
    sheets = [
        Sheet("A very long title that does not fit in a sheet name", headers=["Code"], rows=[["-1"]], widths=[30]),
        Sheet(
            "Report",
            headers=[],
            rows=[
                [Styled("+caption", bold=True, size=12)],
                [Styled(99.932, number_format="0.0"), Styled("=1+1", number_format="0.0"), 3],
                [],
                ["after a blank row"],
            ],
            widths=[40, None, 16],
        ),
    ]
    first, second = load_workbook(io.BytesIO(xlsx_bytes(sheets))).worksheets
    assert first.title == "A very long title that does not"[:31] and first["A2"].value == "'-1"
    assert first.column_dimensions["A"].width == 30
    assert second.freeze_panes is None
    assert second["A1"].value == "'+caption" and second["A1"].font.bold and second["A1"].font.size == 12
    assert second["A2"].value == 99.932 and second["A2"].number_format == "0.0"
    assert second["B2"].value == "'=1+1" and second["C2"].value == 3
    assert second["A3"].value is None and second["A4"].value == "after a blank row"
    assert second.column_dimensions["A"].width == 40 and second.column_dimensions["C"].width == 16
    assert all(item.data_type != "f" for sheet in (first, second) for row in sheet.iter_rows() for item in row)
