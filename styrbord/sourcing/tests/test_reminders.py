"""Reminders before the last notice date: once per threshold, to the contract owner; attention items."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from styrbord.sourcing import services
from styrbord.sourcing.models import ContractReminder, months_after
from styrbord.sourcing.tasks import notice_reminders, send_reminders

from .factories import contract, owned_system

pytestmark = pytest.mark.django_db


def ending(world, notice_in_days, today, **fields):
    """A contract whose last notice date is ``notice_in_days`` after ``today`` (6 months' notice)."""
    notice = today + timedelta(days=notice_in_days)
    end = months_after(notice, 6)
    created = contract(world, start_date=date(2020, 1, 1), end_date=end, notice_months=6, **fields)
    assert created.notice_date == notice or abs((created.notice_date - notice).days) <= 3
    return created


def test_each_threshold_is_mailed_once(world):
    today = date(2026, 1, 10)
    created = ending(world, 100, today, systems=[owned_system(world)])
    assert send_reminders(today) == 0
    days = (created.notice_date - today).days
    first = today + timedelta(days=days - 90)
    assert send_reminders(first) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.users["employee"].email]
    assert created.reference in message.subject and created.get_absolute_url() in message.body
    assert send_reminders(first) == 0 and send_reminders(first + timedelta(days=1)) == 0  # sent once
    second = today + timedelta(days=days - 30)
    assert send_reminders(second) == 1
    assert sorted(ContractReminder.objects.values_list("threshold_days", flat=True)) == [30, 90]
    assert send_reminders(second) == 0
    assert len(mail.outbox) == 2


def test_a_late_contract_gets_one_mail_for_both_thresholds(world):
    today = date(2026, 1, 10)
    ending(world, 20, today)
    assert notice_reminders.call_local(today) == 1
    assert ContractReminder.objects.count() == 2
    assert notice_reminders.call_local(today) == 0
    assert len(mail.outbox) == 1


def test_terminated_and_renewed_contracts(world):
    today = date(2026, 1, 10)
    terminated = ending(world, 20, today)
    services.update_contract(terminated, acting_user=None, notice_given_on=today - timedelta(days=1))
    assert send_reminders(today) == 0
    renewed = ending(world, 20, today, renewal_count=1, renewal_months=12)
    assert send_reminders(today) == 1
    services.use_renewal(renewed, acting_user=None)  # a new notice date: reminders start again
    renewed.refresh_from_db()
    assert send_reminders(renewed.notice_date - timedelta(days=10)) == 1


def test_the_thresholds_are_the_organisations(world):
    today = date(2026, 1, 10)
    services.update_settings(
        acting_user=None, organisation=world.org, first_reminder_days=120, second_reminder_days=None
    )
    ending(world, 110, today)
    assert send_reminders(today) == 1
    assert list(ContractReminder.objects.values_list("threshold_days", flat=True)) == [120]


def test_second_threshold_must_be_closer(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        services.update_settings(
            acting_user=None, organisation=world.org, first_reminder_days=30, second_reminder_days=60
        )
    assert "second_reminder_days" in excinfo.value.message_dict


def attention_urls(user):
    client = Client()
    client.force_login(user)
    response = client.get(reverse("core:home"))
    return [item.url for item in response.context["attention"]]


def test_attention_for_the_owner_and_the_head_of_it(world):
    today = timezone.localdate()
    created = ending(world, 20, today, systems=[owned_system(world)])
    assert created.get_absolute_url() in attention_urls(world.users["employee"])  # the owner's item
    assert created.get_absolute_url() in attention_urls(world.users["it_head"])  # the organisation's item
    assert created.get_absolute_url() not in attention_urls(world.users["finance"])
