"""Import from CSV and XLSX: a dry run that says what would happen row by row, all or nothing."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from styrbord.core import spreadsheets
from styrbord.core.testing import make_person
from styrbord.infra import services
from styrbord.infra.importing import ImportFileError, read_table, run_import
from styrbord.infra.models import ConfigurationItem, ImportBatch

from .factories import item, item_type

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "example-import.csv"

GOOD = (
    "name;type;status;serial_number;department;purchase_date;operating_system;ram_gb\n"
    "pc-1;laptop;in_use;S1;2000;2025-01-10;Windows 11;16\n"
    "pc-2;laptop;in_stock;S2;;2025-01-10;Windows 11;8\n"
    "srv-old;server;in_use;OLD;;;;\n"
)


@pytest.fixture(autouse=True)
def english():
    """Reasons are checked by their English wording."""
    with translation.override("en"):
        yield


@pytest.fixture
def types(world):
    return item_type(world.org), item_type(world.org, code="server", area="datacenter", fields=[])


def run(world, text, dry_run, name="items.csv"):
    content = text.encode("utf-8") if isinstance(text, str) else text
    return run_import(content, name, organisation=world.org, acting_user=world.users["it_staff"], dry_run=dry_run)


def test_dry_run_shows_the_outcome_and_changes_nothing(world, types):
    existing = item(world.org, "srv-old", serial_number="OLD", notes="kept")
    result = run(world, GOOD + "srv-old2;server;retired;OLD;;;;\n".replace("srv-old2", "srv-renamed"), dry_run=True)
    assert [(row.number, row.action) for row in result.rows] == [
        (2, "create"),
        (3, "create"),
        (4, "unchanged"),
        (5, "refuse"),
    ]
    # Row 5 has the same serial number as row 4: refused, named by row.
    assert "Row 4" in result.rows[3].reasons[0]
    assert not result.applied
    assert ConfigurationItem.objects.filter(organisation=world.org).count() == 1
    assert existing.history.count() == 1


def test_real_run_creates_and_changes(world, types):
    existing = item(world.org, "srv-old", serial_number="OLD")
    preview = run(world, GOOD.replace("srv-old;server;in_use;OLD;;;;", "srv-old;server;in_repair;OLD;;;;"), True)
    assert [row.action for row in preview.rows] == ["create", "create", "change"]
    assert preview.rows[2].changes == [("status", "In use", "In repair")]
    result = run(world, GOOD.replace("srv-old;server;in_use;OLD;;;;", "srv-old;server;in_repair;OLD;;;;"), False)
    assert result.applied and [row.action for row in result.rows] == ["create", "create", "change"]
    pc = ConfigurationItem.objects.get(name="pc-1")
    assert pc.department == world.branch and pc.attributes == {"operating_system": "Windows 11", "ram_gb": 16}
    assert pc.history.first().history_user == world.users["it_staff"]
    existing.refresh_from_db()
    assert existing.status == "in_repair"


def test_bad_rows_are_refused_with_row_and_reason_and_nothing_is_imported(world, types):
    existing = item(world.org, "srv-old", serial_number="OLD")
    text = GOOD + (
        "pc-3;printer;in_use;S3;;;;\n"  # unknown type
        "pc-4;laptop;broken;S4;;2025-13-01;Windows;x\n"  # status, date and attribute
        "pc-5;laptop;in_use;S5;9999;;;\n"  # department, and the required attribute
        "pc-1;laptop;in_use;S6;;;Windows;\n"  # the same name as row 2
        "srv-old;server;in_use;S2;;;;\n"  # serial of row 3, name of an existing item
        "pc-7;laptop;in_use;S7;;;Windows;;\n"
    )
    result = run(world, text.replace("in_use;OLD;;;;", "retired;OLD;;;;"), dry_run=False)
    refused = {row.number: row.reasons for row in result.rows if row.action == "refuse"}
    assert set(refused) == {5, 6, 7, 8, 9}
    assert any("type" in reason for reason in refused[5])
    assert len(refused[6]) == 3  # status, date and the attribute: every problem of the row at once
    assert any("department" in reason for reason in refused[7])
    assert any("Row 2" in reason for reason in refused[8])
    assert not result.applied
    assert list(ConfigurationItem.objects.filter(organisation=world.org)) == [existing]
    existing.refresh_from_db()
    assert existing.status == "in_use"  # row 4 would have retired it: nothing is half-imported


def test_an_attribute_error_is_reported_with_the_fields_label(world, types):
    result = run(world, "name;type;ram_gb\npc-9;laptop;lots\n", dry_run=True)
    assert result.rows[0].action == "refuse"
    assert any(reason.startswith("RAM (GB)") for reason in result.rows[0].reasons)
    assert any(reason.startswith("Operating system") for reason in result.rows[0].reasons)


def test_a_column_that_is_not_a_field_of_the_type_is_refused(world, types):
    result = run(world, "name;type;colour_depth\nsrv-9;server;24\n", dry_run=True)
    assert result.rows[0].action == "refuse" and "colour_depth" in result.rows[0].reasons[0]


def test_xlsx_with_real_dates_and_numbers(world, types):
    from datetime import datetime

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Namn", "Typ", "Serienummer", "Inköpsdatum", "operating_system", "RAM (GB)"])
    sheet.append(["pc-x", "laptop", 123456, datetime(2024, 5, 2), "Windows 11", 32])
    sheet.append([None, None, None, None, None, None])
    out = io.BytesIO()
    workbook.save(out)
    result = run(world, out.getvalue(), dry_run=False, name="inventering.xlsx")
    assert [row.action for row in result.rows] == ["create"], result.rows
    pc = ConfigurationItem.objects.get(name="pc-x")
    assert pc.serial_number == "123456" and str(pc.purchase_date) == "2024-05-02" and pc.attributes["ram_gb"] == 32


def test_windows_1252_csv_with_commas(world, types):
    text = "namn,typ,placering,operating_system\npc-å,laptop,Förrådet,Windows\n"
    result = run(world, text.encode("cp1252"), dry_run=False)
    assert result.applied
    assert ConfigurationItem.objects.get(name="pc-å").location == "Förrådet"


@pytest.mark.parametrize(
    "content",
    [b"", b"type;serial\nlaptop;1\n", b"name;name\nx;y\n", b"PK\x03\x04not really a workbook"],
)
def test_unreadable_files_are_refused_as_a_whole(world, content):
    with pytest.raises(ImportFileError):
        read_table(content, "x.xlsx" if content.startswith(b"PK") else "x.csv")


def test_the_example_file_imports_cleanly(world):
    """docs/ links to data/example-import.csv; it uses the default types and cost centres 2000, 2100, 3000."""
    services.install_item_types(acting_user=None, organisation=world.org)
    result = run(world, EXAMPLE.read_bytes(), dry_run=True, name=EXAMPLE.name)
    assert [row.reasons for row in result.rows if row.reasons] == []
    assert result.summary()["create"] == 6


def test_export_reads_back_unchanged_and_guards_against_formulas(world, types, client_as):
    make_person(world.org, username="anna", department=world.unit)
    item(world.org, "=cmd|' /C calc'!A0", notes="+SUM(A1)", location="-", assigned_to=None)
    item(world.org, "pc-exp", type_code="laptop", department=world.branch, serial_number="E1")
    client = client_as("it_staff")
    csv_response = client.get(reverse("infra:item_export"))
    text = csv_response.content.decode("utf-8-sig")
    assert "'=cmd" in text and "'+SUM(A1)" in text
    xlsx = client.get(reverse("infra:item_export") + "?format=xlsx")
    cells = [cell.value for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows() for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells and not any(str(c).startswith("=") for c in cells if c)
    again = run(world, csv_response.content, dry_run=True)
    assert {row.action for row in again.rows} == {"unchanged"}, [r.reasons or r.changes for r in again.rows]


def test_safe_cell_leaves_numbers_alone():
    assert spreadsheets.cell(-5) == -5
    assert spreadsheets.cell("-5") == "'-5"
    assert spreadsheets.cell("@user") == "'@user"


def test_import_page_previews_then_imports(world, types, client_as):
    client = client_as("it_staff")
    upload = io.BytesIO(GOOD.encode())
    upload.name = "items.csv"
    response = client.post(reverse("infra:import"), {"file": upload})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "pc-1" in page and not ConfigurationItem.objects.filter(name="pc-1").exists()
    client.post(batch.get_absolute_url())
    batch.refresh_from_db()
    assert batch.status == "applied" and ConfigurationItem.objects.filter(name="pc-1").exists()
    assert client.post(batch.get_absolute_url()).status_code == 200  # a second import is refused on the page
    assert ConfigurationItem.objects.filter(name="pc-1").count() == 1


def test_import_page_refuses_a_bad_file_on_the_field(world, types, client_as):
    upload = io.BytesIO(b"type\nlaptop\n")
    upload.name = "items.csv"
    response = client_as("it_staff").post(reverse("infra:import"), {"file": upload})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert not ImportBatch.objects.exists()


def test_a_refused_preview_cannot_be_imported(world, types, client_as):
    client = client_as("it_staff")
    upload = io.BytesIO(b"name;type\npc-1;nonsense\n")
    upload.name = "items.csv"
    client.post(reverse("infra:import"), {"file": upload})
    batch = ImportBatch.objects.get()
    assert batch.summary["counts"]["refuse"] == 1
    client.post(batch.get_absolute_url())
    batch.refresh_from_db()
    assert batch.status == "previewed" and not ConfigurationItem.objects.exists()


def test_import_command(world, types, tmp_path, capsys):
    path = tmp_path / "items.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_items", str(path), "--organisation", world.org.org_number, "--dry-run")
    assert not ConfigurationItem.objects.filter(organisation=world.org).exists()
    call_command("import_items", str(path), "--organisation", world.org.org_number, "--user", "itstaff")
    assert ConfigurationItem.objects.filter(organisation=world.org).count() == 3
    path.write_text("name;type\nx;nonsense\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_items", str(path), "--organisation", world.org.org_number)
    assert "refuse" in capsys.readouterr().out
