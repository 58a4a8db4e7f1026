"""Exports read back: SIE vouchers balance and add up to the charges; CSV and XLSX open and add up."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from styrbord.finance import exports, services
from styrbord.finance.models import ChargeLine
from styrbord.organisations import services as org_services

from .factories import approved_subscription

TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|(\{[^}]*\})|(\S+)')


def tokens(line):
    """SIE fields: quoted strings unescaped, object lists {…} and bare words as they are."""
    result = []
    for match in TOKEN.finditer(line):
        quoted, braces, bare = match.groups()
        result.append(re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else braces or bare)
    return result


def charges_total(**filters):
    """The lines' total added up in Python (SQLite would add decimals as floating point)."""
    return sum(ChargeLine.objects.filter(**filters).values_list("amount", flat=True), Decimal("0"))


def parse_sie(content):
    """(records outside vouchers, vouchers as {"head": tokens, "trans": [tokens]})."""
    text = content.decode("cp437")
    records, vouchers, current = [], [], None
    for line in text.split("\r\n"):
        if line.startswith("#VER"):
            current = {"head": tokens(line), "trans": []}
        elif line == "}":
            vouchers.append(current)
            current = None
        elif line.startswith("#TRANS"):
            current["trans"].append(tokens(line))
        elif line and line != "{":
            records.append(tokens(line))
    return records, vouchers


@pytest.fixture
def charged(world, catalog):
    """Charges of March–April 2024 for two departments, one of them named like a formula."""
    formula = org_services.create_department(
        acting_user=None, organisation=world.org, name='=HYPERLINK("http://x")', cost_centre="9000"
    )
    nameless = org_services.create_department(
        acting_user=None, organisation=world.org, name="Förskolan Älven", parent=world.other_branch
    )
    approved_subscription(world, quantity=10, start=date(2024, 3, 15))
    approved_subscription(world, department=formula, service_code="dator", quantity=3, start=date(2024, 1, 1))
    approved_subscription(world, department=nameless, quantity=2, start=date(2024, 1, 1))
    services.record_work(
        acting_user=None,
        organisation=world.org,
        department=world.unit,
        service=catalog.konsult,
        date=date(2024, 3, 5),
        hours=2,
        description="-2+3 installation",
    )
    for month in (3, 4):
        services.run_month(world.org, 2024, month, acting_user=None)
    services.update_settings(
        world.org, acting_user=None, it_cost_centre="1050", counterpart_code="82", counterpart_dimension=20
    )
    return formula


def test_sie_round_trip_every_voucher_balances_and_totals_match(world, charged):
    content, filename, content_type = exports.export_charges(world.org, 2024, 3, "sie")
    assert filename.endswith(".se") and "cp437" in content_type
    records, vouchers = parse_sie(content)
    heads = {record[0]: record[1:] for record in records}
    assert heads["#FORMAT"] == ["PC8"] and heads["#SIETYP"] == ["4"] and heads["#FLAGGA"] == ["0"]
    assert heads["#RAR"] == ["0", "20240101", "20241231"]
    assert heads["#FNAMN"] == ["Testby kommun"]
    assert ["#DIM", "1", "Kostnadsställe"] in records
    assert ["#KONTO", "6540", "Interna IT-tjänster"] in records
    # Departments: the unit (2100), the formula-named one (9000), and one without a cost centre of
    # its own, booked on its parent's (3000).
    assert ["#OBJEKT", "1", "3000", "Socialförvaltningen"] in records
    assert len(vouchers) == 3
    total_cost = Decimal("0")
    for voucher in vouchers:
        assert voucher["head"][1] == "IT" and voucher["head"][3] == "20240331"
        amounts = [Decimal(trans[3]) for trans in voucher["trans"]]
        assert sum(amounts) == 0
        *costs, revenue = voucher["trans"]
        assert revenue[1] == "3590" and revenue[2] == '{1 "1050" 20 "82"}'
        assert all(trans[1] == "6540" for trans in costs)
        total_cost += sum(Decimal(trans[3]) for trans in costs)
    assert total_cost == charges_total(organisation=world.org, year=2024, month=3) > 0
    objects = {voucher["trans"][0][2] for voucher in vouchers}
    assert objects == {'{1 "2100" 20 "82"}', '{1 "9000" 20 "82"}', '{1 "3000" 20 "82"}'}


def test_a_year_export_holds_a_voucher_per_department_and_month(world, charged):
    _records, vouchers = parse_sie(exports.export_charges(world.org, 2024, None, "sie")[0])
    assert [voucher["head"][2] for voucher in vouchers] == [str(number) for number in range(1, 7)]
    assert {voucher["head"][3] for voucher in vouchers} == {"20240331", "20240430"}
    total = sum(Decimal(t[3]) for v in vouchers for t in v["trans"] if t[1] == "6540")
    assert total == charges_total(year=2024)


def test_sie_needs_the_it_cost_centre(world, charged):
    services.update_settings(world.org, acting_user=None, it_cost_centre="")
    with pytest.raises(ValidationError) as error:
        exports.export_charges(world.org, 2024, 3, "sie")
    assert "format" in error.value.message_dict


def test_csv_opens_in_excel_and_adds_up(world, charged):
    content, filename, _type = exports.export_charges(world.org, 2024, 3, "csv")
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(header) == 11 and len(body) == 4  # three subscriptions and the hourly work
    total = sum(Decimal(row[-1].replace(",", ".")) for row in body)
    assert total == charges_total(year=2024, month=3)
    departments = {row[3] for row in body}
    assert '\'=HYPERLINK("http://x")' in departments
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "@")), cell
            if cell.startswith("-"):
                Decimal(cell.replace(",", "."))  # only a negative number may start with a minus


def test_xlsx_opens_with_openpyxl_and_adds_up(world, charged):
    content, filename, _type = exports.export_charges(world.org, 2024, None, "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    summary, lines = workbook.worksheets
    body = list(summary.iter_rows(min_row=2, values_only=True))
    assert sum(Decimal(str(row[-1])) for row in body) == charges_total()
    assert summary.cell(row=2, column=11).number_format == exports.MONEY_FORMAT
    assert isinstance(summary.cell(row=2, column=11).value, int | float)
    assert all(cell.data_type != "f" for row in summary.iter_rows() for cell in row)
    texts = [cell for row in lines.iter_rows(values_only=True) for cell in row if isinstance(cell, str)]
    assert "'-2+3 installation" in texts and '\'=HYPERLINK("http://x")' in texts
    assert lines.max_row - 1 == ChargeLine.objects.count()


def test_escape_formula():
    assert [exports.escape_formula(text) for text in ["=1", "+1", "-1", "@a", "\tx", "ok", "", None]] == [
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "'\tx",
        "ok",
        "",
        "",
    ]


def test_the_command_writes_the_same_file(world, charged, tmp_path):
    target = tmp_path / "mars.se"
    call_command(
        "export_charges",
        "--year",
        "2024",
        "--month",
        "3",
        "--format",
        "sie",
        "--organisation",
        world.org.org_number,
        "--output",
        str(target),
    )
    _records, vouchers = parse_sie(target.read_bytes())
    assert len(vouchers) == 3
    call_command(
        "export_charges",
        "--year",
        "2024",
        "--format",
        "xlsx",
        "--organisation",
        str(world.org.pk),
        "--output",
        str(tmp_path / "year.xlsx"),
    )
    out = io.StringIO()
    call_command("export_charges", "--year", "2024", "--month", "3", "--organisation", world.org.org_number, stdout=out)
    assert out.getvalue().startswith("\ufeff") and "'=HYPERLINK" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("export_charges", "--year", "2024", "--format", "xlsx", "--organisation", world.org.org_number)
    with pytest.raises(CommandError):
        call_command("export_charges", "--year", "2024", "--organisation", "999999-9999")
    assert openpyxl.load_workbook(tmp_path / "year.xlsx").worksheets[0].max_row == 1 + 4 + 3  # header, March, April


def test_downloads_follow_who_may_read(world, charged, client_as):
    url = reverse("finance:export_charges")
    finance = client_as("finance")
    response = finance.get(url, {"year": 2024, "format": "sie"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.se"')
    head = client_as("department_head")
    assert head.get(url, {"year": 2024, "format": "sie"}).status_code == 403
    rows = list(csv.reader(io.StringIO(head.get(url, {"year": 2024}).content.decode("utf-8-sig")), delimiter=";"))
    assert {row[2] for row in rows[1:]} == {"2100"}  # only the head's own subtree
    assert client_as("finance").get(url, {"year": "x"}).status_code == 400
