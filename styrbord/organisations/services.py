"""Every change to organisations, departments, people, memberships and roles.

Each function is one transaction, validates before it writes, and records who acted
in the change history. Pages, the API, commands and the demo loader all call these.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrbord.core.services import apply_changes, delete_if_unused, save_validated
from styrbord.core.tenancy import forget

from .models import ApiToken, Department, Membership, Organisation, RoleAssignment, User, hash_token

ORGANISATION_FIELDS = ("name", "org_number", "short_name", "served_by", "is_active")
DEPARTMENT_FIELDS = ("name", "kind", "cost_centre", "parent", "is_active")
PERSON_FIELDS = ("first_name", "last_name", "email", "phone", "title", "language", "is_active")


@transaction.atomic
def create_organisation(*, acting_user, **fields):
    organisation = Organisation(**fields)
    return save_validated(organisation, acting_user=acting_user)


@transaction.atomic
def update_organisation(organisation, *, acting_user, **changes):
    apply_changes(organisation, changes, ORGANISATION_FIELDS)
    return save_validated(organisation, acting_user=acting_user)


def _store_path(department):
    department.path = department.compute_path()
    department.depth = department.path.count("/") - 2
    Department.objects.filter(pk=department.pk).update(path=department.path, depth=department.depth)


@transaction.atomic
def create_department(*, acting_user, organisation, name, parent=None, **fields):
    department = Department(organisation=organisation, name=name, parent=parent, **fields)
    save_validated(department, acting_user=acting_user)
    _store_path(department)
    return department


@transaction.atomic
def update_department(department, *, acting_user, **changes):
    old_path = department.path
    apply_changes(department, changes, DEPARTMENT_FIELDS)
    if "is_active" in changes and not department.is_active:
        _check_can_deactivate(department)
    save_validated(department, acting_user=acting_user)
    if "parent" in changes:
        _store_path(department)
        if department.path != old_path:
            descendants = list(Department.objects.filter(path__startswith=old_path).exclude(pk=department.pk))
            for descendant in descendants:
                descendant.path = department.path + descendant.path[len(old_path) :]
                descendant.depth = descendant.path.count("/") - 2
            Department.objects.bulk_update(descendants, ["path", "depth"])
    return department


def _check_can_deactivate(department):
    if department.children.filter(is_active=True).exists():
        raise ValidationError({"is_active": _("Deactivate the sub-departments first.")})
    if department.memberships.filter(is_active=True).exists():
        raise ValidationError({"is_active": _("People still have this as their department: move them first.")})


@transaction.atomic
def delete_department(department, *, acting_user):
    delete_if_unused(department, acting_user=acting_user)


@transaction.atomic
def create_person(*, acting_user, organisation, username="", department=None, password=None, **fields):
    email = (fields.get("email") or "").strip().lower()
    fields["email"] = email
    if email and User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("A person with this e-mail address already exists: add them as a member instead.")}
        )
    user = User(username=(username or email).strip(), **fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    save_validated(user, acting_user=acting_user, exclude=["password"])
    add_membership(acting_user=acting_user, user=user, organisation=organisation, department=department)
    return user


@transaction.atomic
def update_person(user, *, acting_user, **changes):
    if "email" in changes:
        changes["email"] = (changes["email"] or "").strip().lower()
        if changes["email"] and User.objects.filter(email__iexact=changes["email"]).exclude(pk=user.pk).exists():
            raise ValidationError({"email": _("Another person already has this e-mail address.")})
    apply_changes(user, changes, PERSON_FIELDS)
    return save_validated(user, acting_user=acting_user, exclude=["password"])


@transaction.atomic
def add_membership(*, acting_user, user, organisation, department=None, is_active=True):
    membership = Membership(user=user, organisation=organisation, department=department, is_active=is_active)
    save_validated(membership, acting_user=acting_user)
    forget(user)
    return membership


@transaction.atomic
def update_membership(membership, *, acting_user, **changes):
    apply_changes(membership, changes, ("department", "is_active"))
    save_validated(membership, acting_user=acting_user)
    forget(membership.user)
    return membership


@transaction.atomic
def assign_role(*, acting_user, user, organisation, role, department=None):
    assignment = RoleAssignment(user=user, organisation=organisation, role=role, department=department)
    save_validated(assignment, acting_user=acting_user)
    forget(user)
    return assignment


@transaction.atomic
def revoke_role(assignment, *, acting_user):
    """Remove a role; the history keeps that it was held, by whom and until when."""
    assignment._history_user = acting_user
    assignment.delete()
    forget(assignment.user)


@transaction.atomic
def create_api_token(*, acting_user, user, name):
    """Create a token and return (token, key); the key is never stored and never shown again."""
    if not (name or "").strip():
        raise ValidationError({"name": _("Give the token a name so that you recognise it later.")})
    key = ApiToken.generate_key()
    token = ApiToken(user=user, name=name.strip(), prefix=key[:10], key_hash=hash_token(key))
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def revoke_api_token(token, *, acting_user):
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
