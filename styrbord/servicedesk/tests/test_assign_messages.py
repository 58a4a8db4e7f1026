"""The bulk assignment says how many tickets were assigned, one or many (ngettext)."""

import pytest
from django.urls import reverse

from .builders import catalogue, english, ticket  # noqa: F401  (english is autouse: pages in English)


@pytest.mark.parametrize(("count", "text"), [(1, "1 ticket was assigned."), (2, "2 tickets were assigned.")])
def test_bulk_assign_counts_one_and_many(world, client_as, count, text):
    cat = catalogue(world.org)
    tickets = [ticket(world, service=cat.service) for _ in range(count)]
    response = client_as("support_lead").post(
        reverse("servicedesk:bulk_assign"),
        {"tickets": [t.pk for t in tickets], "assignee": world.users["it_staff"].pk},
        follow=True,
    )
    assert text in response.content.decode()
