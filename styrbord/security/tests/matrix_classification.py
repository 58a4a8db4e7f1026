"""Authorization matrix rows of the classification side (see core/tests/test_matrix.py)."""

from decimal import Decimal

from styrbord.core.testing import MEMBERS, ApiRow, PageRow
from styrbord.organisations.choices import Role
from styrbord.security import services
from styrbord.security.models import Classification, HostingRequirement

from .classification_helpers import classify, information_type, system

KEEPERS = frozenset({Role.IT_HEAD.value, Role.SECURITY_COORDINATOR.value})
FINDING_READERS = frozenset({*KEEPERS, Role.IT_STAFF.value, Role.MANAGEMENT_GROUP.value})


def a_system(world):
    return system(world, "Ekonomisystem")


def a_type(world):
    return information_type(a_system(world), "Fakturor")


def adopted(world):
    found = Classification.objects.filter(system=a_system(world), status="adopted").first()
    return found or classify(a_system(world), (a_type(world), 1, 2, 2))


def a_draft(world):
    found = Classification.objects.filter(system__name="Utkastsystem", status="draft").first()
    if found:
        return found
    target = system(world, "Utkastsystem")
    return classify(target, (information_type(target, "Brev"), 1, 1, 1), adopt=False)


def a_requirement(world):
    found = HostingRequirement.objects.filter(organisation=world.org).first()
    return found or services.create_hosting_requirement(
        acting_user=None,
        organisation=world.org,
        availability_level=3,
        min_availability_target=Decimal("99.5"),
        min_weekly_support_hours=Decimal("168"),
    )


ROWS = [
    PageRow("security:classification_list"),
    PageRow("security:classification_detail", args=lambda w: [adopted(w).pk]),
    PageRow("security:classification_history", args=lambda w: [adopted(w).pk]),
    PageRow("security:requirements", args=lambda w: [adopted(w).pk]),
    PageRow("security:requirements_docx", args=lambda w: [adopted(w).pk]),
    PageRow("security:system_classifications", args=lambda w: [a_system(w).pk]),
    PageRow("security:classification_create", read=KEEPERS, args=lambda w: [a_system(w).pk]),
    PageRow("security:classification_edit", read=KEEPERS, args=lambda w: [a_draft(w).pk]),
    PageRow("security:classification_adopt", read=KEEPERS, args=lambda w: [a_draft(w).pk]),
    PageRow("security:system_changed", read=KEEPERS, args=lambda w: [a_system(w).pk]),
    PageRow("security:information_type_create", read=KEEPERS, args=lambda w: [a_system(w).pk]),
    PageRow("security:information_type_edit", read=KEEPERS, args=lambda w: [a_type(w).pk]),
    PageRow("security:finding_list", read=FINDING_READERS),
    PageRow("security:settings", read=KEEPERS),
    PageRow("security:hosting_create", read=KEEPERS),
    PageRow("security:hosting_edit", read=KEEPERS, args=lambda w: [a_requirement(w).pk]),
    ApiRow(
        "security-api:information-type",
        obj=a_type,
        read=MEMBERS,
        change=KEEPERS,
        create=KEEPERS,
        patch=lambda w, obj: {"description": "Leverantörsfakturor"},
        create_payload=lambda w: {"system": a_system(w).pk, "name": "Avtal"},
    ),
    ApiRow(
        "security-api:classification",
        obj=a_draft,
        read=MEMBERS,
        change=KEEPERS,
        create=KEEPERS,
        patch=lambda w, obj: {"notes": "Granskad"},
        create_payload=lambda w: {"system": system(w, "Nyklassad").pk},
    ),
]
