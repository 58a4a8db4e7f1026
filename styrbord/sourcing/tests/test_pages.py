"""Pages as people use them: the register, the export, a comparison from start to decision."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from styrbord.sourcing.models import Comparison, Contract, Supplier

from .factories import comparison, contract, owned_system, supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def it_head(world, client):
    client.force_login(world.users["it_head"])
    return client


def test_register_a_supplier_and_a_contract(world, it_head):
    response = it_head.post(
        reverse("sourcing:supplier_create"),
        {"name": "Nordekonomi AB", "org_number": "556712-3401", "is_active": "on"},
    )
    assert response.status_code == 200 and "org_number" in response.context["form"].errors
    response = it_head.post(
        reverse("sourcing:supplier_create"),
        {"name": "Nordekonomi AB", "org_number": "556712-3400", "is_active": "on"},
    )
    new = Supplier.objects.get()
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    system = owned_system(world)
    response = it_head.post(
        reverse("sourcing:contract_create"),
        {
            "reference": "AVT-1",
            "title": "Ekonomisystem",
            "supplier": new.pk,
            "systems": [system.pk],
            "start_date": "2024-01-01",
            "end_date": "2027-12-31",
            "notice_months": "6",
            "renewal_count": "0",
            "renewal_months": "0",
            "annual_value": "640000",
            "procurement_form": "framework_call_off",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    created = Contract.objects.get()
    assert created.owner == world.users["employee"] and created.notice_date == date(2027, 6, 30)
    page = it_head.get(created.get_absolute_url()).content.decode()
    assert "2027-06-30" in page and "Ekonomisystem" in page
    assert "AVT-1" in it_head.get(system.get_absolute_url()).content.decode()  # the system's page lists it


def test_the_export_opens_and_holds_the_rows(world, it_head):
    first = contract(world, "AVT-1", title='=HYPERLINK("x")', annual_value=640000)
    contract(world, "AVT-2", supplier=supplier(world, org_number="556803-2212", name="Personalsystem Norr AB"))
    response = it_head.get(reverse("sourcing:contract_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3  # the header and two contracts
    by_reference = {row[0]: row for row in rows[1:]}
    assert by_reference["AVT-1"][1] == '\'=HYPERLINK("x")'  # no formula
    assert by_reference["AVT-1"][10] == 640000 and by_reference["AVT-1"][7].date() == first.notice_date
    filtered = it_head.get(reverse("sourcing:contract_export"), {"q": "AVT-2"})
    assert len(list(load_workbook(io.BytesIO(filtered.content)).active.iter_rows())) == 2


def test_a_comparison_from_need_to_decision(world, it_head):
    response = it_head.post(
        reverse("sourcing:comparison_create"),
        {"title": "Digitala nämndmöten", "outside_catalogue": "on", "period_months": "36"},
    )
    created = Comparison.objects.get()
    assert response.status_code == 302 and created.criteria.count() == 5
    for name, kind in (("Intern leverans", "internal"), ("Möteslösning som tjänst", "external")):
        it_head.post(
            reverse("sourcing:alternative_create", args=[created.pk]), {"kind": kind, "name": name, "price": "1000"}
        )
    criteria = list(created.criteria.order_by("order"))
    data = {}
    for index, criterion in enumerate(criteria):
        data[f"name_{index}"] = criterion.name
        data[f"weight_{index}"] = "10"
    response = it_head.post(reverse("sourcing:comparison_criteria", args=[created.pk]), data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    alternatives = list(created.alternatives.order_by("id"))
    scores = {f"score_{a.pk}_{c.pk}": "5" if a == alternatives[0] else "2" for a in alternatives for c in criteria}
    assert it_head.post(reverse("sourcing:comparison_scores", args=[created.pk]), scores).status_code == 302
    page = it_head.get(created.get_absolute_url())
    assert page.context["ranking"].rows[0].alternative == alternatives[0]
    response = it_head.post(
        reverse("sourcing:comparison_decide", args=[created.pk]),
        {"chosen": alternatives[0].pk, "decision": "Intern leverans med befintliga verktyg."},
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.is_decided and created.chosen == alternatives[0]
    assert it_head.get(reverse("sourcing:comparison_scores", args=[created.pk])).status_code == 403


def test_list_page_queries_are_constant(world, it_head, django_assert_max_num_queries):
    for index in range(8):
        contract(world, f"AVT-{index}")
    with django_assert_max_num_queries(25):
        assert it_head.get(reverse("sourcing:contract_list")).status_code == 200
    comparison(world)
    with django_assert_max_num_queries(25):
        assert it_head.get(reverse("sourcing:comparison_list")).status_code == 200
