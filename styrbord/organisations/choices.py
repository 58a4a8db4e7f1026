from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    IT_HEAD = "it_head", _("Head of IT")
    SUPPORT_LEAD = "support_lead", _("Support lead")
    IT_STAFF = "it_staff", _("IT staff")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    IT_COORDINATOR = "it_coordinator", _("IT coordinator")
    SECURITY_COORDINATOR = "security_coordinator", _("Information-security coordinator")
    FINANCE = "finance", _("Finance")
    MANAGEMENT_GROUP = "management_group", _("Management group member")


# Roles that are held for a department subtree rather than the whole organisation.
DEPARTMENT_SCOPED_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.IT_COORDINATOR})
# Roles whose holders work in the IT unit.
IT_ROLES = frozenset({Role.IT_HEAD, Role.SUPPORT_LEAD, Role.IT_STAFF})


class DepartmentKind(models.TextChoices):
    ADMINISTRATION = "forvaltning", _("Administration (förvaltning)")
    OPERATION = "verksamhet", _("Operation (verksamhet)")
    UNIT = "enhet", _("Unit (enhet)")
    OTHER = "other", _("Other")
