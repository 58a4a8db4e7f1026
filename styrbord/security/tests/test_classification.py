"""Classifications: the need derived from information types, the life cycle, and the rules."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from styrbord.security import services
from styrbord.security.choices import ClassificationStatus
from styrbord.security.classification import (
    NeedStatus,
    current_classifications,
    current_need,
    need_of,
    status_of,
)
from styrbord.security.models import Classification

from .classification_helpers import classified, classify, information_type, system

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_need_is_the_highest_level_per_aspect_and_traceability_only_with_personal_data(world):
    target = system(world, "Procapita")
    notes = information_type(target, "Journalanteckningar", personal_data=True, sensitive_personal_data=True)
    invoices = information_type(target, "Fakturor")
    web = information_type(target, "Webbinnehåll")
    adopted = classify(target, (notes, 3, 3, 2, 3), (invoices, 1, 3, 1), (web, 0, 1, 3))
    assert adopted.need() == {"confidentiality": 3, "integrity": 3, "availability": 3, "traceability": 3}
    assert need_of(adopted) == adopted.need()
    assert current_need(target) == adopted.need()
    # Traceability on information without personal data is refused by name; nothing changes.
    with pytest.raises(ValidationError) as error:
        classify(system(world, "Webb"), (information_type(system(world, "Webb"), "Sidor"), 0, 0, 0, 2))
    assert "levels" in error.value.message_dict
    assert not Classification.objects.filter(system__name="Webb").exists()


def test_no_current_classification_gives_an_empty_need(world):
    target = system(world, "Tomt")
    assert current_need(target) == dict.fromkeys(["confidentiality", "integrity", "availability", "traceability"])
    classify(target, (information_type(target), 2, 2, 2), adopt=False)
    assert current_need(target)["confidentiality"] is None  # a draft is not current


def test_adopting_supersedes_the_earlier_one_and_sets_valid_until(world):
    services.update_settings(acting_user=None, organisation=world.org, classification_valid_years=5)
    target = system(world, "Lön")
    kind = information_type(target)
    first = classify(target, (kind, 1, 1, 1), classified_on=date(2024, 2, 29))
    assert first.valid_until == date(2029, 2, 28)
    second = classify(target, (kind, 2, 2, 2))
    first.refresh_from_db()
    assert first.status == ClassificationStatus.SUPERSEDED and second.supersedes == first
    assert current_classifications([target])[target.pk] == second
    # Read as it stood before the second one: the first was current then.
    assert current_classifications([target], today=second.classified_on - timedelta(days=1))[target.pk] == first


def test_adopt_refuses_without_levels_or_missing_traceability(world):
    target = system(world, "Tom")
    draft = services.create_classification(target, acting_user=None)
    with pytest.raises(ValidationError) as error:
        services.adopt_classification(draft, acting_user=None)
    assert "levels" in error.value.message_dict
    person = information_type(target, "Elever", personal_data=True)
    services.update_classification(
        draft,
        acting_user=None,
        levels=[{"information_type": person, "confidentiality": 2, "integrity": 1, "availability": 1}],
    )
    with pytest.raises(ValidationError) as error:
        services.adopt_classification(draft, acting_user=None)
    assert "Elever" in str(error.value.message_dict["levels"])
    draft.refresh_from_db()
    assert draft.status == ClassificationStatus.DRAFT


def test_adopted_classifications_cannot_be_edited_and_one_draft_at_a_time(world):
    adopted = classified(world, "Fast", 1, 1, 1)
    with pytest.raises(ValidationError):
        services.update_classification(adopted, acting_user=None, notes="x")
    services.start_reclassification(adopted.system, acting_user=None)
    with pytest.raises(ValidationError) as error:
        services.start_reclassification(adopted.system, acting_user=None)
    assert "system" in error.value.message_dict


def test_reclassification_copies_levels_participants_and_rationales(world):
    target = system(world, "Kopia")
    kind = information_type(target)
    adopted = classify(
        target,
        (kind, 2, 1, 3),
        participants=[{"person": world.users["employee"], "name": "", "role": "user"}],
        rationale_availability="Stoppar handläggningen.",
    )
    draft = services.start_reclassification(target, acting_user=None)
    assert draft.status == ClassificationStatus.DRAFT and draft.need() == adopted.need()
    assert draft.rationale_availability == "Stoppar handläggningen."
    assert [p.role for p in draft.participants.all()] == ["user"]


def test_statuses_current_due_expired_missing(world):
    today = timezone.localdate()
    assert status_of(None, today) == NeedStatus.MISSING
    adopted = classified(world, "Status", days_ago=10)
    assert status_of(adopted, today, 30) == NeedStatus.CURRENT
    assert status_of(adopted, adopted.valid_until - timedelta(days=5), 30) == NeedStatus.DUE
    assert status_of(adopted, adopted.valid_until + timedelta(days=1), 30) == NeedStatus.EXPIRED
    assert current_classifications([adopted.system], adopted.valid_until + timedelta(days=1)) == {}
    services.mark_system_changed(adopted.system, acting_user=None, reason="Ny modul för e-tjänster")
    adopted.refresh_from_db()
    assert status_of(adopted, today, 30) == NeedStatus.DUE and adopted.review_reason


def test_mark_changed_needs_a_reason_and_a_current_classification(world):
    target = system(world, "Ändrad")
    with pytest.raises(ValidationError) as error:
        services.mark_system_changed(target, acting_user=None, reason="Ny leverantör")
    assert "reason" in error.value.message_dict
    classified(world, "Ändrad")
    with pytest.raises(ValidationError) as error:
        services.mark_system_changed(target, acting_user=None, reason="  ")
    assert "reason" in error.value.message_dict


def test_suggested_information_types_come_from_the_register(world):
    target = system(world, "Förslag", information_types=["Personuppgifter", "Ärendeakter"])
    information_type(target, "ärendeakter")
    assert services.suggested_information_types(target) == ["Personuppgifter"]
    created = services.create_suggested_information_types(target, acting_user=None)
    assert [t.name for t in created] == ["Personuppgifter"]
    assert services.suggested_information_types(target) == []


def test_current_classifications_costs_one_query_for_many_systems(world, django_assert_num_queries):
    systems = [classified(world, f"S{n}").system for n in range(5)]
    with django_assert_num_queries(1):
        found = current_classifications(systems)
    assert set(found) == {s.pk for s in systems}
