"""A department answers a budget round with "no needs": service, pages, API and the home page."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from styrbord.finance import services
from styrbord.finance.models import BudgetNeed, NoNeedsStatement


@pytest.fixture
def budget_round(world, catalog):
    today = timezone.localdate()
    return services.open_budget_round(
        acting_user=world.users["it_head"], organisation=world.org, year=today.year + 1, deadline=today
    )


def add_need(world, catalog, budget_round, department, by="it_coordinator"):
    return services.add_need(
        acting_user=world.users[by],
        round=budget_round,
        department=department,
        service=catalog.arbetsplats,
        quantity_change=2,
        month=3,
        reason="Fler elever",
    )


def errors_of(call):
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def test_no_needs_covers_the_departments_under_it_and_stops_needs(world, catalog, budget_round):
    coordinator = world.users["it_coordinator"]
    answer = services.record_no_needs(
        acting_user=coordinator, round=budget_round, department=world.branch, note="Inget nytt"
    )
    assert answer.recorded_by == coordinator and answer.organisation == world.org
    assert answer.history.count() == 1
    # Neither the department nor one under it can now enter a need, nor answer again.
    for department in (world.branch, world.unit):
        errors = errors_of(lambda d=department: add_need(world, catalog, budget_round, d))
        assert errors["department"] == [
            f"Skolförvaltningen has said it has no needs for {budget_round.year}: withdraw that first."
        ]
        errors = errors_of(
            lambda d=department: services.record_no_needs(acting_user=None, round=budget_round, department=d)
        )
        assert "already said it has no needs" in errors["department"][0]
    assert not BudgetNeed.objects.exists()
    # Another branch is not covered.
    add_need(world, catalog, budget_round, world.other_branch, by="it_head")

    answer_id = answer.pk
    services.withdraw_no_needs(answer, acting_user=coordinator)
    assert not NoNeedsStatement.objects.exists()
    withdrawn = NoNeedsStatement.history.filter(id=answer_id).latest("history_date")
    assert withdrawn.history_type == "-" and withdrawn.history_user == coordinator  # kept in the history
    add_need(world, catalog, budget_round, world.unit)


def test_no_needs_is_refused_when_needs_are_entered_or_the_round_is_closed(world, catalog, budget_round):
    add_need(world, catalog, budget_round, world.unit)
    errors = errors_of(lambda: services.record_no_needs(acting_user=None, round=budget_round, department=world.branch))
    assert errors["department"] == [
        f"Skolförvaltningen has planned needs for {budget_round.year}: remove them first, or keep them as its answer."
    ]
    answer = services.record_no_needs(acting_user=None, round=budget_round, department=world.other_branch)
    budget_round.deadline = timezone.localdate() - timedelta(days=1)
    budget_round.save()
    errors = errors_of(lambda: services.withdraw_no_needs(answer, acting_user=None))
    assert set(errors) == {"round"}
    services.close_budget_round(budget_round, acting_user=None)
    errors = errors_of(lambda: services.record_no_needs(acting_user=None, round=budget_round, department=world.branch))
    assert set(errors) == {"round"}
    assert NoNeedsStatement.objects.count() == 1


def test_another_organisations_department_is_refused(world, catalog, budget_round):
    errors = errors_of(
        lambda: services.record_no_needs(acting_user=None, round=budget_round, department=world.foreign_department)
    )
    assert set(errors) == {"department"}


def attention_for(client):
    return [str(item.title) for item in client.get(reverse("core:home")).context["attention"]]


def test_the_pages_record_show_and_withdraw_the_answer(world, catalog, budget_round, client_as):
    client = client_as("department_head")
    reminder = f"Budget round {budget_round.year}: enter your planned IT needs by {budget_round.deadline}"
    assert reminder in attention_for(client)

    form = client.get(reverse("finance:no_needs_create", args=[budget_round.pk]))
    assert form.status_code == 200
    choices = [department.pk for department in form.context["form"].fields["department"].queryset]
    assert choices == [world.branch.pk, world.unit.pk]  # only the head's own subtree
    response = client.post(
        reverse("finance:no_needs_create", args=[budget_round.pk]),
        {"department": world.branch.pk, "note": "Oförändrat antal elever"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == budget_round.get_absolute_url()
    page = response.content.decode()
    assert "Departments without needs" in page and "Oförändrat antal elever" in page
    assert reminder not in attention_for(client)

    # The same answer again names the field on the form.
    again = client.post(reverse("finance:no_needs_create", args=[budget_round.pk]), {"department": world.unit.pk})
    assert again.status_code == 200 and "already said it has no needs" in str(
        again.context["form"].errors["department"]
    )

    # Finance reads the answer; a colleague of another department neither sees nor withdraws it.
    answer = NoNeedsStatement.objects.get()
    assert "Oförändrat antal elever" in client_as("finance").get(budget_round.get_absolute_url()).content.decode()
    refused = client_as("finance").post(reverse("finance:no_needs_withdraw", args=[answer.pk]))
    assert refused.status_code == 403

    client_as("it_coordinator").post(reverse("finance:no_needs_withdraw", args=[answer.pk]))
    assert not NoNeedsStatement.objects.exists()
    assert reminder in attention_for(client)


def test_the_api_records_lists_and_withdraws(world, catalog, budget_round, api_as):
    api = api_as("it_coordinator")
    url = reverse("finance-api:noneeds-list")
    created = api.post(url, {"round": budget_round.pk, "department": world.unit.pk, "note": "Inget"}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["department"] == world.unit.pk and body["recorded_by"] == world.users["it_coordinator"].pk

    listed = api_as("finance").get(url, {"round": budget_round.pk}).json()["results"]
    assert [item["id"] for item in listed] == [body["id"]]

    need = api.post(
        reverse("finance-api:budgetline-list"),
        {
            "round": budget_round.pk,
            "department": world.unit.pk,
            "service": catalog.arbetsplats.pk,
            "quantity_change": 1,
            "month": 2,
            "reason": "Ny lärare",
        },
        format="json",
    )
    assert need.status_code == 400 and "department" in need.json()["errors"]

    # Not the coordinator's department: refused before anything is written.
    other = api.post(url, {"round": budget_round.pk, "department": world.other_branch.pk}, format="json")
    assert other.status_code == 403
    assert api.delete(reverse("finance-api:noneeds-detail", args=[body["id"]])).status_code == 204
    assert not NoNeedsStatement.objects.exists()
