"""Governance (§9 of the IT strategy): decision levels, forums, meetings, decisions, escalations,
and the strategy documents themselves (§1) with their reviews once per mandate period."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrbord.core.models import TenantModel, TenantQuerySet, TimeStampedModel
from styrbord.infra.models import same_organisation_errors

from .choices import (
    AgendaSource,
    DecisionStatus,
    EscalationStatus,
    ForumRole,
    LevelKey,
    MeetingStatus,
    ReviewOutcome,
    StrategyStatus,
)

# Municipal councils are elected every four years; the term starts on 15 October of the election year.
FIRST_ELECTION_YEAR = 2022
MANDATE_START = (10, 15)


def mandate_period(day):
    """The mandate period ``(start, end)`` (both inclusive) that ``day`` falls in."""
    year = day.year
    year -= (year - FIRST_ELECTION_YEAR) % 4
    start = datetime.date(year, *MANDATE_START)
    if day < start:
        start = datetime.date(year - 4, *MANDATE_START)
    end = datetime.date(start.year + 4, *MANDATE_START) - datetime.timedelta(days=1)
    return start, end


class DecisionLevel(TenantModel):
    """One of the organisation's decision levels; the name is the organisation's own."""

    key = models.CharField(_("level"), max_length=30, choices=LevelKey)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), help_text=_("A higher rank is a higher level: questions are escalated upwards.")
    )
    prefix = models.CharField(
        _("reference prefix"),
        max_length=10,
        help_text=_("Starts the reference numbers of the level's decisions, e.g. TAK in TAK-2026-014."),
    )

    history = HistoricalRecords()
    constraint_error_fields = {"level_key_unique": "key", "level_prefix_unique": "prefix"}

    class Meta:
        ordering = ["organisation", "-rank", "key"]
        verbose_name = _("decision level")
        verbose_name_plural = _("decision levels")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"],
                name="level_key_unique",
                violation_error_message=_("This organisation already has this level."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "prefix"],
                name="level_prefix_unique",
                violation_error_message=_("Another level of this organisation uses this prefix."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:level_list")

    def clean(self):
        self.prefix = (self.prefix or "").strip().upper()


class Forum(TenantModel):
    """A forum that decides at a level: the IT management group, VUG, an operations forum, a system's
    management forum (then tied to the system or its management object)."""

    level = models.ForeignKey(DecisionLevel, on_delete=models.PROTECT, related_name="forums", verbose_name=_("level"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    system = models.ForeignKey(
        "systems.System", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("system")
    )
    management_object = models.ForeignKey(
        "systems.ManagementObject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("management object"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    constraint_error_fields = {"forum_name_unique": "name"}

    class Meta:
        ordering = ["organisation", "-level__rank", "name"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="forum_name_unique",
                violation_error_message=_("Another forum of this organisation has this name."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:forum_detail", args=[self.pk])

    def clean(self):
        errors = same_organisation_errors(
            self,
            self.organisation_id,
            level=self.level if self.level_id else None,
            system=self.system if self.system_id else None,
            management_object=self.management_object if self.management_object_id else None,
        )
        if (
            "level" not in errors
            and self.level_id
            and self.level.key != LevelKey.SYSTEM_MANAGEMENT
            and (self.system_id or self.management_object_id)
        ):
            errors["system" if self.system_id else "management_object"] = _(
                "Only a forum at the system-management level is tied to a system or management object."
            )
        if errors:
            raise ValidationError(errors)

    def chairs(self):
        return [m.person for m in self.members.all() if m.role == ForumRole.CHAIR]


class ForumMember(TimeStampedModel):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="members", verbose_name=_("forum"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    role = models.CharField(_("role in the forum"), max_length=20, choices=ForumRole, default=ForumRole.MEMBER)

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "forum__organisation"
    constraint_error_fields = {"forum_member_unique": "person"}

    class Meta:
        ordering = ["forum", "role", "person__last_name", "person__first_name"]
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "person"],
                name="forum_member_unique",
                violation_error_message=_("This person is already a member of the forum."),
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"

    def get_absolute_url(self):
        return self.forum.get_absolute_url()

    def clean(self):
        if (
            self.forum_id
            and self.person_id
            and not self.person.memberships.filter(organisation_id=self.forum.organisation_id).exists()
        ):
            raise ValidationError({"person": _("The person must be a member of the organisation.")})


class Meeting(TenantModel):
    """A meeting of a forum: agenda, minutes, decisions; closed once the minutes are settled."""

    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("forum"))
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus, default=MeetingStatus.PLANNED)
    minutes = models.TextField(_("minutes"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["organisation", "date"])]

    def __str__(self):
        return f"{self.forum} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("governance:meeting_detail", args=[self.pk])

    def clean(self):
        errors = same_organisation_errors(self, self.organisation_id, forum=self.forum if self.forum_id else None)
        if errors:
            raise ValidationError(errors)

    @property
    def is_closed(self):
        return self.status == MeetingStatus.CLOSED


class AgendaItem(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("meeting"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presenter"),
    )
    source = models.CharField(_("source"), max_length=20, choices=AgendaSource, default=AgendaSource.MANUAL)
    # What put the item on the agenda when that is a row elsewhere (a project proposal, a decision to follow up).
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("source type")
    )
    source_id = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    source_object = GenericForeignKey("source_type", "source_id")

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "meeting__organisation"

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()


class DecisionQuerySet(TenantQuerySet):
    def for_object(self, obj):
        ct = ContentType.objects.get_for_model(obj)
        return self.filter(subjects__content_type=ct, subjects__object_id=obj.pk).distinct()


class Decision(TenantModel):
    """A decision at a level, with a reference number; never edited once its meeting is closed.

    A later decision amends or revokes it; both stay in the log, the older one marked.
    """

    reference = models.CharField(_("reference number"), max_length=30, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    sequence = models.PositiveIntegerField(_("sequence"), editable=False)
    level = models.ForeignKey(
        DecisionLevel, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("level")
    )
    forum = models.ForeignKey(
        Forum, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions", verbose_name=_("forum")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("meeting"),
        help_text=_("Empty for a decision taken outside a meeting, e.g. by the head of IT under delegation."),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("decision"))
    rationale = models.TextField(_("rationale"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
        help_text=_("The person who decided; empty when the forum decided together."),
    )
    follow_up_date = models.DateField(_("follow-up date"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=DecisionStatus, default=DecisionStatus.IN_FORCE)
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amended_by",
        verbose_name=_("amends"),
    )
    revokes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revoked_by",
        verbose_name=_("revokes"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()
    objects = DecisionQuerySet.as_manager()
    constraint_error_fields = {"decision_reference_unique": "reference"}

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [models.Index(fields=["organisation", "date"]), models.Index(fields=["organisation", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"],
                name="decision_reference_unique",
                violation_error_message=_("Another decision has this reference number."),
            ),
            models.CheckConstraint(
                condition=Q(amends__isnull=True) | Q(revokes__isnull=True),
                name="decision_amends_or_revokes",
                violation_error_message=_("A decision either amends or revokes another, not both."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("governance:decision_detail", args=[self.pk])

    @property
    def is_locked(self):
        """Closed meeting → the decision text stands; a decision outside a meeting stands once recorded."""
        if self.meeting_id:
            return self.meeting.status == MeetingStatus.CLOSED
        return self.pk is not None

    def clean(self):
        errors = same_organisation_errors(
            self,
            self.organisation_id,
            level=self.level if self.level_id else None,
            forum=self.forum if self.forum_id else None,
            meeting=self.meeting if self.meeting_id else None,
            amends=self.amends if self.amends_id else None,
            revokes=self.revokes if self.revokes_id else None,
        )
        if self.meeting_id and "meeting" not in errors and self.forum_id and self.meeting.forum_id != self.forum_id:
            errors["meeting"] = _("The meeting must be one of the forum's.")
        if self.forum_id and self.level_id and "forum" not in errors and self.forum.level_id != self.level_id:
            errors["forum"] = _("The forum decides at another level.")
        if self.agenda_item_id and self.meeting_id and self.agenda_item.meeting_id != self.meeting_id:
            errors["agenda_item"] = _("The agenda item must belong to the meeting.")
        for name in ("amends", "revokes"):
            target = getattr(self, name)
            if target is not None and self.pk and target.pk == self.pk:
                errors[name] = _("A decision cannot change itself.")
        if errors:
            raise ValidationError(errors)

    @property
    def superseded_by(self):
        """The later decisions that amend or revoke this one (prefetch amended_by/revoked_by for lists)."""
        return [*self.amended_by.all(), *self.revoked_by.all()]


class DecisionSubject(TimeStampedModel):
    """What a decision concerns: any service, system, project, contract, budget round…"""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="subjects", verbose_name=_("decision")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    label = models.CharField(_("name"), max_length=300, help_text=_("The object's name when the decision was taken."))
    subject = GenericForeignKey("content_type", "object_id")

    objects = TenantQuerySet.as_manager()
    organisation_field = "decision__organisation"
    constraint_error_fields = {"decision_subject_unique": "object_id"}

    class Meta:
        ordering = ["decision", "id"]
        verbose_name = _("decision subject")
        verbose_name_plural = _("decision subjects")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "content_type", "object_id"],
                name="decision_subject_unique",
                violation_error_message=_("The decision already concerns this."),
            )
        ]

    def __str__(self):
        return self.label

    @property
    def type_key(self):
        return f"{self.content_type.app_label}.{self.content_type.model}"


class Escalation(TenantModel):
    """An open question sent from a forum to a forum at a higher level; ``parent`` is the previous step."""

    from_forum = models.ForeignKey(
        Forum, on_delete=models.PROTECT, related_name="escalations_raised", verbose_name=_("from forum")
    )
    from_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations_raised",
        verbose_name=_("raised at meeting"),
    )
    to_forum = models.ForeignKey(
        Forum, on_delete=models.PROTECT, related_name="escalations_received", verbose_name=_("to forum")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_steps",
        verbose_name=_("escalated from"),
        help_text=_("The earlier escalation this one takes further up."),
    )
    question = models.CharField(_("question"), max_length=300)
    reason = models.TextField(_("reason"), help_text=_("Why the question cannot be decided at the lower level."))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("raised by")
    )
    raised_on = models.DateField(_("raised on"))
    status = models.CharField(_("status"), max_length=20, choices=EscalationStatus, default=EscalationStatus.OPEN)
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("agenda item"),
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("decision"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("governance:escalation_detail", args=[self.pk])

    def clean(self):
        errors = same_organisation_errors(
            self,
            self.organisation_id,
            from_forum=self.from_forum if self.from_forum_id else None,
            to_forum=self.to_forum if self.to_forum_id else None,
            from_meeting=self.from_meeting if self.from_meeting_id else None,
            parent=self.parent if self.parent_id else None,
        )
        if (
            self.from_forum_id
            and self.to_forum_id
            and "to_forum" not in errors
            and "from_forum" not in errors
            and self.to_forum.level.rank <= self.from_forum.level.rank
        ):
            errors["to_forum"] = _("A question is escalated to a forum at a higher level.")
        if self.from_meeting_id and "from_meeting" not in errors and self.from_meeting.forum_id != self.from_forum_id:
            errors["from_meeting"] = _("The meeting must be one of the forum's.")
        if self.parent_id and "parent" not in errors and self.parent.to_forum_id != self.from_forum_id:
            errors["parent"] = _("An escalation is taken further by the forum it was sent to.")
        if errors:
            raise ValidationError(errors)

    def path(self):
        """The chain of escalations from the first step up to this one."""
        steps = [self]
        seen = {self.pk}
        while steps[0].parent_id and steps[0].parent_id not in seen:
            seen.add(steps[0].parent_id)
            steps.insert(0, steps[0].parent)
        return steps

    def full_path(self):
        """The whole chain this escalation is part of, including later steps."""
        steps = self.path()
        current = self
        while True:
            following = current.next_steps.order_by("id").first()
            if following is None or following.pk in {s.pk for s in steps}:
                return steps
            steps.append(following)
            current = following


class StrategyDocument(TenantModel):
    """A version of the IT strategy; each adopted strategy is reviewed at least once per mandate period."""

    title = models.CharField(_("title"), max_length=200)
    version = models.CharField(_("version"), max_length=20)
    text = models.TextField(
        _("text"), help_text=_("Paragraphs separated by blank lines; lines starting with • or - are lists.")
    )
    status = models.CharField(_("status"), max_length=20, choices=StrategyStatus, default=StrategyStatus.DRAFT)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopting_decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopting decision"),
    )
    review_reminded_on = models.DateField(_("review last reminded"), null=True, blank=True, editable=False)

    history = HistoricalRecords()
    constraint_error_fields = {"strategy_version_unique": "version"}

    class Meta:
        ordering = ["organisation", "-adopted_on", "-id"]
        verbose_name = _("strategy document")
        verbose_name_plural = _("strategy documents")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title", "version"],
                name="strategy_version_unique",
                violation_error_message=_("This strategy already has this version."),
            )
        ]

    def __str__(self):
        return f"{self.title} {self.version}"

    def get_absolute_url(self):
        return reverse("governance:strategy_detail", args=[self.pk])

    def clean(self):
        errors = same_organisation_errors(
            self, self.organisation_id, adopting_decision=self.adopting_decision if self.adopting_decision_id else None
        )
        if self.status != StrategyStatus.DRAFT and not self.adopted_on:
            errors["adopted_on"] = _("An adopted strategy has an adoption date.")
        if errors:
            raise ValidationError(errors)

    @property
    def mandate_period(self):
        return mandate_period(self.adopted_on) if self.adopted_on else None


class StrategyReview(TimeStampedModel):
    strategy = models.ForeignKey(
        StrategyDocument, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("strategy")
    )
    date = models.DateField(_("date"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=ReviewOutcome, default=ReviewOutcome.KEPT)
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decision")
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "strategy__organisation"

    class Meta:
        ordering = ["strategy", "-date", "-id"]
        verbose_name = _("strategy review")
        verbose_name_plural = _("strategy reviews")

    def __str__(self):
        return f"{self.strategy} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return self.strategy.get_absolute_url()

    def clean(self):
        if self.decision_id and self.strategy_id and self.decision.organisation_id != self.strategy.organisation_id:
            raise ValidationError({"decision": _("This must belong to the same organisation.")})


__all__ = [
    "AgendaItem",
    "Decision",
    "DecisionLevel",
    "DecisionSubject",
    "Escalation",
    "Forum",
    "ForumMember",
    "Meeting",
    "StrategyDocument",
    "StrategyReview",
    "mandate_period",
]
