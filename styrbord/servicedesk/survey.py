"""The satisfaction survey: one question (1–5 and an optional comment) after a ticket is closed.

The reporter gets a link with a random token; only its SHA-256 is stored, the link works
without logging in and only once. The answer keeps the ticket's service and department as
they were, so that the follow-up groups answers correctly even if the ticket changes later.
"""

import hashlib
import secrets

from django import forms
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .choices import EventKind, TicketKind, TicketStatus
from .models import SurveyAnswer, Ticket, TicketEvent

SCORES = [
    (5, _("5 – very satisfied")),
    (4, _("4 – satisfied")),
    (3, _("3 – neither satisfied nor dissatisfied")),
    (2, _("2 – dissatisfied")),
    (1, _("1 – very dissatisfied")),
]


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def survey_path(token):
    try:
        return reverse("survey:answer", args=[token])
    except NoReverseMatch:  # the project has not included survey_urls yet
        return f"/survey/{token}/"


def wants_survey(ticket):
    """Surveys go to the people IT served, not about IT's own maintenance work."""
    reporter = ticket.reporter
    return ticket.kind != TicketKind.MAINTENANCE and bool(reporter.email) and reporter.is_active


def create_survey(ticket, *, now=None):
    """A new survey for a ticket: the stored row and the token for its link (shown only here)."""
    token = secrets.token_urlsafe(32)
    survey = SurveyAnswer.objects.create(ticket=ticket, token_hash=hash_token(token), sent_at=now or timezone.now())
    return survey, token


def send_survey_mail(ticket_id):
    """Create the closed ticket's survey and e-mail its link; nothing if it already has one."""
    from .notifications import deliver

    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(of=("self",))
            .select_related("reporter", "assignee", "queue", "organisation")
            .filter(pk=ticket_id, status=TicketStatus.CLOSED)
            .first()
        )
        if ticket is None or SurveyAnswer.objects.filter(ticket=ticket).exists() or not wants_survey(ticket):
            return 0
        _survey, token = create_survey(ticket)
        # Sent inside the transaction: if the mail fails, no survey is stored and the task retries.
        return deliver("survey", ticket, {"survey_path": survey_path(token)})


@transaction.atomic
def answer_survey(survey, *, score, comment="", now=None):
    """Store the answer once; False when the survey was already answered (nothing changes)."""
    survey = SurveyAnswer.objects.select_for_update().select_related("ticket").get(pk=survey.pk)
    if survey.answered_at is not None:
        return False
    now = now or timezone.now()
    survey.score = score
    survey.comment = (comment or "").strip()
    survey.answered_at = now
    survey.service_id = survey.ticket.service_id
    survey.department_id = survey.ticket.department_id
    survey.full_clean()
    survey.save()
    TicketEvent.objects.create(ticket=survey.ticket, kind=EventKind.SURVEY, actor=None, at=now, data={"score": score})
    return True


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with how your case was handled?"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a score from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was good, or what could we do better?"),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, token):
    survey = SurveyAnswer.objects.select_related("ticket").filter(token_hash=hash_token(token)).first()
    if survey is None:
        raise Http404
    context = {"survey": survey, "ticket": survey.ticket}
    if survey.answered_at is not None:
        return render(request, "servicedesk/survey/done.html", {**context, "already": True})
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        stored = answer_survey(survey, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"])
        return render(request, "servicedesk/survey/done.html", {**context, "already": not stored})
    return render(request, "servicedesk/survey/answer.html", {**context, "form": form})
