"""The API: filters, the error format, tenancy and a constant number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from styrbord.sourcing.models import Contract, months_after

from .factories import comparison, contract, owned_system, score_all, supplier

pytestmark = pytest.mark.django_db

CONTRACTS = reverse("sourcing-api:contract-list")
SUPPLIERS = reverse("sourcing-api:supplier-list")
COMPARISONS = reverse("sourcing-api:comparison-list")


def client_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_bad_input_names_the_field(world):
    api = client_for(world.users["it_head"])
    response = api.post(SUPPLIERS, {"organisation": world.org.pk, "name": "X", "org_number": "556712-3401"})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] and "org_number" in body["errors"]
    response = api.post(
        CONTRACTS,
        {
            "organisation": world.org.pk,
            "reference": "A-1",
            "title": "T",
            "supplier": supplier(world).pk,
            "start_date": "2025-01-01",
            "end_date": "2024-01-01",
            "owner": world.users["it_head"].pk,
        },
        format="json",
    )
    assert response.status_code == 400 and "end_date" in response.json()["errors"]
    assert not Contract.objects.exists()


def test_create_with_requirements_and_contacts(world):
    api = client_for(world.users["it_head"])
    created = api.post(
        SUPPLIERS,
        {
            "organisation": world.org.pk,
            "name": "Nordekonomi AB",
            "org_number": "5567123400",
            "contacts": [{"name": "Karin", "role": "Kundansvarig", "email": "karin@example.org"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["org_number"] == "556712-3400" and created.json()["contacts"][0]["name"] == "Karin"
    response = api.post(
        CONTRACTS,
        {
            "organisation": world.org.pk,
            "reference": "AVT-1",
            "title": "Ekonomisystem",
            "supplier": created.json()["id"],
            "start_date": "2024-01-01",
            "end_date": "2027-12-31",
            "notice_months": 6,
            "systems": [owned_system(world).pk],
            "requirements": [{"kind": "security", "text": "Data inom EU/EES", "fulfilment": "yes"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["notice_date"] == "2027-06-30" and body["owner"] == world.users["employee"].pk
    assert body["status"] in ("active", "notice_due") and body["requirements"][0]["kind"] == "security"


def test_filters(world):
    today = timezone.localdate()
    system = owned_system(world)
    due = contract(
        world,
        "AVT-DUE",
        systems=[system],
        start_date=today - timedelta(days=400),
        end_date=months_after(today + timedelta(days=40), 6),
    )
    other_supplier = supplier(world, org_number="556803-2212")
    later = contract(world, "AVT-LATER", supplier=other_supplier, start_date=today - timedelta(days=10))
    expired = contract(
        world, "AVT-OLD", start_date=today - timedelta(days=900), end_date=today - timedelta(days=5), notice_months=1
    )
    api = client_for(world.users["finance"])

    def ids(**params):
        response = api.get(CONTRACTS, params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {due.pk, later.pk, expired.pk}
    assert ids(status="notice_due") == {due.pk}
    assert ids(status="expired") == {expired.pk}
    assert ids(status="active") == {later.pk}
    assert ids(system=system.pk) == {due.pk}
    assert ids(supplier=other_supplier.pk) == {later.pk}
    assert ids(notice_before=(today + timedelta(days=60)).isoformat()) == {due.pk, expired.pk}
    assert api.get(CONTRACTS, {"status": "nonsense"}).status_code == 400


def test_other_organisations_answer_404(world):
    created = contract(world)
    stranger = client_for(world.users["stranger"])
    assert stranger.get(reverse("sourcing-api:contract-detail", args=[created.pk])).status_code == 404
    assert stranger.patch(reverse("sourcing-api:supplier-detail", args=[created.supplier.pk]), {}).status_code == 404


def test_comparison_workflow(world):
    api = client_for(world.users["it_head"])
    created = api.post(
        COMPARISONS,
        {
            "organisation": world.org.pk,
            "title": "Backup",
            "criteria": [{"name": "Kvalitet", "weight": 60}, {"name": "Kostnad", "weight": 30}],
        },
        format="json",
    )
    assert created.status_code == 400 and "90" in created.json()["errors"]["criteria"][0]
    created = api.post(COMPARISONS, {"organisation": world.org.pk, "title": "Backup"}, format="json")
    assert created.status_code == 201 and len(created.json()["criteria"]) == 5
    url = reverse("sourcing-api:comparison-detail", args=[created.json()["id"]])
    for name, kind in (("Egen", "internal"), ("Moln", "external")):
        response = api.post(url + "alternatives/", {"name": name, "kind": kind, "price": "1000.00"}, format="json")
        assert response.status_code == 200, response.content
    body = response.json()
    alternatives = [a["id"] for a in body["alternatives"]]
    criteria = [c["id"] for c in body["criteria"]]
    bad = api.post(
        url + "scores/",
        {"scores": [{"alternative": alternatives[0], "criterion": criteria[0], "score": 7}]},
        format="json",
    )
    assert bad.status_code == 400 and "scores" in bad.json()["errors"]
    scores = [
        {"alternative": a, "criterion": c, "score": 4 if a == alternatives[0] else 3}
        for a in alternatives
        for c in criteria
    ]
    scored = api.post(url + "scores/", {"scores": scores}, format="json")
    assert [row["total"] for row in scored.json()["ranking"]] == ["4.00", "3.00"]
    decided = api.post(url + "decide/", {"chosen": alternatives[0], "decision": "Egen drift."}, format="json")
    assert decided.status_code == 200 and decided.json()["status"] == "decided"
    assert api.patch(url, {"title": "Ändrad"}, format="json").status_code == 403  # frozen


def test_list_queries_are_constant(world, django_assert_max_num_queries):
    for index in range(6):
        contract(world, f"AVT-{index}", systems=[owned_system(world)])
        created = comparison(world)
        score_all(created, {"Alternativ 1": [1, 2, 3, 4, 5]})
    api = client_for(world.users["it_head"])
    with django_assert_max_num_queries(16):
        assert len(api.get(CONTRACTS).json()["results"]) == 6
    with django_assert_max_num_queries(14):
        assert len(api.get(COMPARISONS).json()["results"]) == 6
    with django_assert_max_num_queries(10):
        assert api.get(SUPPLIERS).status_code == 200
