"""Customer surveys (kundenkät): rounds, their questions, invitations and the answers.

Anonymity is a property of the data model, not of the pages: an anonymous round's
``Response`` holds no invitation, no person, no time finer than the day, and its primary key
is random, so neither a join nor an ordering leads from an answer back to the invitation
(whose ``answered_on`` only says that the person answered). Responses and answers keep no
history (django-simple-history would record who saved them and when).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrbord.core.models import TenantModel, TenantQuerySet

from .choices import QuestionKind, RoundStatus, TargetKind


def random_id():
    """A random primary key below 2**52 (exact in JavaScript): rows have no insertion order."""
    return secrets.randbelow(2**52 - 1) + 1


class SurveyRound(TenantModel):
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    target_kind = models.CharField(_("target group"), max_length=20, choices=TargetKind.choices, default="all")
    target_department = models.ForeignKey(
        "organisations.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target department"),
        help_text=_("Everyone in this department and the departments under it."),
    )
    target_service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target service"),
        help_text=_("The members of departments that subscribe to the service."),
    )
    target_system = models.ForeignKey(
        "systems.System",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target system"),
        help_text=_("The members of the owning department and the people with a role for the system."),
    )
    service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service asked about"),
        help_text=_("Empty: the IT unit's services as a whole."),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before closing)"),
        null=True,
        blank=True,
        default=5,
        help_text=_("Those who have not answered get one reminder this many days before closing. Empty: none."),
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("No link from an answer to the person is kept. Cannot be changed once the round is open."),
    )
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "title"]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:round_detail", args=[self.pk])

    @property
    def is_draft(self):
        return self.status == RoundStatus.DRAFT

    @property
    def is_open(self):
        return self.status == RoundStatus.OPEN

    def clean(self):
        from styrbord.infra.models import same_organisation_errors

        errors = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("The round cannot close before it opens.")
        needed = {
            TargetKind.DEPARTMENT: "target_department",
            TargetKind.SERVICE: "target_service",
            TargetKind.SYSTEM: "target_system",
        }
        for kind, name in needed.items():
            if self.target_kind == kind and not getattr(self, f"{name}_id"):
                errors[name] = _("Choose the target group's %(what)s.") % {
                    "what": self._meta.get_field(name).verbose_name
                }
            elif self.target_kind != kind and getattr(self, f"{name}_id"):
                setattr(self, name, None)  # only the chosen kind's target is kept
        if self.organisation_id:
            related = {
                name: getattr(self, name)
                for name in ("target_department", "target_service", "target_system", "service")
                if getattr(self, f"{name}_id")
            }
            for name, message in same_organisation_errors(self, self.organisation_id, **related).items():
                errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)


class Question(models.Model):
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="questions", verbose_name=_("round"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    choices = models.JSONField(_("choices"), default=list, blank=True, help_text=_("The options of a choice question."))
    scale_min = models.SmallIntegerField(_("scale from"), default=1)
    scale_max = models.SmallIntegerField(_("scale to"), default=5)
    required = models.BooleanField(_("required"), default=True)

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "round__organisation"

    class Meta:
        ordering = ["round", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.display_text

    def get_absolute_url(self):
        return f"{self.round.get_absolute_url()}#question-{self.pk}"

    @property
    def display_text(self):
        """The NKI questions are stored as their English msgids and shown in the reader's language."""
        return gettext(self.text) if self.kind == QuestionKind.NKI else self.text

    def clean(self):
        errors = {}
        if self.kind in (QuestionKind.SCALE, QuestionKind.NKI) and self.scale_max <= self.scale_min:
            errors["scale_max"] = _("The scale must end above where it starts.")
        if self.kind == QuestionKind.CHOICE:
            options = self.choices if isinstance(self.choices, list) else []
            texts = [c.strip() for c in options if isinstance(c, str)]
            if len(texts) != len(options) or any(not text or len(text) > 200 for text in texts):
                errors["choices"] = _("Each option is a text of 1 to 200 characters.")
            elif len(set(texts)) != len(texts):
                errors["choices"] = _("Each option may appear only once.")
            elif len(texts) < 2:
                errors["choices"] = _("A choice question needs at least two options.")
        if errors:
            raise ValidationError(errors)


class Invitation(models.Model):
    """A person is asked to answer a round; the link's token is stored only as its SHA-256."""

    round = models.ForeignKey(
        SurveyRound, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("round")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    # Days only: a time of answering could be matched against the answers of a busy day.
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()
    organisation_field = "round__organisation"

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                name="survey_invitation_unique",
                violation_error_message=_("This person is already invited to the round."),
            )
        ]

    def __str__(self):
        return f"{self.round} – {self.person}"


class Response(models.Model):
    """One person's answers to a round. In an anonymous round nothing here points at the person."""

    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses", verbose_name=_("round"))
    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="response",
        verbose_name=_("invitation"),
        help_text=_("Only in rounds that are not anonymous."),
    )
    department = models.ForeignKey(
        "organisations.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
        help_text=_("The respondent's department when answering; empty in an anonymous round when it is small."),
    )
    submitted_on = models.DateField(_("submitted on"))

    objects = TenantQuerySet.as_manager()
    organisation_field = "round__organisation"

    class Meta:
        # By the random key: the order says nothing about who answered when.
        ordering = ["round", "id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self):
        return str(_("Response to %(round)s") % {"round": self.round})


class Answer(models.Model):
    id = models.BigIntegerField(primary_key=True, default=random_id, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response"))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question"))
    number = models.SmallIntegerField(_("number"), null=True, blank=True)
    choice = models.CharField(_("choice"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)

    objects = TenantQuerySet.as_manager()
    organisation_field = "response__round__organisation"

    class Meta:
        ordering = ["response", "question__order"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"],
                name="survey_answer_unique",
                violation_error_message=_("The question is already answered in this response."),
            )
        ]

    def __str__(self):
        return f"{self.question}: {self.number or self.choice or self.text}"
