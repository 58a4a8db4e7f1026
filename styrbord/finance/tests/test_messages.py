"""The month run's message counts one and many the way the language does (ngettext)."""

from datetime import date

from django.urls import reverse

from .factories import approved_subscription


def test_the_month_run_counts_one_and_many(world, catalog, client_as):
    approved_subscription(world, quantity=2, start=date(2024, 1, 1))
    response = client_as("finance").post(reverse("finance:month_run"), {"year": 2024, "month": 1}, follow=True)
    texts = [str(message) for message in response.context["messages"]]
    summary = ": 1 line added, 0 lines changed, 0 lines removed, 0 adjustments."
    assert any(text.endswith(summary) for text in texts), texts
