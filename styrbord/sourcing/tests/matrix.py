from styrbord.core.testing import IT_HEAD, ApiRow, PageRow, unique
from styrbord.organisations.choices import Role

from .factories import comparison, contract, owned_system

REGISTER = frozenset({Role.IT_HEAD.value, Role.FINANCE.value, Role.DEPARTMENT_HEAD.value})
COMPARISONS = frozenset({Role.IT_HEAD.value, Role.FINANCE.value, Role.MANAGEMENT_GROUP.value})


def a_supplier(world):
    return a_contract(world).supplier


def a_contract(world):
    """Covers a system of the branch, so the branch's department head reads it; the employee owns the system."""
    return contract(world, "AVT-MATRIS", systems=[owned_system(world)])


def a_contact(world):
    sup = a_supplier(world)
    from styrbord.sourcing import services

    return sup.contacts.first() or services.add_contact(sup, acting_user=None, name="Kim Kontakt")


def a_requirement(world):
    from styrbord.sourcing import services

    found = a_contract(world)
    return found.requirements.first() or services.add_requirement(
        found, acting_user=None, kind="business", text="E-faktura"
    )


def a_comparison(world):
    return comparison(world, "Drift av ekonomisystemet")


def an_alternative(world):
    return a_comparison(world).alternatives.first()


# The employee owns the contract's system: they read and change it; the matrix runs each role as a
# separate person, so "employee" stands for a system owner here.
def owner_exists(world):
    """Pages without an object: make the employee a system owner first (no URL arguments)."""
    a_contract(world)
    return []


KEEPERS = frozenset({Role.IT_HEAD.value, "employee"})
READERS = REGISTER | {"employee"}

ROWS = [
    PageRow("sourcing:contract_list", read=READERS, args=owner_exists),
    PageRow("sourcing:contract_export", read=READERS, args=owner_exists),
    PageRow("sourcing:contract_create", read=KEEPERS, args=owner_exists),
    PageRow("sourcing:contract_detail", read=READERS, args=lambda w: [a_contract(w).pk]),
    PageRow("sourcing:contract_edit", read=KEEPERS, args=lambda w: [a_contract(w).pk]),
    PageRow("sourcing:contract_history", read=READERS, args=lambda w: [a_contract(w).pk]),
    PageRow("sourcing:contract_renew", read=KEEPERS, args=lambda w: [a_contract(w).pk]),
    PageRow("sourcing:contract_copy_security", read=KEEPERS, args=lambda w: [a_contract(w).pk]),
    PageRow("sourcing:requirement_create", read=KEEPERS, args=lambda w: [a_contract(w).pk]),
    PageRow("sourcing:requirement_edit", read=KEEPERS, args=lambda w: [a_requirement(w).pk]),
    PageRow("sourcing:supplier_list", read=READERS, args=owner_exists),
    PageRow("sourcing:supplier_create", read=IT_HEAD),
    PageRow("sourcing:supplier_detail", read=READERS, args=lambda w: [a_supplier(w).pk]),
    PageRow("sourcing:supplier_edit", read=IT_HEAD, args=lambda w: [a_supplier(w).pk]),
    PageRow("sourcing:supplier_history", read=READERS, args=lambda w: [a_supplier(w).pk]),
    PageRow("sourcing:contact_create", read=IT_HEAD, args=lambda w: [a_supplier(w).pk]),
    PageRow("sourcing:contact_edit", read=IT_HEAD, args=lambda w: [a_contact(w).pk]),
    PageRow("sourcing:comparison_list", read=COMPARISONS),
    PageRow("sourcing:comparison_create", read=IT_HEAD),
    PageRow("sourcing:comparison_detail", read=COMPARISONS, args=lambda w: [a_comparison(w).pk]),
    PageRow("sourcing:comparison_edit", read=IT_HEAD, args=lambda w: [a_comparison(w).pk]),
    PageRow("sourcing:comparison_history", read=COMPARISONS, args=lambda w: [a_comparison(w).pk]),
    PageRow("sourcing:comparison_criteria", read=IT_HEAD, args=lambda w: [a_comparison(w).pk]),
    PageRow("sourcing:comparison_scores", read=IT_HEAD, args=lambda w: [a_comparison(w).pk]),
    PageRow("sourcing:comparison_decide", read=IT_HEAD, args=lambda w: [a_comparison(w).pk]),
    PageRow("sourcing:alternative_create", read=IT_HEAD, args=lambda w: [a_comparison(w).pk]),
    PageRow("sourcing:alternative_edit", read=IT_HEAD, args=lambda w: [an_alternative(w).pk]),
    PageRow("sourcing:settings", read=IT_HEAD),
    ApiRow(
        "sourcing-api:supplier",
        obj=a_supplier,
        read=READERS,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"notes": "Ramavtal via Adda."},
        create_payload=lambda w: {"organisation": w.org.pk, "name": unique("Bolag AB "), "org_number": "556644-0987"},
    ),
    ApiRow(
        "sourcing-api:contract",
        obj=a_contract,
        read=READERS,
        change=KEEPERS,
        create=KEEPERS,
        patch=lambda w, o: {"annual_value": "125000.00"},
        create_payload=lambda w: {
            "organisation": w.org.pk,
            "reference": unique("AVT-NY-"),
            "title": "Nytt avtal",
            "supplier": a_supplier(w).pk,
            "start_date": "2025-01-01",
            "end_date": "2028-12-31",
            "systems": [owned_system(w).pk],
        },
    ),
    ApiRow(
        "sourcing-api:comparison",
        obj=a_comparison,
        read=COMPARISONS,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"description": "Jämför egen drift med molntjänst."},
        create_payload=lambda w: {"organisation": w.org.pk, "title": unique("Behov ")},
    ),
]
