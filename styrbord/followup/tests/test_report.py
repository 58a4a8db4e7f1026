"""Reports as a user meets them: pages, assessments, freezing, PDF, XLSX, the API, query counts."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from styrbord.finance import services as finance
from styrbord.followup import services
from styrbord.followup.models import AnnualReport
from styrbord.followup.report import build_cooperation_report, build_report, figures_of
from styrbord.organisations import services as organisations

from .factories import YEAR, at, hand_counted, ticket


@pytest.fixture
def catalog(world):
    return hand_counted(world)


@pytest.fixture
def report(world, catalog):
    return services.create_report(acting_user=world.users["it_head"], organisation=world.org, year=YEAR)


def client_as(client, world, role):
    client.force_login(world.users[role])
    return client


def test_report_page_shows_both_years_charts_with_tables_and_assessment_form(client, world, report):
    response = client_as(client, world, "it_head").get(report.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Economic follow-up",
        "Delivered quality against the catalogue",
        "Perceived quality",
        "IT-security quality",
        "System-management quality",
        "2025",
        "2024",
    ):
        assert text in html
    assert "<svg" in html and 'role="img"' in html and "<desc" in html
    assert "The numbers of the chart" in html  # every chart's numbers as a table
    assert "2,990" in html and "13 %" in html  # charged total and cost coverage
    assert "style=" not in html.split("<main", 1)[1]  # CSP: no inline styles
    assert 'name="economy-text"' in html


def test_it_head_writes_an_assessment_and_freezes(client, world, report, catalog):
    client_as(client, world, "it_head")
    url = reverse("followup:report_assessment", args=[report.pk, "economy"])
    assert client.post(url, {"economy-text": "Kostnaderna låg under budget."}).status_code == 302
    report.refresh_from_db()
    assert report.assessment_economy == "Kostnaderna låg under budget."
    # Without the confirmation nothing happens.
    freeze = reverse("followup:report_freeze", args=[report.pk])
    assert client.post(freeze, {}).status_code == 200
    assert not AnnualReport.objects.get(pk=report.pk).is_frozen
    assert client.post(freeze, {"confirm": "on"}).status_code == 302
    report.refresh_from_db()
    assert report.is_frozen and report.frozen_by == world.users["it_head"] and report.snapshot["year"] == YEAR
    before = report.snapshot["economy"]["current"]["total"]["total"]
    # Data changes after freezing: the frozen report does not.
    ticket(world, reported_at=at(2025, 8, 1, 9), service=catalog.server, response_met=False, resolution_met=False)
    finance.set_budget(
        acting_user=None, organisation=world.org, year=YEAR, amount=Decimal("1"), department=world.branch
    )
    figures = figures_of(AnnualReport.objects.get(pk=report.pk))
    assert figures["economy"]["current"]["total"]["total"] == before == 2990
    assert figures["delivered"]["current"]["total"]["tickets"] == 5
    assert build_report(world.org, YEAR)["delivered"]["current"]["total"]["tickets"] == 6  # the live figure moved
    # Read-only now: no assessment form, and a change is refused.
    html = client.get(report.get_absolute_url()).content.decode()
    assert 'name="economy-text"' not in html and "Kostnaderna låg under budget." in html
    assert client.post(url, {"economy-text": "Ändrat"}).status_code == 403
    with pytest.raises(Exception, match="frozen"):
        services.update_assessments(report, acting_user=world.users["it_head"], assessment_economy="x")


def test_department_heads_read_only_frozen_reports(client, world, report):
    client_as(client, world, "department_head")
    assert client.get(report.get_absolute_url()).status_code == 403
    assert report.get_absolute_url() not in client.get(reverse("followup:report_list")).content.decode()
    services.freeze_report(report, acting_user=world.users["it_head"])
    assert client.get(report.get_absolute_url()).status_code == 200
    assert report.get_absolute_url() in client.get(reverse("followup:report_list")).content.decode()


def test_pdf_and_xlsx_open_and_hold_the_figures(client, world, report):
    services.update_assessments(report, acting_user=None, assessment_security="Säkerheten förbättrades.")
    client_as(client, world, "finance")
    pdf = client.get(reverse("followup:report_pdf", args=[report.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for figure in ("2,990", "23,000", "99.932", "3.67", "Säkerheten förbättrades."):
        assert figure in text, figure
    xlsx = client.get(reverse("followup:report_xlsx", args=[report.pk]))
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert len(workbook.sheetnames) == 6
    values = {cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row}
    for figure in (2990, 23000, 13.0, 99.932, 3.67, "Säkerheten förbättrades."):
        assert figure in values, figure


def test_query_count_does_not_grow_with_tickets(world, catalog):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            build_report(world.org, YEAR)
        return len(captured)

    first = queries()
    for day in range(1, 21):
        ticket(
            world,
            reported_at=at(2025, 7, day, 9),
            service=catalog.server,
            response_met=True,
            resolution_met=day % 2 == 0,
        )
    assert queries() == first


def test_cooperation_report_per_municipality_and_together(world, catalog):
    served = organisations.create_organisation(
        acting_user=None, name="Lillby kommun", org_number="212000-2510", served_by=world.org
    )
    together = build_cooperation_report([world.org, served], YEAR)
    assert [member["organisation"]["name"] for member in together["members"]] == ["Testby kommun", "Lillby kommun"]
    assert together["economy"]["current"]["total"]["total"] == 2990
    assert together["economy"]["current"]["coverage"] == 13.0
    assert together["delivered"]["current"]["total"]["tickets"] == 5
    assert together["perceived"]["current"]["tickets"]["answers"] == 3
    report = services.create_report(acting_user=None, organisation=world.org, year=YEAR, covers_cooperation=True)
    assert figures_of(report)["members"][1]["organisation"]["name"] == "Lillby kommun"


def test_api_reports_create_patch_freeze_and_download(world, catalog):
    api = APIClient()
    api.force_authenticate(world.users["it_head"])
    created = api.post(reverse("followup-api:report-list"), {"organisation": world.org.pk, "year": YEAR}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["figures"]["economy"]["current"]["coverage"] == 13.0
    again = api.post(reverse("followup-api:report-list"), {"organisation": world.org.pk, "year": YEAR}, format="json")
    assert again.status_code == 400 and "year" in again.json()["errors"]
    detail = reverse("followup-api:report-detail", args=[pk])
    assert api.patch(detail, {"assessment_delivered": "Bra."}, format="json").json()["assessment_delivered"] == "Bra."
    freeze = reverse("followup-api:report-freeze", args=[pk])
    assert api.post(freeze, {"confirm": False}, format="json").status_code == 400
    frozen = api.post(freeze, {"confirm": True}, format="json")
    assert frozen.status_code == 200 and frozen.json()["status"] == "frozen"
    assert api.patch(detail, {"assessment_delivered": "Ändrat"}, format="json").status_code == 403
    pdf = api.get(reverse("followup-api:report-pdf", args=[pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = api.get(reverse("followup-api:report-xlsx", args=[pk]))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    listed = api.get(reverse("followup-api:report-list"), {"figures": "false", "year": YEAR}).json()
    assert [item["id"] for item in listed["results"]] == [pk] and listed["results"][0]["figures"] is None


def test_dashboards_per_role(client, world, catalog):
    home = reverse("core:home")
    html = client_as(client, world, "it_head").get(home).content.decode()
    assert "Key figures" in html and "Resolution target met this month" in html and "Cost coverage" in html
    assert "Overdue security actions" in html and "Vital systems with gaps" in html
    client.logout()
    html = client_as(client, world, "department_head").get(home).content.decode()
    assert "IT costs" in html and "Open tickets in your departments" in html
    client.logout()
    html = client_as(client, world, "support_lead").get(home).content.decode()
    assert "past their resolution target" in html
    client.logout()
    assert "Key figures" not in client_as(client, world, "employee").get(home).content.decode()
