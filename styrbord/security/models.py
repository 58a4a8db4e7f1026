"""Information security (strategy §10): classification of protection needs, measures,
self-assessment and action plans, following KLASSA (see DOMAIN.md).

A system's information types are classified in a dated record (``Classification``) on
confidentiality, integrity and availability, and traceability where personal data is involved.
The system's protection need per aspect is the highest level among its information types in its
current (adopted, still valid) classification; the record stores it so that lists and rules read
it without recomputing. The organisation's measure catalogue says from which level each measure
is required; the system manager's self-assessment per required measure turns every gap into an
action-plan item.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrbord.core.models import TenantModel, TenantQuerySet, TimeStampedModel

from .choices import (
    ActionStatus,
    Aspect,
    AssessmentStatus,
    ClassificationStatus,
    Level,
    MeasureKind,
    ParticipantRole,
    ReminderStage,
    Theme,
)
from .classification import ClassificationPartQuerySet, ClassificationQuerySet

CATALOGUE_LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(3)]


class SecuritySettings(TenantModel):
    """Per-organisation rules: how long a classification is valid, reminders, the loaded catalogue."""

    classification_valid_years = models.PositiveSmallIntegerField(
        _("classification valid (years)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("A system is re-classified after this many years, or earlier when it changes."),
    )
    review_reminder_days = models.PositiveSmallIntegerField(
        _("remind before a classification expires (days)"), default=60, validators=[MaxValueValidator(365)]
    )
    catalogue_version = models.PositiveIntegerField(
        _("loaded measure catalogue version"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("security settings")
        verbose_name_plural = _("security settings")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                name="security_settings_unique",
                violation_error_message=_("This organisation already has security settings."),
            )
        ]

    def __str__(self):
        return str(self.organisation)


class HostingRequirement(TenantModel):
    """What the hosting service's subscribed level must offer for a system of an availability need."""

    availability_level = models.PositiveSmallIntegerField(
        _("availability need"), choices=Level, validators=[MinValueValidator(2), MaxValueValidator(4)]
    )
    min_availability_target = models.DecimalField(
        _("least availability target (per cent)"),
        max_digits=6,
        decimal_places=3,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    min_weekly_support_hours = models.DecimalField(
        _("least support hours per week"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(168)],
        help_text=_("168 means around the clock."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "availability_level"]
        verbose_name = _("hosting requirement")
        verbose_name_plural = _("hosting requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "availability_level"],
                name="hosting_requirement_unique",
                violation_error_message=_("This availability need already has a hosting requirement."),
            )
        ]

    def __str__(self):
        return f"{self.get_availability_level_display()}"


class InformationType(TimeStampedModel):
    """A kind of information a system handles, e.g. "journal notes in social services"."""

    system = models.ForeignKey(
        "systems.System", on_delete=models.PROTECT, related_name="security_information_types", verbose_name=_("system")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    personal_data = models.BooleanField(_("personal data"), default=False)
    sensitive_personal_data = models.BooleanField(
        _("sensitive personal data"),
        default=False,
        help_text=_(
            "Health, ethnic origin, religion, union membership, sexual orientation and the like (GDPR art. 9)."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    organisation_field = "system__organisation"
    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["system", "name"]
        verbose_name = _("information type")
        verbose_name_plural = _("information types")
        constraints = [
            models.UniqueConstraint(
                fields=["system", "name"],
                name="information_type_name_unique",
                violation_error_message=_("This system already has an information type with this name."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def involves_personal_data(self):
        return self.personal_data or self.sensitive_personal_data


class Classification(TimeStampedModel):
    """A dated classification of a system's information types; adopted records never change."""

    system = models.ForeignKey(
        "systems.System", on_delete=models.PROTECT, related_name="classifications", verbose_name=_("system")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ClassificationStatus, default=ClassificationStatus.DRAFT
    )
    classified_on = models.DateField(_("classified on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted by"),
    )
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    rationale_confidentiality = models.TextField(_("rationale: confidentiality"), blank=True)
    rationale_integrity = models.TextField(_("rationale: integrity"), blank=True)
    rationale_availability = models.TextField(_("rationale: availability"), blank=True)
    rationale_traceability = models.TextField(_("rationale: traceability"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    review_reason = models.CharField(
        _("reason for review"),
        max_length=300,
        blank=True,
        help_text=_("Set when the system changed so that the classification must be reviewed before it expires."),
    )
    # The protection need per aspect: the highest level among the information types (derived).
    need_confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality need"), choices=Level, null=True, blank=True, editable=False
    )
    need_integrity = models.PositiveSmallIntegerField(
        _("integrity need"), choices=Level, null=True, blank=True, editable=False
    )
    need_availability = models.PositiveSmallIntegerField(
        _("availability need"), choices=Level, null=True, blank=True, editable=False
    )
    need_traceability = models.PositiveSmallIntegerField(
        _("traceability need"), choices=Level, null=True, blank=True, editable=False
    )

    organisation_field = "system__organisation"
    objects = ClassificationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["system", "-classified_on", "-pk"]
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        get_latest_by = "classified_on"

    def __str__(self):
        return f"{self.system} {self.classified_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("security:classification_detail", args=[self.pk])

    def need(self):
        """The protection need as {aspect: level or None}."""
        return {aspect: getattr(self, f"need_{aspect}") for aspect in Aspect.values}


class ClassificationParticipant(TimeStampedModel):
    """Who took part in a classification: system manager, owner, security coordinator, users."""

    classification = models.ForeignKey(
        Classification, on_delete=models.CASCADE, related_name="participants", verbose_name=_("classification")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("For a participant without a login."))
    role = models.CharField(_("role"), max_length=30, choices=ParticipantRole)

    organisation_field = "classification__system__organisation"
    objects = ClassificationPartQuerySet.as_manager()

    class Meta:
        ordering = ["classification", "role", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return self.name or str(self.person)


class InformationTypeLevel(TimeStampedModel):
    """The levels one information type got in one classification."""

    classification = models.ForeignKey(
        Classification, on_delete=models.CASCADE, related_name="levels", verbose_name=_("classification")
    )
    information_type = models.ForeignKey(
        InformationType, on_delete=models.PROTECT, related_name="levels", verbose_name=_("information type")
    )
    confidentiality = models.PositiveSmallIntegerField(_("confidentiality"), choices=Level)
    integrity = models.PositiveSmallIntegerField(_("integrity"), choices=Level)
    availability = models.PositiveSmallIntegerField(_("availability"), choices=Level)
    traceability = models.PositiveSmallIntegerField(
        _("traceability"),
        choices=Level,
        null=True,
        blank=True,
        help_text=_("Only where personal data is involved."),
    )

    organisation_field = "classification__system__organisation"
    objects = ClassificationPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["classification", "information_type__name"]
        verbose_name = _("information type level")
        verbose_name_plural = _("information type levels")
        constraints = [
            models.UniqueConstraint(
                fields=["classification", "information_type"],
                name="information_type_level_unique",
                violation_error_message=_("This information type is already classified here."),
            )
        ]

    def __str__(self):
        return f"{self.information_type}: {self.confidentiality}/{self.integrity}/{self.availability}"


class Measure(TenantModel):
    """A security measure of the organisation's catalogue and the levels from which it is required."""

    code = models.CharField(_("code"), max_length=20)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme)
    kind = models.CharField(_("kind"), max_length=20, choices=MeasureKind)
    title = models.CharField(_("title"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    supplier_requirement = models.TextField(
        _("supplier requirement"), blank=True, help_text=_("What a tender or contract demands of the supplier.")
    )
    required_confidentiality = models.PositiveSmallIntegerField(
        _("required from confidentiality"), null=True, blank=True, validators=CATALOGUE_LEVEL_VALIDATORS
    )
    required_integrity = models.PositiveSmallIntegerField(
        _("required from integrity"), null=True, blank=True, validators=CATALOGUE_LEVEL_VALIDATORS
    )
    required_availability = models.PositiveSmallIntegerField(
        _("required from availability"), null=True, blank=True, validators=CATALOGUE_LEVEL_VALIDATORS
    )
    required_traceability = models.PositiveSmallIntegerField(
        _("required from traceability"), null=True, blank=True, validators=CATALOGUE_LEVEL_VALIDATORS
    )
    usability_impact = models.TextField(
        _("usability impact"), blank=True, help_text=_("How the measure may make daily work harder.")
    )
    usability_easing = models.TextField(_("how it was eased"), blank=True)
    catalogue_version = models.PositiveIntegerField(_("from catalogue version"), null=True, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "code"]
        verbose_name = _("security measure")
        verbose_name_plural = _("security measures")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                name="measure_code_unique",
                violation_error_message=_("Another measure of this organisation has this code."),
            )
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("security:measure_detail", args=[self.pk])

    def required_from(self):
        """{aspect: level} for the aspects this measure protects."""
        levels = {aspect: getattr(self, f"required_{aspect}") for aspect in Aspect.values}
        return {aspect: level for aspect, level in levels.items() if level is not None}


class Assessment(TimeStampedModel):
    """The system manager's self-assessment of one required measure for one system."""

    system = models.ForeignKey(
        "systems.System", on_delete=models.PROTECT, related_name="security_assessments", verbose_name=_("system")
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("measure")
    )
    status = models.CharField(_("status"), max_length=20, choices=AssessmentStatus)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("Where it can be seen that the measure is in place.")
    )
    not_applicable_reason = models.TextField(_("why not applicable"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    assessed_on = models.DateField(_("assessed on"))

    organisation_field = "system__organisation"
    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["system", "measure__code"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["system", "measure"],
                name="assessment_unique",
                violation_error_message=_("This measure is already assessed for this system."),
            )
        ]

    def __str__(self):
        return f"{self.system}: {self.measure.code}"


class ActionItem(TimeStampedModel):
    """An action-plan item for a measure that is partly or not met, until it is met."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="actions", verbose_name=_("self-assessment")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="security_actions",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus, default=ActionStatus.OPEN)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    organisation_field = "assessment__system__organisation"
    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action-plan item")
        verbose_name_plural = _("action-plan items")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("security:action_detail", args=[self.pk])


class ClassificationReminder(TimeStampedModel):
    """A reminder e-mail about a classification that expires soon, is due for review or has expired.

    One row per classification, stage and person, claimed before the mail goes, so that the same
    reminder is never sent twice; a new classification (re-classification) starts afresh.
    """

    classification = models.ForeignKey(
        Classification, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("classification")
    )
    stage = models.CharField(_("reason"), max_length=20, choices=ReminderStage)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent to")
    )
    sent_on = models.DateField(_("sent on"))

    organisation_field = "classification__system__organisation"
    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "classification", "person"]
        verbose_name = _("classification reminder")
        verbose_name_plural = _("classification reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["classification", "stage", "person"],
                name="classification_reminder_unique",
                violation_error_message=_("This reminder was already sent."),
            )
        ]

    def __str__(self):
        return f"{self.classification} – {self.get_stage_display()} – {self.person}"
