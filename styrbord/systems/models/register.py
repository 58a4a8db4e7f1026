"""The system register: settings, management objects, systems, where they run, integrations, roles."""

import calendar
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrbord.core.models import TenantModel, TenantQuerySet, TimeStampedModel
from styrbord.infra.models import same_organisation_errors

from ..choices import Category, Lifecycle, RoleKind


class SystemSettings(TenantModel):
    """Per-organisation rules of system management: meetings, plan due date, reminders, owners."""

    min_meetings = models.PositiveSmallIntegerField(
        _("meetings per 12 months"),
        default=2,
        validators=[MaxValueValidator(52)],
        help_text=_("The least number of held management meetings a vital system needs in the last 12 months."),
    )
    plan_due_month = models.PositiveSmallIntegerField(
        _("next year's plan due (month)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    plan_due_day = models.PositiveSmallIntegerField(
        _("next year's plan due (day)"), default=31, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    plan_reminder_days = models.PositiveSmallIntegerField(
        _("remind about the plan (days before it is due)"), default=60, validators=[MaxValueValidator(365)]
    )
    months_without_meeting = models.PositiveSmallIntegerField(
        _("remind after months without a meeting"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    staff_function = models.ForeignKey(
        "organisations.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff function"),
        help_text=_("Owns the municipality-wide systems (finance, HR): usually the executive office."),
    )
    it_unit = models.ForeignKey(
        "organisations.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("IT unit"),
        help_text=_("Owns the infrastructure."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("system-management settings")
        verbose_name_plural = _("system-management settings")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                name="system_settings_unique",
                violation_error_message=_("This organisation already has system-management settings."),
            )
        ]

    def __str__(self):
        return str(self.organisation)

    def get_absolute_url(self):
        return reverse("systems:settings")

    def clean(self):
        errors = same_organisation_errors(
            self,
            self.organisation_id,
            staff_function=self.staff_function if self.staff_function_id else None,
            it_unit=self.it_unit if self.it_unit_id else None,
        )
        if (
            self.plan_due_month
            and self.plan_due_day
            and self.plan_due_day > calendar.monthrange(2023, self.plan_due_month)[1]
        ):
            errors["plan_due_day"] = _("That month does not have this many days.")
        if errors:
            raise ValidationError(errors)

    def plan_due_date(self, year):
        """When the plan for ``year`` is due: the configured day of the year before."""
        return date(
            year - 1, self.plan_due_month, min(self.plan_due_day, calendar.monthrange(year - 1, self.plan_due_month)[1])
        )


def settings_for(organisation):
    """The organisation's settings, or unsaved defaults: reading never writes."""
    found = SystemSettings.objects.filter(organisation=organisation).select_related("staff_function", "it_unit").first()
    return found or SystemSettings(organisation=organisation)


class ManagementObject(TenantModel):
    """A management object (förvaltningsobjekt, pm3): one or more systems managed together."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner_department = models.ForeignKey(
        "organisations.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner department"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("management object")
        verbose_name_plural = _("management objects")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="management_object_name_unique",
                violation_error_message=_("Another management object of this organisation has this name."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("systems:object_detail", args=[self.pk])

    def clean(self):
        errors = same_organisation_errors(
            self, self.organisation_id, owner_department=self.owner_department if self.owner_department_id else None
        )
        if errors:
            raise ValidationError(errors)


class System(TenantModel):
    """An IT system of the organisation."""

    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    owner_department = models.ForeignKey(
        "organisations.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner department")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category, default=Category.BUSINESS)
    is_vital = models.BooleanField(
        _("vital"),
        default=False,
        help_text=_("Vital to the municipality's operations (verksamhetskritiskt): systematic management is required."),
    )
    lifecycle = models.CharField(_("lifecycle"), max_length=20, choices=Lifecycle, default=Lifecycle.IN_USE)
    in_use_from = models.DateField(_("in use from"), null=True, blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces", verbose_name=_("replaced by")
    )
    management_object = models.ForeignKey(
        ManagementObject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="systems",
        verbose_name=_("management object"),
    )
    supplier_name = models.CharField(_("supplier"), max_length=200, blank=True)
    contract_reference = models.CharField(_("contract reference"), max_length=200, blank=True)
    user_count = models.PositiveIntegerField(_("number of users"), null=True, blank=True)
    hosting_service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hosting service"),
        help_text=_("The catalogue service it runs on, e.g. server operations or a cloud service."),
    )
    runs_on = models.ManyToManyField(
        "infra.ConfigurationItem",
        through="SystemItem",
        blank=True,
        related_name="+",
        verbose_name=_("runs on"),
    )
    integrations = models.ManyToManyField(
        "self",
        through="Integration",
        symmetrical=False,
        blank=True,
        related_name="+",
        verbose_name=_("integrations"),
    )
    information_types = models.JSONField(
        _("information handled"),
        default=list,
        blank=True,
        help_text=_("The kinds of information the system handles, e.g. personal data, case files."),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("system")
        verbose_name_plural = _("systems")
        indexes = [models.Index(fields=["organisation", "is_vital", "lifecycle"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="system_name_unique",
                violation_error_message=_("Another system of this organisation has this name."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("systems:system_detail", args=[self.pk])

    def clean(self):
        errors = same_organisation_errors(
            self,
            self.organisation_id,
            owner_department=self.owner_department if self.owner_department_id else None,
            management_object=self.management_object if self.management_object_id else None,
            hosting_service=self.hosting_service if self.hosting_service_id else None,
            replaced_by=self.replaced_by if self.replaced_by_id else None,
        )
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            errors["replaced_by"] = _("A system cannot replace itself.")
        if self.in_use_from and self.retired_on and self.retired_on < self.in_use_from:
            errors["retired_on"] = _("A system cannot be retired before it was taken into use.")
        if not isinstance(self.information_types, list) or not all(
            isinstance(value, str) and value.strip() for value in self.information_types
        ):
            errors["information_types"] = _("Give the information handled as a list of names.")
        else:
            self.information_types = list(dict.fromkeys(value.strip() for value in self.information_types))
        if "owner_department" not in errors and self.owner_department_id and self.organisation_id:
            owner_error = self.ownership_error()
            if owner_error:
                errors["owner_department"] = owner_error
        if errors:
            raise ValidationError(errors)

    def ownership_error(self):
        """Strategy §7: the staff function owns municipality-wide systems, the IT unit the infrastructure."""
        rules = settings_for(self.organisation)
        owner = {Category.MUNICIPALITY_WIDE: rules.staff_function, Category.INFRASTRUCTURE: rules.it_unit}.get(
            self.category
        )
        if owner is not None and not self.owner_department.path.startswith(owner.path):
            return _("A system of this category is owned by %(department)s (or a unit of it).") % {"department": owner}
        return None


class SystemItem(TimeStampedModel):
    """A system runs on a configuration item (a server, a storage, …)."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="item_links", verbose_name=_("system"))
    item = models.ForeignKey(
        "infra.ConfigurationItem", on_delete=models.PROTECT, related_name="system_links", verbose_name=_("item")
    )

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "system__organisation"

    class Meta:
        ordering = ["system", "item"]
        verbose_name = _("system on an item")
        verbose_name_plural = _("systems on items")
        constraints = [
            models.UniqueConstraint(
                fields=["system", "item"],
                name="system_item_unique",
                violation_error_message=_("The system is already linked to this item."),
            )
        ]

    def __str__(self):
        return f"{self.system} – {self.item}"

    def clean(self):
        if self.system_id and self.item_id and self.item.organisation_id != self.system.organisation_id:
            raise ValidationError({"item": _("This must belong to the same organisation.")})


class Integration(TimeStampedModel):
    """The source system sends information to the target system."""

    source = models.ForeignKey(
        System, on_delete=models.CASCADE, related_name="integrations_out", verbose_name=_("source system")
    )
    target = models.ForeignKey(
        System, on_delete=models.CASCADE, related_name="integrations_in", verbose_name=_("target system")
    )
    description = models.CharField(_("description"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "source__organisation"
    constraint_error_fields = {"integration_not_self": "target"}

    class Meta:
        ordering = ["source", "target"]
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target"],
                name="integration_unique",
                violation_error_message=_("This integration already exists."),
            ),
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="integration_not_self",
                violation_error_message=_("A system cannot integrate with itself."),
            ),
        ]

    def __str__(self):
        return f"{self.source} → {self.target}"

    def clean(self):
        if self.source_id and self.target_id and self.source.organisation_id != self.target.organisation_id:
            raise ValidationError({"target": _("This must belong to the same organisation.")})


class ScopedToSystemOrObject(TenantModel):
    """Belongs to one system or to one management object (and through it to each of its systems)."""

    system = models.ForeignKey(
        System, on_delete=models.PROTECT, null=True, blank=True, related_name="%(class)ss", verbose_name=_("system")
    )
    management_object = models.ForeignKey(
        ManagementObject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("management object"),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(system__isnull=False, management_object__isnull=True)
                | Q(system__isnull=True, management_object__isnull=False),
                name="%(app_label)s_%(class)s_one_scope",
                violation_error_message=_("Choose either a system or a management object."),
            )
        ]

    @property
    def scope(self):
        return self.system if self.system_id else self.management_object

    def scope_errors(self):
        errors = {}
        if bool(self.system_id) == bool(self.management_object_id):
            errors["system"] = _("Choose either a system or a management object.")
        errors.update(
            same_organisation_errors(
                self,
                self.organisation_id,
                system=self.system if self.system_id else None,
                management_object=self.management_object if self.management_object_id else None,
            )
        )
        return errors


class SystemRole(ScopedToSystemOrObject):
    """A named person holds a role for a system, or for a management object and so for its systems."""

    kind = models.CharField(_("role"), max_length=30, choices=RoleKind)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="system_roles", verbose_name=_("person")
    )
    communicated_on = models.DateField(
        _("communicated to IT"), null=True, blank=True, help_text=_("When the IT unit was told who holds the role.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta(ScopedToSystemOrObject.Meta):
        ordering = ["kind", "person__last_name", "person__first_name"]
        verbose_name = _("system role")
        verbose_name_plural = _("system roles")
        constraints = [
            *ScopedToSystemOrObject.Meta.constraints,
            models.UniqueConstraint(
                fields=["system", "kind", "person"],
                condition=Q(system__isnull=False),
                name="system_role_unique",
                violation_error_message=_("This person already holds this role here."),
            ),
            models.UniqueConstraint(
                fields=["management_object", "kind", "person"],
                condition=Q(management_object__isnull=False),
                name="object_role_unique",
                violation_error_message=_("This person already holds this role here."),
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_kind_display()} ({self.scope})"

    def get_absolute_url(self):
        return self.scope.get_absolute_url()

    def clean(self):
        errors = self.scope_errors()
        if (
            self.person_id
            and self.organisation_id
            and not self.person.memberships.filter(organisation_id=self.organisation_id).exists()
        ):
            errors["person"] = _("The person must be a member of the organisation.")
        if errors:
            raise ValidationError(errors)
