"""Levels, reference numbers, immutability, amend/revoke, escalations, mandate periods, reviews."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from styrbord.core.testing import build_world
from styrbord.governance import services, tasks
from styrbord.governance.models import Decision, StrategyReview, mandate_period
from styrbord.systems.tests.factories import system

from .factories import decision, forum, levels, meeting

D = datetime.date


@pytest.fixture
def world():
    return build_world()


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (D(2026, 10, 14), D(2022, 10, 15), D(2026, 10, 14)),
        (D(2026, 10, 15), D(2026, 10, 15), D(2030, 10, 14)),
        (D(2022, 10, 15), D(2022, 10, 15), D(2026, 10, 14)),
        (D(2024, 1, 1), D(2022, 10, 15), D(2026, 10, 14)),
        (D(2031, 2, 1), D(2030, 10, 15), D(2034, 10, 14)),
        (D(2022, 10, 14), D(2018, 10, 15), D(2022, 10, 14)),
    ],
)
def test_mandate_period(day, start, end):
    assert mandate_period(day) == (start, end)


@pytest.mark.django_db
def test_levels_come_from_the_data_file_and_can_be_renamed(world, client):
    found = levels(world)
    assert set(found) == {"strategic", "tactical", "operational", "system_management"}
    assert found["strategic"].rank > found["tactical"].rank > found["operational"].rank
    services.ensure_levels(world.org)  # twice changes nothing
    assert world.org.pk and len(services.ensure_levels(world.org)) == 4
    client.force_login(world.users["it_head"])
    response = client.post(
        reverse("governance:level_edit", args=[found["tactical"].pk]),
        {"name": "Taktisk nivå – VUG", "description": "", "prefix": "vug"},
    )
    assert response.status_code == 302
    found["tactical"].refresh_from_db()
    assert found["tactical"].name == "Taktisk nivå – VUG" and found["tactical"].prefix == "VUG"
    with pytest.raises(ValidationError) as error:
        services.update_level(found["tactical"], acting_user=None, prefix="STR")
    assert "prefix" in error.value.message_dict


@pytest.mark.django_db
def test_reference_numbers_per_level_and_year(world):
    m = meeting(world)
    first = decision(world, m)
    second = decision(world, m, title="Två")
    year = timezone.localdate().year
    assert first.reference == f"TAK-{year}-001" and second.reference == f"TAK-{year}-002"
    strategic = decision(world, meeting(world, "strategic"))
    assert strategic.reference == f"STR-{year}-001"
    older = decision(world, m, title="Förra året", date=D(year - 1, 5, 1))
    assert older.reference == f"TAK-{year - 1}-001"


@pytest.mark.django_db
def test_a_closed_meeting_s_decisions_stand(world):
    m = meeting(world)
    d = decision(world, m)
    services.update_decision(d, acting_user=None, text="Justerat före justering.")
    services.close_meeting(m, acting_user=None)
    with pytest.raises(ValidationError) as error:
        services.update_decision(d, acting_user=None, text="Ändrat i efterhand")
    assert "text" in error.value.message_dict
    d.refresh_from_db()
    assert d.text == "Justerat före justering."
    with pytest.raises(ValidationError) as error:
        decision(world, m, title="Sent")
    assert "meeting" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.update_meeting(m, acting_user=None, minutes="Nytt")
    assert "minutes" in error.value.message_dict


@pytest.mark.django_db
def test_amend_and_revoke_keep_both_visible(world, client):
    m = meeting(world)
    original = decision(world, m, title="E-arkiv hösten")
    services.close_meeting(m, acting_user=None)
    later = decision(world, meeting(world, days=7), title="E-arkiv våren", amends=original)
    original.refresh_from_db()
    assert original.status == "amended" and original.text == "Vi beslutar."
    with pytest.raises(ValidationError) as error:
        decision(world, meeting(world, days=8), title="Igen", revokes=original)
    assert "revokes" in error.value.message_dict
    gone = decision(world, meeting(world, days=9), title="Stopp", revokes=later)
    later.refresh_from_db()
    assert later.status == "revoked"
    client.force_login(world.users["employee"])
    page = client.get(original.get_absolute_url()).content.decode()
    assert "Amended by" in page and later.reference in page
    log = client.get(reverse("governance:decision_list")).content.decode()
    assert original.reference in log and later.reference in log and gone.reference in log
    assert Decision.objects.filter(organisation=world.org).count() == 3


@pytest.mark.django_db
def test_escalation_goes_on_the_next_agenda_and_shows_its_path(world, client):
    ops = forum(world, "operational")
    vug = forum(world, "tactical")
    board = forum(world, "strategic")
    with pytest.raises(ValidationError) as error:
        services.raise_escalation(
            acting_user=world.users["it_head"], from_forum=vug, to_forum=ops, question="Q", reason="R"
        )
    assert "to_forum" in error.value.message_dict
    soon = meeting(world, "tactical", days=10)
    meeting(world, "tactical", days=20)
    first = services.raise_escalation(
        acting_user=world.users["support_lead"],
        from_forum=ops,
        to_forum=vug,
        question="Fler elevdatorer än budgetramen",
        reason="Ryms inte i ramen",
    )
    assert first.status == "on_agenda" and first.agenda_item.meeting == soon
    assert soon.agenda.get().source == "escalation"
    second = services.raise_escalation(
        acting_user=world.users["it_head"],
        from_forum=vug,
        to_forum=board,
        parent=first,
        question=first.question,
        reason="Resursfördelning mellan förvaltningar",
    )
    assert second.status == "open" and second.agenda_item is None  # the board has no planned meeting
    first.refresh_from_db()
    assert first.status == "escalated"
    board_meeting = meeting(world, "strategic", days=5)
    second.refresh_from_db()
    assert second.status == "on_agenda" and second.agenda_item.meeting == board_meeting
    d = decision(world, board_meeting, title="Fler elevdatorer", agenda_item=second.agenda_item)
    second.refresh_from_db()
    assert second.status == "decided" and second.decision == d
    assert [s.pk for s in second.path()] == [first.pk, second.pk]
    client.force_login(world.users["employee"])
    page = client.get(first.get_absolute_url()).content.decode()
    assert str(ops) in page and str(vug) in page and str(board) in page and d.reference in page


@pytest.mark.django_db
def test_strategy_review_due_and_reminders(world, settings):
    today = timezone.localdate()
    start, _end = mandate_period(today)
    strategy = services.create_strategy(
        acting_user=None, organisation=world.org, title="IT-strategi", version="1", text="T"
    )
    services.adopt_strategy(strategy, acting_user=None, adopted_on=start - datetime.timedelta(days=400))
    state = services.review_state(strategy, today)
    assert state["is_due"] and state["due_by"] == D(start.year + 1, 10, 15)
    assert tasks.send_review_reminders(today) == 2  # the head of IT and the management group member
    assert {m.to[0] for m in mail.outbox} == {world.users["it_head"].email, world.users["management_group"].email}
    assert tasks.send_review_reminders(today + datetime.timedelta(days=5)) == 0
    assert tasks.send_review_reminders(today + datetime.timedelta(days=31)) == 2
    with pytest.raises(ValidationError) as error:
        services.update_strategy(strategy, acting_user=None, text="Ändrad")
    assert "text" in error.value.message_dict
    services.record_review(strategy, acting_user=None, date=max(start, today - datetime.timedelta(days=1)))
    assert StrategyReview.objects.count() == 1
    assert not services.review_state(strategy, today)["is_due"]
    mail.outbox.clear()
    assert tasks.send_review_reminders(today + datetime.timedelta(days=90)) == 0


@pytest.mark.django_db
def test_the_current_strategy_is_readable_by_all(world, client):
    strategy = services.create_strategy(
        acting_user=None,
        organisation=world.org,
        title="IT-strategi",
        version="1",
        text="1. Bakgrund\n\n<b>fet</b> text.",
    )
    services.adopt_strategy(strategy, acting_user=None, adopted_on=D(2023, 3, 15))
    client.force_login(world.users["employee"])
    page = client.get(reverse("governance:strategy")).content.decode()
    assert "<h3>1. Bakgrund</h3>" in page and "&lt;b&gt;fet&lt;/b&gt;" in page
    assert "has not been reviewed" in page  # adopted in the 2022 period
    client.force_login(world.users["it_head"])
    home = client.get(reverse("core:home")).content.decode()
    assert "Review the IT strategy" in home


@pytest.mark.django_db
def test_decision_log_searches_both_kinds_and_exports(world, client):
    from styrbord.systems import services as system_services
    from styrbord.systems.tests.factories import meeting as system_meeting

    ekonomi = system(world, "Ekonomisystem")
    sm = system_meeting(ekonomi)
    system_services.add_decision(sm, acting_user=None, text="Uppgradera ekonomisystemet i maj.")
    decision(world, title="Nytt e-arkiv", text="Införs stegvis.", subjects=[ekonomi])
    client.force_login(world.users["employee"])
    url = reverse("governance:decision_list")
    page = client.get(url, {"q": "uppgradera"}).content.decode()
    assert "Uppgradera ekonomisystemet" in page and "Nytt e-arkiv" not in page
    page = client.get(url, {"q": "arkiv"}).content.decode()
    assert "Nytt e-arkiv" in page and "Uppgradera" not in page
    page = client.get(url, {"level": "system_management"}).content.decode()
    assert "Uppgradera" in page and "Nytt e-arkiv" not in page
    page = client.get(url, {"subject_type": "systems.system"}).content.decode()
    assert "Uppgradera" in page and "Nytt e-arkiv" in page
    csv = client.get(url, {"export": "csv"})
    assert csv["Content-Type"].startswith("text/csv") and "Uppgradera" in csv.content.decode()
    xlsx = client.get(url, {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


@pytest.mark.django_db
def test_decisions_about_on_a_system_page(world, client, django_assert_max_num_queries):
    from styrbord.governance.log import decisions_about
    from styrbord.systems import services as system_services
    from styrbord.systems.tests.factories import meeting as system_meeting

    ekonomi = system(world, "Ekonomisystem")
    system_services.add_decision(system_meeting(ekonomi), acting_user=None, text="Byt server.")
    for n in range(5):
        decision(world, title=f"Beslut {n}", subjects=[ekonomi])
    with django_assert_max_num_queries(8):
        entries = decisions_about(ekonomi)
    assert len(entries) == 6
    client.force_login(world.users["employee"])
    page = client.get(ekonomi.get_absolute_url()).content.decode()
    assert "Beslut 4" in page and "Byt server." in page


@pytest.mark.django_db
def test_subjects_must_be_allowed_and_in_the_organisation(world):
    from styrbord.organisations import services as org_services

    with pytest.raises(ValidationError) as error:
        services.resolve_subject(world.org, "organisations.user", world.users["employee"].pk)
    assert "subjects" in error.value.message_dict
    foreign = org_services.create_department(
        acting_user=None, organisation=world.other_org, name="Främmande", kind="forvaltning", cost_centre="9"
    )
    with pytest.raises(ValidationError) as error:
        services.resolve_subject(world.org, "organisations.department", foreign.pk)
    assert "subjects" in error.value.message_dict
    assert services.resolve_subject(world.org, "organisations.department", world.branch.pk) == world.branch
