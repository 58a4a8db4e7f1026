"""The catalogue's write actions: frozen price lists, publishing, copying, targets, calendars."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from styrbord.catalog import services
from styrbord.catalog.choices import ChargeUnit, PriceListStatus, ServiceStatus
from styrbord.catalog.models import LevelTarget, Price, PriceList, Service, ServiceLevel
from styrbord.catalog.tests.factories import (
    TARGETS,
    make_calendar,
    make_price_list,
    make_service,
)

pytestmark = pytest.mark.django_db


def error_fields(error):
    return set(error.value.message_dict)


# The frozen price list --------------------------------------------------------------------


def test_a_published_list_refuses_new_changed_and_deleted_prices(world):
    service = make_service(world.org, levels=("Standard",))
    level = service.levels.get()
    price_list = make_price_list(world.org, 2026, published=True)
    price = price_list.prices.get()
    with pytest.raises(ValidationError) as error:
        services.set_price(price_list, acting_user=None, service=service, level=level, amount=Decimal("1"))
    assert error_fields(error) == {"amount"}
    assert "2026" in error.value.message_dict["amount"][0] and "frozen" in error.value.message_dict["amount"][0]
    with pytest.raises(ValidationError) as error:
        services.update_price(price, acting_user=None, amount=Decimal("1"))
    assert error_fields(error) == {"amount"}
    with pytest.raises(ValidationError) as error:
        services.delete_price(price, acting_user=None)
    assert error_fields(error) == {"amount"}
    with pytest.raises(ValidationError) as error:
        services.set_prices(price_list, [(service, level, None)], acting_user=None)
    assert error_fields(error) == {"amount"}
    # Model validation refuses it too, so no other path (the admin) slips past.
    price.amount = Decimal("2")
    with pytest.raises(ValidationError) as error:
        price.full_clean()
    assert error_fields(error) == {"amount"}
    assert Price.objects.get(pk=price.pk).amount == Decimal("100.00")


def test_a_draft_takes_set_changed_and_removed_prices_with_history(world):
    service = make_service(world.org, levels=("Bas", "Standard"))
    bas, standard = service.levels.order_by("order")
    price_list = services.create_price_list(acting_user=None, organisation=world.org, year=2027)
    it_head = world.users["it_head"]
    price = services.set_price(price_list, acting_user=it_head, service=service, level=bas, amount=Decimal("185"))
    services.set_price(price_list, acting_user=it_head, service=service, level=bas, amount=Decimal("190.50"))
    assert price_list.prices.get(level=bas).amount == Decimal("190.50")
    assert price.history.first().history_user == it_head
    services.set_prices(price_list, [(service, bas, None), (service, standard, Decimal("230"))], acting_user=it_head)
    assert {(p.level_id, p.amount) for p in price_list.prices.all()} == {(standard.pk, Decimal("230.00"))}


def test_a_price_names_its_level_when_the_service_has_levels(world):
    service = make_service(world.org)
    price_list = services.create_price_list(acting_user=None, organisation=world.org, year=2027)
    with pytest.raises(ValidationError) as error:
        services.set_price(price_list, acting_user=None, service=service, amount=Decimal("10"))
    assert error_fields(error) == {"level"}
    with pytest.raises(ValidationError) as error:
        services.set_price(
            price_list, acting_user=None, service=service, level=service.levels.first(), amount=Decimal("-1")
        )
    assert error_fields(error) == {"amount"}


def test_publishing_needs_every_monthly_service_priced(world):
    monthly = make_service(world.org, name="Dator", levels=("Bas", "Standard"), unit=ChargeUnit.DEVICE)
    make_service(world.org, name="Konsulttimme", levels=(), unit=ChargeUnit.HOUR)
    make_service(world.org, name="Planerad", status=ServiceStatus.PLANNED)
    make_service(world.org, name="Avvecklad", status=ServiceStatus.RETIRED)
    storage = make_service(world.org, name="Lagring", levels=(), unit=ChargeUnit.GB)
    price_list = services.create_price_list(acting_user=None, organisation=world.org, year=2027)
    bas = monthly.levels.get(name="Bas")
    services.set_price(price_list, acting_user=None, service=monthly, level=bas, amount=Decimal("365"))
    with pytest.raises(ValidationError) as error:
        services.publish_price_list(price_list, acting_user=None)
    assert error_fields(error) == {"prices"}
    assert sorted(error.value.message_dict["prices"]) == [
        "Dator, level Standard, has no price.",
        "Lagring has no price.",
    ]
    price_list.refresh_from_db()
    assert price_list.status == PriceListStatus.DRAFT
    services.set_price(
        price_list, acting_user=None, service=monthly, level=monthly.levels.get(name="Standard"), amount=Decimal("425")
    )
    services.set_price(price_list, acting_user=None, service=storage, amount=Decimal("0.85"))
    published = services.publish_price_list(price_list, acting_user=world.users["it_head"])
    assert published.status == PriceListStatus.PUBLISHED and published.published_by == world.users["it_head"]
    assert published.published_at is not None
    with pytest.raises(ValidationError) as error:
        services.publish_price_list(published, acting_user=None)
    assert error_fields(error) == {"status"}


def test_copy_to_next_year_with_a_percentage(world):
    service = make_service(world.org, levels=("Bas", "Utökad"))
    bas, extended = service.levels.order_by("order")
    per_gb = make_service(world.org, levels=(), unit=ChargeUnit.GB)
    retired = make_service(world.org, levels=(), unit=ChargeUnit.HOUR)
    source = services.create_price_list(acting_user=None, organisation=world.org, year=2026)
    for svc, level, amount in [
        (service, bas, "185"),
        (service, extended, "295"),
        (per_gb, None, "0.85"),
        (retired, None, "780"),
    ]:
        services.set_price(source, acting_user=None, service=svc, level=level, amount=Decimal(amount))
    services.update_service(retired, acting_user=None, status=ServiceStatus.RETIRED)
    services.update_level(extended, acting_user=None, is_active=False)
    services.publish_price_list(source, acting_user=None)

    exact = services.copy_price_list(source, acting_user=None, year=2027, percent=Decimal("3"))
    assert exact.status == PriceListStatus.DRAFT and "2026" in exact.note
    assert {(p.service_id, p.level_id): p.amount for p in exact.prices.all()} == {
        (service.pk, bas.pk): Decimal("190.55"),
        (per_gb.pk, None): Decimal("0.88"),
    }
    rounded = services.copy_price_list(source, acting_user=None, year=2028, percent="3.5", whole_kronor=True)
    assert {p.amount for p in rounded.prices.all()} == {Decimal("191.00"), Decimal("0.88")}
    lower = services.copy_price_list(source, acting_user=None, year=2029, percent=Decimal("-10"))
    assert lower.prices.get(level=bas).amount == Decimal("166.50")


def test_copy_refuses_a_taken_year_and_a_negative_result(world):
    make_service(world.org)
    source = make_price_list(world.org, 2026, published=True)
    make_price_list(world.org, 2027)
    with pytest.raises(ValidationError) as error:
        services.copy_price_list(source, acting_user=None, year=2027, percent=3)
    assert error_fields(error) == {"year"}
    with pytest.raises(ValidationError) as error:
        services.copy_price_list(source, acting_user=None, year=2028, percent=-100)
    assert error_fields(error) == {"percent"}
    assert not PriceList.objects.filter(year=2028).exists()


def test_adjusted_amount_rounds_half_up():
    assert services.adjusted_amount(Decimal("100"), Decimal("2.5")) == Decimal("102.50")
    assert services.adjusted_amount(Decimal("0.85"), Decimal("3")) == Decimal("0.88")  # 0.8755
    assert services.adjusted_amount(Decimal("190"), Decimal("0.5"), whole_kronor=True) == Decimal("191")  # 190.95
    assert services.adjusted_amount(Decimal("5.50"), Decimal("3"), whole_kronor=True) == Decimal("5.67")


def test_price_for_reads_published_prices_only(world):
    service = make_service(world.org, levels=("Standard",))
    level = service.levels.get()
    make_price_list(world.org, 2026, published=True, amount=Decimal("310"))
    make_price_list(world.org, 2027, amount=Decimal("320"))
    assert services.price_for(service, level, 2026) == Decimal("310.00")
    assert isinstance(services.price_for(service, level, 2026), Decimal)
    assert services.price_for(service, level, 2027) is None  # a draft
    assert services.price_for(service, level, 2025) is None
    assert services.published_price_list(world.org, 2026).year == 2026
    assert services.published_price_list(world.org, 2027) is None
    assert services.published_price_list(world.other_org, 2026) is None


def test_price_for_a_service_without_levels(world):
    hour = make_service(world.org, levels=(), unit=ChargeUnit.HOUR)
    make_price_list(world.org, 2026, published=True, amount=Decimal("850"))
    assert services.price_for(hour, None, 2026) == Decimal("850.00")


def test_a_service_keeps_its_unit_once_prices_are_published(world):
    service = make_service(world.org)
    services.update_service(service, acting_user=None, unit=ChargeUnit.DEVICE)  # no prices yet
    make_price_list(world.org, 2026, published=True)
    with pytest.raises(ValidationError) as error:
        services.update_service(Service.objects.get(pk=service.pk), acting_user=None, unit=ChargeUnit.USER)
    assert error_fields(error) == {"unit"}


def test_service_codes_are_unique_in_an_organisation(world):
    make_service(world.org, code="dator")
    with pytest.raises(ValidationError) as error:
        make_service(world.org, code="dator")
    assert error_fields(error) == {"code"}
    make_service(world.other_org, code="dator")


# Levels and their targets -----------------------------------------------------------------


def test_targets_are_set_as_one_list(world):
    level = make_service(world.org, levels=("Bas",)).levels.get()
    assert [(t.priority, t.response_minutes, t.resolution_minutes) for t in level.targets.all()] == [
        (1, 30, 240),
        (2, 60, 480),
        (3, 240, 1440),
        (4, 480, 2400),
    ]
    services.set_targets(
        level,
        [{"priority": 1, "response_minutes": 15, "resolution_minutes": 120}, TARGETS[2]],
        acting_user=world.users["it_head"],
    )
    assert [(t.priority, t.response_minutes) for t in level.targets.all()] == [(1, 15), (3, 240)]


def test_bad_targets_name_the_priority_and_change_nothing(world):
    level = make_service(world.org, levels=("Bas",)).levels.get()
    bad = [dict(t) for t in TARGETS]
    bad[1]["resolution_minutes"] = 30  # P2 resolved before it is answered
    with pytest.raises(ValidationError) as error:
        services.update_level(level, acting_user=None, maintenance_window="Lördagar", targets=bad)
    assert error_fields(error) == {"targets"}
    assert error.value.message_dict["targets"][0].startswith("P2:")
    twice = [*TARGETS, TARGETS[0]]
    with pytest.raises(ValidationError) as error:
        services.set_targets(level, twice, acting_user=None)
    assert "P1" in error.value.message_dict["targets"][0]
    assert LevelTarget.objects.get(level=level, priority=2).resolution_minutes == 480
    assert ServiceLevel.objects.get(pk=level.pk).maintenance_window == ""


def test_a_level_runs_on_a_calendar_of_its_own_organisation(world):
    service = make_service(world.org, levels=())
    with pytest.raises(ValidationError) as error:
        services.create_level(acting_user=None, service=service, name="Bas", calendar=make_calendar(world.other_org))
    assert error_fields(error) == {"calendar"}


# Calendars --------------------------------------------------------------------------------


def test_calendar_segments_must_open_before_they_close_and_not_overlap(world):
    with pytest.raises(ValidationError) as error:
        services.create_calendar(
            acting_user=None,
            organisation=world.org,
            name="Fel",
            segments=[
                {"weekday": 0, "opens": time(8), "closes": time(12)},
                {"weekday": 0, "opens": time(11), "closes": time(17)},
                {"weekday": 1, "opens": time(17), "closes": time(8)},
            ],
        )
    assert error_fields(error) == {"segments"}
    assert len(error.value.message_dict["segments"]) == 2


def test_a_calendar_needs_hours_unless_it_is_always_open(world):
    with pytest.raises(ValidationError) as error:
        services.create_calendar(acting_user=None, organisation=world.org, name="Tom", segments=[])
    assert error_fields(error) == {"segments"}
    assert services.create_calendar(acting_user=None, organisation=world.org, name="Jour", always_open=True)


def test_segments_and_closed_days_are_replaced_keeping_unchanged_rows(world):
    calendar = make_calendar(world.org, hours=("08:00-17:00",))
    kept = calendar.segments.get(weekday=0)
    services.update_calendar(
        calendar,
        acting_user=None,
        segments=[
            {"weekday": 0, "opens": time(8), "closes": time(17)},
            {"weekday": 5, "opens": time(10), "closes": time(14)},
        ],
        closed_days=[{"date": date(2026, 5, 15), "name": "Klämdag"}],
    )
    assert [(s.weekday, s.opens) for s in calendar.segments.order_by("weekday")] == [(0, time(8)), (5, time(10))]
    assert calendar.segments.get(weekday=0).pk == kept.pk
    assert [(d.date, d.organisation_id) for d in calendar.closed_days.all()] == [(date(2026, 5, 15), world.org.pk)]
    services.set_closed_days(calendar, [], acting_user=None)
    assert not calendar.closed_days.exists()


def test_a_day_is_closed_once_per_scope(world):
    calendar = make_calendar(world.org)
    services.add_closed_day(acting_user=None, organisation=world.org, date=date(2026, 5, 15), name="Klämdag")
    with pytest.raises(ValidationError) as error:
        services.add_closed_day(acting_user=None, organisation=world.org, date=date(2026, 5, 15), name="Igen")
    assert error_fields(error) == {"date"}
    services.add_closed_day(
        acting_user=None, organisation=world.org, calendar=calendar, date=date(2026, 5, 15), name="Också"
    )
    with pytest.raises(ValidationError) as error:
        services.add_closed_day(
            acting_user=None,
            organisation=world.org,
            calendar=make_calendar(world.other_org),
            date=date(2026, 5, 16),
            name="Fel",
        )
    assert error_fields(error) == {"calendar"}


def test_default_areas_come_from_the_reference_file(world):
    created = services.create_default_areas(acting_user=None, organisation=world.org)
    assert [area.name for area in created] == ["Arbetsplats", "Nätverk och kommunikation", "Datacenter", "Systemdrift"]
    assert services.create_default_areas(acting_user=None, organisation=world.org) == []


# Who sees what ----------------------------------------------------------------------------


def test_planned_services_and_drafts_are_seen_by_it_and_finance_only(world):
    active = make_service(world.org, levels=("Standard",))
    planned = make_service(world.org, levels=("Standard",), status=ServiceStatus.PLANNED)
    published = make_price_list(world.org, 2026, published=True)
    draft = make_price_list(world.org, 2027)
    for role, sees_drafts in [("employee", False), ("department_head", False), ("finance", True), ("it_staff", True)]:
        user = world.users[role]
        assert set(Service.objects.restrict(user)) == ({active, planned} if sees_drafts else {active})
        assert set(PriceList.objects.restrict(user)) == ({published, draft} if sees_drafts else {published})
        assert set(ServiceLevel.objects.restrict(user).values_list("service_id", flat=True)) == (
            {active.pk, planned.pk} if sees_drafts else {active.pk}
        )
        prices = Price.objects.restrict(user)
        assert set(prices.values_list("price_list_id", "service_id")) == (
            {(published.pk, active.pk), (published.pk, planned.pk), (draft.pk, active.pk), (draft.pk, planned.pk)}
            if sees_drafts
            else {(published.pk, active.pk)}
        )
        assert user.has_perm("catalog.view_service", planned) is sees_drafts
        assert user.has_perm("catalog.view_pricelist", draft) is sees_drafts
    assert not Service.objects.restrict(world.users["stranger"]).exists()
