"""Authorization matrix rows of the measure side: catalogue, self-assessment, action plan, progress."""

from styrbord.core.testing import IT_HEAD, MEMBERS, ApiRow, PageRow, unique
from styrbord.security import measure_services
from styrbord.security.models import Assessment, Measure
from styrbord.systems.tests.factories import system

KEEPERS = IT_HEAD | {"security_coordinator"}
# The world's department head heads the branch that owns the test system.
READERS = KEEPERS | {"it_staff", "management_group", "department_head"}


def a_measure(world, code="M.MFA", **levels):
    existing = Measure.objects.filter(organisation=world.org, code=code).first()
    if existing is not None:
        return existing
    return measure_services.create_measure(
        acting_user=None,
        organisation=world.org,
        code=code,
        theme="technological",
        kind="technical",
        title="Multi-factor authentication",
        **(levels or {"required_confidentiality": 2}),
    )


def a_system(world):
    from .measure_helpers import classify

    found = system(world, "Ekonomisystem")
    if not found.classifications.exists():
        classify(found, confidentiality=2, integrity=1, availability=1)
    return found


def an_assessment(world):
    found = Assessment.objects.filter(system__organisation=world.org).first()
    if found is not None:
        return found
    return measure_services.record_assessment(
        acting_user=None, system=a_system(world), measure=a_measure(world), status="partly"
    )


def an_action(world):
    return an_assessment(world).actions.first()


ROWS = [
    PageRow("security:measure_list"),
    PageRow("security:measure_create", read=KEEPERS),
    PageRow("security:measure_load", read=KEEPERS),
    PageRow("security:measure_detail", args=lambda w: [a_measure(w).pk]),
    PageRow("security:measure_edit", read=KEEPERS, args=lambda w: [a_measure(w).pk]),
    PageRow("security:measure_history", args=lambda w: [a_measure(w).pk]),
    PageRow("security:assessment_system", read=READERS, args=lambda w: [a_system(w).pk]),
    # Only the system's manager and owner record it besides the keepers; no one in the world holds them.
    PageRow("security:assessment_record", read=KEEPERS, args=lambda w: [a_system(w).pk, a_measure(w).pk]),
    PageRow("security:action_list"),
    PageRow("security:action_detail", read=READERS, args=lambda w: [an_action(w).pk]),
    PageRow("security:action_edit", read=KEEPERS, args=lambda w: [an_action(w).pk]),
    PageRow("security:action_history", read=READERS, args=lambda w: [an_action(w).pk]),
    PageRow("security:progress", read=READERS),
    PageRow("security:quality"),
    ApiRow(
        "security-api:measure",
        obj=a_measure,
        read=MEMBERS,
        change=KEEPERS,
        create=KEEPERS,
        patch=lambda w, o: {"guidance": "Use the municipality's identity provider."},
        create_payload=lambda w: {
            "organisation": w.org.pk,
            "code": unique("M."),
            "theme": "people",
            "kind": "administrative",
            "title": "Awareness training",
            "required_confidentiality": 1,
        },
    ),
    ApiRow(
        "security-api:assessment",
        obj=an_assessment,
        read=READERS,
        change=KEEPERS,
        create=KEEPERS,
        patch=lambda w, o: {"comment": "Rolled out to half of the users."},
        create_payload=lambda w: {
            "system": a_system(w).pk,
            "measure": a_measure(w, unique("M.B"), required_integrity=1).pk,
            "status": "met",
        },
    ),
    ApiRow(
        "security-api:action",
        obj=an_action,
        read=READERS,
        change=KEEPERS,
        patch=lambda w, o: {"status": "in_progress"},
    ),
]
