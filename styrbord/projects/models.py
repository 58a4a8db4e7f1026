"""Development and digitalisation (§8 of the IT strategy): projects, their prioritisation at the
tactical level against IT's capacity, and the departments' long-term digitalisation plans (§2)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrbord.core.models import TenantModel, TenantQuerySet, TimeStampedModel
from styrbord.infra.models import same_organisation_errors

from .choices import QUARTER_RE, Kind, Origin, PrioritisationStatus, ReportStatus, Stage, quarter_key

quarter_validator = RegexValidator(QUARTER_RE, _("Write the quarter as YYYY-Qn, e.g. 2027-Q2."))


def quarter_field(verbose_name, **kwargs):
    return models.CharField(verbose_name, max_length=7, validators=[quarter_validator], **kwargs)


def _member_errors(organisation_id, **people):
    errors = {}
    for name, person in people.items():
        if person is not None and not person.memberships.filter(organisation_id=organisation_id).exists():
            errors[name] = _("The person must be a member of the organisation.")
    return errors


class Project(TenantModel):
    """A development project: supporting (a department's, IT takes part) or driving (IT's own)."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.SUPPORTING)
    requesting_department = models.ForeignKey(
        "organisations.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requesting department"),
        help_text=_("The department the project is for (the IT unit for IT's own projects)."),
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sponsor"),
    )
    project_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project lead"),
    )
    systems = models.ManyToManyField("systems.System", blank=True, related_name="+", verbose_name=_("systems"))
    services = models.ManyToManyField("catalog.Service", blank=True, related_name="+", verbose_name=_("services"))
    expected_benefits = models.TextField(_("expected benefits"), blank=True)
    estimated_cost = models.DecimalField(
        _("estimated cost (SEK)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    estimated_hours = models.PositiveIntegerField(_("estimated IT hours"), null=True, blank=True)
    start_quarter = quarter_field(_("planned start"), blank=True)
    end_quarter = quarter_field(_("planned end"), blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage, default=Stage.IDEA)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin, default=Origin.DEPARTMENT)
    plan_activity = models.ForeignKey(
        "systems.PlanActivity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("management-plan activity"),
        help_text=_("The development activity in a system's management plan the project comes from."),
    )

    history = HistoricalRecords(m2m_fields=[systems, services])

    class Meta:
        ordering = ["organisation", "title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [models.Index(fields=["organisation", "stage"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:project_detail", args=[self.pk])

    def clean(self):
        errors = same_organisation_errors(
            self,
            self.organisation_id,
            requesting_department=self.requesting_department if self.requesting_department_id else None,
            plan_activity=self.plan_activity.plan if self.plan_activity_id else None,
        )
        errors.update(
            _member_errors(
                self.organisation_id,
                sponsor=self.sponsor if self.sponsor_id else None,
                project_lead=self.project_lead if self.project_lead_id else None,
            )
        )
        if self.origin == Origin.MANAGEMENT_PLAN and not self.plan_activity_id:
            errors.setdefault("plan_activity", _("Choose the management-plan activity the project comes from."))
        if self.plan_activity_id and self.origin != Origin.MANAGEMENT_PLAN:
            errors.setdefault("origin", _("A project from a management-plan activity has that origin."))
        start, end = quarter_key(self.start_quarter), quarter_key(self.end_quarter)
        if start and end and end < start:
            errors.setdefault("end_quarter", _("The end cannot be before the start."))
        if errors:
            raise ValidationError(errors)


class StatusReport(TimeStampedModel):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="status_reports", verbose_name=_("project")
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus, default=ReportStatus.GREEN)
    progress = models.TextField(_("progress"))
    hours_used = models.PositiveIntegerField(_("IT hours used so far"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "project__organisation"

    class Meta:
        ordering = ["project", "-date", "-id"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")

    def __str__(self):
        return f"{self.project} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return self.project.get_absolute_url()


class Prioritisation(TenantModel):
    """The tactical level's ranking of proposed projects for a period, against IT's capacity."""

    title = models.CharField(_("title"), max_length=200)
    first_quarter = quarter_field(_("first quarter"))
    last_quarter = quarter_field(_("last quarter"))
    meeting = models.ForeignKey(
        "governance.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting"),
        help_text=_("The tactical-level meeting that ranks the proposals."),
    )
    decision = models.ForeignKey(
        "governance.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision"),
        editable=False,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PrioritisationStatus, default=PrioritisationStatus.DRAFT, editable=False
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "-first_quarter", "-id"]
        verbose_name = _("prioritisation")
        verbose_name_plural = _("prioritisations")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:prioritisation_detail", args=[self.pk])

    @property
    def is_adopted(self):
        return self.status == PrioritisationStatus.ADOPTED

    def clean(self):
        errors = same_organisation_errors(self, self.organisation_id, meeting=self.meeting if self.meeting_id else None)
        if self.meeting_id and "meeting" not in errors and self.meeting.forum.level.key != "tactical":
            errors["meeting"] = _("Choose a meeting of a forum at the tactical level.")
        first, last = quarter_key(self.first_quarter), quarter_key(self.last_quarter)
        if first and last and last < first:
            errors.setdefault("last_quarter", _("The last quarter cannot be before the first."))
        if errors:
            raise ValidationError(errors)


class PrioritisationEntry(TimeStampedModel):
    prioritisation = models.ForeignKey(
        Prioritisation, on_delete=models.CASCADE, related_name="entries", verbose_name=_("prioritisation")
    )
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="+", verbose_name=_("project"))
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "prioritisation__organisation"
    constraint_error_fields = {"entry_project_unique": "project", "entry_rank_unique": "rank"}

    class Meta:
        ordering = ["prioritisation", "rank"]
        verbose_name = _("ranked project")
        verbose_name_plural = _("ranked projects")
        constraints = [
            models.UniqueConstraint(
                fields=["prioritisation", "project"],
                name="entry_project_unique",
                violation_error_message=_("The project is already ranked."),
            ),
            models.UniqueConstraint(
                fields=["prioritisation", "rank"],
                name="entry_rank_unique",
                violation_error_message=_("Another project has this rank."),
            ),
        ]

    def __str__(self):
        return f"{self.rank}. {self.project}"

    def get_absolute_url(self):
        return self.prioritisation.get_absolute_url()

    def clean(self):
        if (
            self.project_id
            and self.prioritisation_id
            and self.project.organisation_id != self.prioritisation.organisation_id
        ):
            raise ValidationError({"project": _("This must belong to the same organisation.")})


class CapacityQuarter(TimeStampedModel):
    prioritisation = models.ForeignKey(
        Prioritisation, on_delete=models.CASCADE, related_name="capacity", verbose_name=_("prioritisation")
    )
    quarter = quarter_field(_("quarter"))
    hours = models.PositiveIntegerField(_("IT hours for development"))

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "prioritisation__organisation"
    constraint_error_fields = {"capacity_quarter_unique": "quarter"}

    class Meta:
        ordering = ["prioritisation", "quarter"]
        verbose_name = _("capacity per quarter")
        verbose_name_plural = _("capacity per quarter")
        constraints = [
            models.UniqueConstraint(
                fields=["prioritisation", "quarter"],
                name="capacity_quarter_unique",
                violation_error_message=_("This quarter already has its capacity."),
            )
        ]

    def __str__(self):
        return f"{self.quarter}: {self.hours}"

    def get_absolute_url(self):
        return self.prioritisation.get_absolute_url()

    def clean(self):
        key = quarter_key(self.quarter)
        if key and self.prioritisation_id:
            first = quarter_key(self.prioritisation.first_quarter)
            last = quarter_key(self.prioritisation.last_quarter)
            if first and last and not first <= key <= last:
                raise ValidationError({"quarter": _("The quarter must be within the prioritisation's period.")})


class DigitalisationPlan(TenantModel):
    """A department's long-term digitalisation plan, so that IT can plan infrastructure ahead (§2)."""

    department = models.ForeignKey(
        "organisations.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    first_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    summary = models.TextField(_("summary"), blank=True)

    history = HistoricalRecords()
    constraint_error_fields = {"plan_department_unique": "department"}

    class Meta:
        ordering = ["organisation", "department__path"]
        verbose_name = _("digitalisation plan")
        verbose_name_plural = _("digitalisation plans")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "department"],
                name="plan_department_unique",
                violation_error_message=_("The department already has a digitalisation plan."),
            )
        ]

    def __str__(self):
        return _("Digitalisation plan %(department)s %(first)s–%(last)s") % {
            "department": self.department,
            "first": self.first_year,
            "last": self.last_year,
        }

    def get_absolute_url(self):
        return reverse("projects:plan_detail", args=[self.pk])

    def clean(self):
        errors = same_organisation_errors(
            self, self.organisation_id, department=self.department if self.department_id else None
        )
        if self.first_year and self.last_year and self.last_year < self.first_year:
            errors["last_year"] = _("The last year cannot be before the first.")
        if errors:
            raise ValidationError(errors)


class PlannedChange(TimeStampedModel):
    plan = models.ForeignKey(
        DigitalisationPlan, on_delete=models.CASCADE, related_name="changes", verbose_name=_("plan")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("change"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    systems = models.ManyToManyField("systems.System", blank=True, related_name="+", verbose_name=_("systems"))
    services = models.ManyToManyField("catalog.Service", blank=True, related_name="+", verbose_name=_("services"))
    infrastructure_impact = models.TextField(
        _("infrastructure impact"),
        blank=True,
        help_text=_("What IT must prepare: network, capacity, devices, licences, integrations."),
    )
    estimated_cost = models.DecimalField(
        _("estimated cost (SEK)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )

    history = HistoricalRecords(m2m_fields=[systems, services])
    objects = TenantQuerySet.as_manager()
    organisation_field = "plan__organisation"

    class Meta:
        ordering = ["plan", "year", "title"]
        verbose_name = _("planned change")
        verbose_name_plural = _("planned changes")

    def __str__(self):
        return f"{self.year} {self.title}"

    def get_absolute_url(self):
        return self.plan.get_absolute_url()

    def clean(self):
        if self.plan_id and self.year and not self.plan.first_year <= self.year <= self.plan.last_year:
            raise ValidationError({"year": _("The year must be within the plan's years.")})
