"""Tenancy: organisations, the department tree, people, memberships, roles, API tokens."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrbord.core.models import TenantQuerySet, TimeStampedModel
from styrbord.core.tenancy import access
from styrbord.core.validators import normalise_org_number, validate_cost_centre, validate_org_number

from .choices import DEPARTMENT_SCOPED_ROLES, DepartmentKind, Role


class OrganisationQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(pk__in=access(user).organisation_ids)


class Organisation(TimeStampedModel):
    """A municipality (kommun) or another public body that Styrbord serves."""

    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        unique=True,
        validators=[validate_org_number],
        help_text=_("Ten digits, NNNNNN-NNNN, with a valid check digit."),
    )
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    served_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="served_organisations",
        verbose_name=_("IT delivered by"),
        help_text=_("The organisation whose IT unit serves this one in a cooperation (samverkan)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()
    organisation_field = "pk"

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:organisation")

    def clean(self):
        if self.org_number:
            try:
                self.org_number = normalise_org_number(self.org_number)
            except ValidationError as error:
                raise ValidationError({"org_number": error.messages}) from None
        if self.served_by_id and self.served_by_id == self.pk:
            raise ValidationError({"served_by": _("An organisation cannot be served by itself.")})


class Department(TimeStampedModel):
    """A node of the department tree: förvaltning → verksamhet → enhet, any depth."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="departments", verbose_name=_("organisation")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent department"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=DepartmentKind, default=DepartmentKind.UNIT)
    cost_centre = models.CharField(
        _("cost centre"),
        max_length=20,
        blank=True,
        validators=[validate_cost_centre],
        help_text=_("The ansvar / kostnadsställe code that internal charges are booked on."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Materialised path of primary keys ("/3/17/42/") so that a subtree is one prefix match.
    path = models.CharField(max_length=500, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    history = HistoricalRecords(excluded_fields=["path", "depth"])
    objects = TenantQuerySet.as_manager()
    organisation_field = "organisation"

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "cost_centre"],
                condition=~Q(cost_centre=""),
                name="department_cost_centre_unique",
                violation_error_message=_("Another department of this organisation has this cost centre."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:department_detail", args=[self.pk])

    def clean(self):
        if self.parent_id:
            parent = self.parent
            if parent.organisation_id != self.organisation_id:
                raise ValidationError({"parent": _("The parent must belong to the same organisation.")})
            if self.pk and (parent.pk == self.pk or (self.path and parent.path.startswith(self.path))):
                raise ValidationError({"parent": _("A department cannot be placed under itself.")})

    def compute_path(self):
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.pk}/"

    def subtree(self):
        return Department.objects.filter(path__startswith=self.path)

    def ancestors(self):
        ids = [int(part) for part in self.path.strip("/").split("/") if part][:-1]
        by_id = Department.objects.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]


class PersonQuerySet(models.QuerySet):
    """People are global; a user sees those who belong to one of their organisations."""

    def restrict(self, user, action="view"):
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            pk__in=Membership.objects.filter(organisation_id__in=access(user).organisation_ids).values("user_id")
        )

    def in_organisation(self, organisation):
        if organisation is None:
            return self.none()
        return self.filter(pk__in=Membership.objects.filter(organisation=organisation).values("user_id"))


class PersonManager(UserManager.from_queryset(PersonQuerySet)):
    pass


class User(AbstractUser):
    """A person: one login across every organisation they belong to."""

    phone = models.CharField(_("phone"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=[("sv", "Svenska"), ("en", "English")],
        help_text=_("The language the interface and e-mails use for this person."),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects = PersonManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.get_full_name() or self.username

    def get_absolute_url(self):
        return reverse("organisations:person_detail", args=[self.pk])

    def organisation_ids(self):
        return set(self.memberships.values_list("organisation_id", flat=True))


class Membership(TimeStampedModel):
    """A person belongs to an organisation, in a home department; every member is an employee."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("organisation")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("department"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "organisation"

    class Meta:
        ordering = ["organisation", "user"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="membership_unique",
                violation_error_message=_("This person is already a member of this organisation."),
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"

    def clean(self):
        if self.department_id and self.organisation_id and self.department.organisation_id != self.organisation_id:
            raise ValidationError({"department": _("The department must belong to the same organisation.")})


class RoleAssignment(TimeStampedModel):
    """A person holds a role in an organisation, for a department subtree where the role needs one."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_assignments", verbose_name=_("person"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="role_assignments", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=40, choices=Role)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("department"),
        help_text=_("Department heads and IT coordinators act for this department and everything under it."),
    )

    history = HistoricalRecords()
    objects = TenantQuerySet.as_manager()
    organisation_field = "organisation"
    constraint_error_fields = {"role_assignment_unique": "role", "role_assignment_unique_without_department": "role"}

    class Meta:
        ordering = ["organisation", "role", "user"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role", "department"],
                name="role_assignment_unique",
                violation_error_message=_("This person already holds this role here."),
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(department__isnull=True),
                name="role_assignment_unique_without_department",
                violation_error_message=_("This person already holds this role here."),
            ),
        ]

    def __str__(self):
        scope = f" ({self.department})" if self.department_id else ""
        return f"{self.user}: {self.get_role_display()}{scope}"

    def clean(self):
        errors = {}
        if self.role in DEPARTMENT_SCOPED_ROLES and not self.department_id:
            errors["department"] = _("This role is held for a department: choose one.")
        if self.role and self.role not in DEPARTMENT_SCOPED_ROLES and self.department_id:
            errors["department"] = _("This role covers the whole organisation: leave the department empty.")
        if self.department_id and self.organisation_id and self.department.organisation_id != self.organisation_id:
            errors["department"] = _("The department must belong to the same organisation.")
        if (
            self.user_id
            and self.organisation_id
            and not Membership.objects.filter(user_id=self.user_id, organisation_id=self.organisation_id).exists()
        ):
            errors["user"] = _("The person must be a member of the organisation first.")
        if errors:
            raise ValidationError(errors)


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only its hash is stored; the key is shown once at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("person"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate_key():
        return "sb_" + secrets.token_urlsafe(30)

    @property
    def is_active(self):
        return self.revoked_at is None

    def touch(self):
        """Record use at most once a minute, so that reads stay reads."""
        now = timezone.now()
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
