"""Procurement requirements from a classification: the list, the level-4 line, HTML and DOCX."""

import io

import pytest
from django.utils import translation

from styrbord.security.models import Measure
from styrbord.security.procurement import LEVEL_4_CODE, requirements_for

from .classification_helpers import classified

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def catalogue(world):
    def measure(code, title, requirement, **levels):
        return Measure.objects.create(
            organisation=world.org,
            code=code,
            theme="technological",
            kind="technical",
            title=title,
            supplier_requirement=requirement,
            **levels,
        )

    measure(
        "T1",
        "Multi-factor authentication",
        "Leverantören ska stödja tvåfaktorsautentisering.",
        required_confidentiality=2,
    )
    measure("T2", "Redundant hosting", "Leverantören ska driva tjänsten redundant.", required_availability=3)
    measure("A1", "Training", "", required_confidentiality=1)  # internal: no supplier requirement
    measure("T3", "Logging", "Leverantören ska logga all åtkomst.", required_traceability=2)
    Measure.objects.create(
        organisation=world.other_org,
        code="X1",
        theme="technological",
        kind="technical",
        title="Other",
        supplier_requirement="Annan kommun.",
        required_confidentiality=1,
    )


def test_requirements_follow_from_the_levels(world, catalogue):
    adopted = classified(world, "Skola", 2, 1, 2, 2)
    items = requirements_for(adopted)
    assert [item.code for item in items] == ["T1", "T3"]
    assert items[0].supplier_requirement.startswith("Leverantören ska")
    assert items[0].as_dict()["triggered_by"] == [{"aspect": "confidentiality", "level": 2, "required_from": 2}]


def test_level_4_adds_a_separate_analysis_line(world, catalogue):
    adopted = classified(world, "Skyddat", 4, 1, 3)
    codes = [item.code for item in requirements_for(adopted)]
    assert codes == ["T1", "T2", LEVEL_4_CODE]
    assert "separate" in requirements_for(adopted)[-1].supplier_requirement


def test_html_and_docx_documents(world, catalogue, client_as):
    import docx

    adopted = classified(world, "Ekonomi", 2, 3, 3)
    client = client_as("employee")
    page = client.get(f"/security/classifications/{adopted.pk}/requirements/").content.decode()
    assert "Leverantören ska stödja tvåfaktorsautentisering." in page and "Training" not in page
    response = client.get(f"/security/classifications/{adopted.pk}/requirements.docx")
    assert response.status_code == 200 and ".docx" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Leverantören ska driva tjänsten redundant." in text and "T1 Multi-factor authentication" in text
    api = client.get(f"/api/security/classifications/{adopted.pk}/requirements/").json()
    assert [row["code"] for row in api] == ["T1", "T2"]
