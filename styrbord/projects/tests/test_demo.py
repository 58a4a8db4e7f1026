import pytest

from styrbord.catalog import demo as catalog_demo
from styrbord.finance import demo as finance_demo
from styrbord.governance import demo as governance_demo
from styrbord.infra import demo as infra_demo
from styrbord.organisations import demo as organisation_demo
from styrbord.projects import demo as projects_demo
from styrbord.projects.capacity import fit_of
from styrbord.projects.models import DigitalisationPlan, PlannedChange, Prioritisation, Project, StatusReport
from styrbord.systems import demo as systems_demo


@pytest.mark.django_db
def test_projects_demo_runs_twice():
    context = {"options": {"employees": 40}, "stdout": None}
    for loader in (
        organisation_demo.load,
        catalog_demo.load,
        finance_demo.load,
        infra_demo.load,
        systems_demo.load,
        governance_demo.load,
    ):
        loader(context)
    projects_demo.load(context)
    assert Project.objects.count() == 12
    assert set(Project.objects.values_list("stage", flat=True)) == {
        "idea",
        "proposed",
        "prioritised",
        "in_progress",
        "done",
        "stopped",
    }
    prioritisation = Prioritisation.objects.get()
    assert prioritisation.status == "adopted" and prioritisation.decision.level.key == "tactical"
    assert prioritisation.meeting.forum.name.startswith("Verksamhetsutvecklingsgruppen")
    fit = fit_of(prioritisation)
    assert [line.fits for line in fit.lines] == [True, True, True, True, False, False]
    assert Project.objects.get(title="Wi-Fi i alla skolor och förskolor").stage == "prioritised"
    assert DigitalisationPlan.objects.count() == 2
    counts = (Project.objects.count(), StatusReport.objects.count(), PlannedChange.objects.count())
    projects_demo.load(context)
    assert counts == (Project.objects.count(), StatusReport.objects.count(), PlannedChange.objects.count())
    assert Prioritisation.objects.count() == 1
