"""The CMDB: item types (as data), configuration items, their relations and links to services."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrbord.catalog.choices import ChargeUnit
from styrbord.core.models import TenantModel, TenantQuerySet, TimeStampedModel
from styrbord.core.tenancy import access

from . import attributes
from .choices import CMDB_READERS, Area, ImportStatus, Lifecycle, RelationKind

# Services whose quantity is a number of items, so that items can be counted against them.
COUNTED_UNITS = frozenset({ChargeUnit.DEVICE, ChargeUnit.SERVER})


class CmdbQuerySet(TenantQuerySet):
    """The CMDB is read by the IT unit and the security coordinator of each organisation.

    ``restrict(user)`` (lists and the API) holds only the organisations where the user has one
    of those roles; pages find an object with ``in_my_organisations(user)`` and then answer 403
    when ``has_perm`` refuses, so a colleague learns the page is not theirs while another
    organisation's rows stay invisible (404).
    """

    def restrict(self, user, action="view"):
        scoped = super().restrict(user, action)
        if not user or not user.is_authenticated or user.is_superuser:
            return scoped
        user_access = access(user)
        readable = [org for org in user_access.organisation_ids if user_access.has_role(org, *CMDB_READERS)]
        return scoped.filter(**{f"{self.organisation_lookup()}__in": readable})

    def in_my_organisations(self, user):
        return super().restrict(user)


def same_organisation_errors(instance, organisation_id, **related):
    """Name each related row that belongs to another organisation than ``organisation_id``."""
    errors = {}
    for name, row in related.items():
        if row is None or organisation_id is None:
            continue
        if getattr(row, "organisation_id", organisation_id) != organisation_id:
            errors[name] = _("This must belong to the same organisation.")
    return errors


class ItemType(TenantModel):
    """A kind of configuration item and the fields its items have, defined without a code change."""

    area = models.CharField(_("competence area"), max_length=20, choices=Area)
    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(
        _("code"), max_length=40, help_text=_("A short identifier used in imports, e.g. 'computer'.")
    )
    description = models.TextField(_("description"), blank=True)
    field_definitions = models.JSONField(_("fields"), default=list, blank=True)
    charged_as_service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("charged as service"),
        help_text=_("The per-device service that departments subscribe to for items of this type."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    library_version = models.PositiveSmallIntegerField(
        _("library version"), null=True, blank=True, editable=False, help_text=_("Set for types from the default list.")
    )

    history = HistoricalRecords()
    objects = CmdbQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "area", "order", "name"]
        verbose_name = _("item type")
        verbose_name_plural = _("item types")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                name="item_type_code_unique",
                violation_error_message=_("Another item type of this organisation has this code."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("infra:type_detail", args=[self.pk])

    def clean(self):
        errors = same_organisation_errors(self, self.organisation_id, charged_as_service=self.charged_as_service)
        if (
            "charged_as_service" not in errors
            and self.charged_as_service
            and (self.charged_as_service.unit not in COUNTED_UNITS)
        ):
            errors["charged_as_service"] = _("Choose a service charged per device or per server.")
        try:
            self.field_definitions = attributes.clean_definitions(self.field_definitions)
        except ValidationError as error:
            errors["field_definitions"] = error.messages
        if errors:
            raise ValidationError(errors)

    def definition(self, name):
        return next((field for field in self.field_definitions or [] if field["name"] == name), None)


class ConfigurationItem(TenantModel):
    """A configuration item: a device, a connection, a server, a backup job, …

    Common columns hold what every inventory has; ``attributes`` holds the type's own fields.
    """

    item_type = models.ForeignKey(ItemType, on_delete=models.PROTECT, related_name="items", verbose_name=_("type"))
    name = models.CharField(
        _("name"), max_length=200, help_text=_("Unique in the organisation: host name or asset tag.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Lifecycle, default=Lifecycle.IN_USE)
    status_since = models.DateField(_("status since"), null=True, blank=True)
    ordered_on = models.DateField(_("ordered on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    in_use_from = models.DateField(_("in use from"), null=True, blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=100, blank=True)
    manufacturer = models.CharField(_("manufacturer"), max_length=100, blank=True)
    model = models.CharField(_("model"), max_length=200, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    department = models.ForeignKey(
        "organisations.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
        help_text=_("The department that uses the item and is charged for it."),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    warranty_until = models.DateField(_("warranty until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    services = models.ManyToManyField(
        "catalog.Service", through="ItemService", blank=True, related_name="+", verbose_name=_("services")
    )

    history = HistoricalRecords()
    objects = CmdbQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("configuration item")
        verbose_name_plural = _("configuration items")
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "item_type"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="item_name_unique",
                violation_error_message=_("Another item of this organisation has this name."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "serial_number"],
                condition=~Q(serial_number=""),
                name="item_serial_unique",
                violation_error_message=_("Another item of this organisation has this serial number."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("infra:item_detail", args=[self.pk])

    def clean(self):
        errors = same_organisation_errors(
            self,
            self.organisation_id,
            item_type=self.item_type if self.item_type_id else None,
            department=self.department if self.department_id else None,
        )
        if (
            self.assigned_to_id
            and self.organisation_id
            and not self.assigned_to.memberships.filter(organisation_id=self.organisation_id).exists()
        ):
            errors["assigned_to"] = _("The person must be a member of the organisation.")
        if self.purchase_date and self.warranty_until and self.warranty_until < self.purchase_date:
            errors["warranty_until"] = _("The warranty cannot end before the purchase.")
        if self.ordered_on and self.delivered_on and self.delivered_on < self.ordered_on:
            errors["delivered_on"] = _("An item cannot be delivered before it was ordered.")
        if self.in_use_from and self.retired_on and self.retired_on < self.in_use_from:
            errors["retired_on"] = _("An item cannot be retired before it was taken into use.")
        if self.item_type_id and "item_type" not in errors:
            try:
                self.attributes = attributes.clean_attributes(
                    self.item_type.field_definitions, self.attributes, strict=False
                )
            except ValidationError as error:
                errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)

    def attribute_rows(self):
        """(label, value) of every attribute, in the type's order; values of removed fields last."""
        definitions = self.item_type.field_definitions or []
        values = self.attributes or {}
        rows = [
            (field["label"], attributes.display_value(field, values[field["name"]]))
            for field in definitions
            if field["name"] in values
        ]
        known = {field["name"] for field in definitions}
        rows.extend((name, str(value)) for name, value in values.items() if name not in known)
        return rows

    @property
    def warranty_expired(self):
        return bool(self.warranty_until and self.warranty_until < timezone.localdate())


class ItemService(TimeStampedModel):
    """An item takes part in delivering a service of the catalogue."""

    item = models.ForeignKey(
        ConfigurationItem, on_delete=models.CASCADE, related_name="service_links", verbose_name=_("item")
    )
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )

    history = HistoricalRecords()
    objects = CmdbQuerySet.as_manager()
    organisation_field = "item__organisation"

    class Meta:
        ordering = ["item", "service"]
        verbose_name = _("item in a service")
        verbose_name_plural = _("items in services")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "service"],
                name="item_service_unique",
                violation_error_message=_("The item is already linked to this service."),
            )
        ]

    def __str__(self):
        return f"{self.item} – {self.service}"

    def clean(self):
        if self.item_id and self.service_id and self.service.organisation_id != self.item.organisation_id:
            raise ValidationError({"service": _("This must belong to the same organisation.")})


class ItemRelation(TimeStampedModel):
    """A relation between two items, read as "source <kind> target" (a VM runs on a host)."""

    source = models.ForeignKey(
        ConfigurationItem, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("source item")
    )
    target = models.ForeignKey(
        ConfigurationItem, on_delete=models.PROTECT, related_name="relations_in", verbose_name=_("target item")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RelationKind)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = CmdbQuerySet.as_manager()
    organisation_field = "source__organisation"
    constraint_error_fields = {"item_relation_unique": "target", "item_relation_not_self": "target"}

    class Meta:
        ordering = ["source", "kind", "target"]
        verbose_name = _("item relation")
        verbose_name_plural = _("item relations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"],
                name="item_relation_unique",
                violation_error_message=_("This relation already exists."),
            ),
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="item_relation_not_self",
                violation_error_message=_("An item cannot be related to itself."),
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"

    def get_absolute_url(self):
        return self.source.get_absolute_url()

    def clean(self):
        if self.source_id and self.target_id and self.source.organisation_id != self.target.organisation_id:
            raise ValidationError({"target": _("Both items must belong to the same organisation.")})


class ImportBatch(TenantModel):
    """An uploaded inventory file: kept with its preview and outcome, so that imports can be traced."""

    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus, default=ImportStatus.PREVIEWED)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    applied_at = models.DateTimeField(_("imported"), null=True, blank=True)

    objects = CmdbQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("infra:import_preview", args=[self.pk])
