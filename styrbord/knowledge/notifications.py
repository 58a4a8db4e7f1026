"""E-mail to course participants, in each person's language: the reminder the day before, and
the news that a place has come free for someone on the waiting list."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

TEMPLATES = ("reminder", "promoted")


def language_of(person):
    return person.language or settings.LANGUAGE_CODE


def render_mail(template, enrolment):
    person = enrolment.person
    with translation.override(language_of(person)):
        context = {
            "enrolment": enrolment,
            "session": enrolment.session,
            "course": enrolment.session.course,
            "person": person,
            "base_url": settings.STYRBORD_BASE_URL,
        }
        subject = render_to_string(f"knowledge/email/{template}_subject.txt", context)
        body = render_to_string(f"knowledge/email/{template}.txt", context)
    return " ".join(subject.split()), body


def message_for(template, enrolment):
    subject, body = render_mail(template, enrolment)
    return EmailMessage(subject, body, to=[enrolment.person.email], headers={"Auto-Submitted": "auto-generated"})


def send(template, enrolments):
    messages = [
        message_for(template, enrolment)
        for enrolment in enrolments
        if enrolment.person.email and enrolment.person.is_active
    ]
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def send_one(template, enrolment_id):
    from .models import Enrolment

    enrolment = Enrolment.objects.select_related("person", "session__course").filter(pk=enrolment_id).first()
    return send(template, [enrolment]) if enrolment is not None else 0


def after_commit(template, enrolment_id):
    transaction.on_commit(lambda: send_one(template, enrolment_id))
