"""The follow-up demo: outages on demo incidents, last year's report frozen, this year's live; twice."""

import pytest
from django.utils import timezone

from styrbord.core.demo import loaders
from styrbord.followup import demo
from styrbord.followup.models import AnnualReport, Outage


def run(context):
    for order, loader in sorted(loaders, key=lambda item: item[0]):
        if order in (10, 20, 30, 40) or loader is demo.load:
            loader(context)


@pytest.mark.django_db
def test_demo_freezes_last_year_and_keeps_this_year_live():
    context = {"options": {"employees": 40, "ticket_scale": 0.2}, "stdout": None}
    run(context)
    year = timezone.localdate().year
    norrbacken = context["organisations"]["norrbacken"]
    last = AnnualReport.objects.get(organisation=norrbacken, year=year - 1, covers_cooperation=False)
    assert last.is_frozen and last.snapshot["year"] == year - 1 and last.assessment_economy
    assert not AnnualReport.objects.get(organisation=norrbacken, year=year, covers_cooperation=False).is_frozen
    assert AnnualReport.objects.filter(organisation=norrbacken, year=year, covers_cooperation=True).exists()
    assert Outage.objects.filter(organisation=norrbacken).exists()
    before = (AnnualReport.objects.count(), Outage.objects.count())
    demo.load(context)
    assert (AnnualReport.objects.count(), Outage.objects.count()) == before
