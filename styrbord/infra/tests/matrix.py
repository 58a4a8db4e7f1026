from styrbord.core.testing import IT_HEAD, ApiRow, PageRow, unique
from styrbord.infra import importing
from styrbord.infra.choices import CMDB_EDITORS, CMDB_READERS, RECONCILERS

from .factories import item, item_type, relate

READERS = frozenset(role.value for role in CMDB_READERS)
EDITORS = frozenset(role.value for role in CMDB_EDITORS)
RECONCILE = frozenset(role.value for role in RECONCILERS)


def an_item(world):
    return item(world.org, "srv-matrix")


def a_type(world):
    return item_type(world.org)


def a_relation(world):
    return relate(item(world.org, unique("vm-")), an_item(world))


def a_batch(world):
    content = b"name;type\nsrv-new;server\n"
    item_type(world.org, code="server", area="datacenter", fields=[])
    return importing.start_import(acting_user=None, organisation=world.org, filename="x.csv", content=content)


ROWS = [
    PageRow("infra:item_list", read=READERS),
    PageRow("infra:item_create", read=EDITORS),
    PageRow("infra:item_export", read=READERS),
    PageRow("infra:item_detail", read=READERS, args=lambda w: [an_item(w).pk]),
    PageRow("infra:item_edit", read=EDITORS, args=lambda w: [an_item(w).pk]),
    PageRow("infra:item_history", read=READERS, args=lambda w: [an_item(w).pk]),
    PageRow("infra:item_impact", read=READERS, args=lambda w: [an_item(w).pk]),
    PageRow("infra:relation_create", read=EDITORS, args=lambda w: [an_item(w).pk]),
    PageRow("infra:type_list", read=READERS),
    PageRow("infra:type_create", read=IT_HEAD),
    PageRow("infra:type_detail", read=READERS, args=lambda w: [a_type(w).pk]),
    PageRow("infra:type_edit", read=IT_HEAD, args=lambda w: [a_type(w).pk]),
    PageRow("infra:type_history", read=READERS, args=lambda w: [a_type(w).pk]),
    PageRow("infra:import", read=EDITORS),
    PageRow("infra:import_preview", read=EDITORS, args=lambda w: [a_batch(w).pk]),
    PageRow("infra:reconciliation", read=RECONCILE),
    ApiRow(
        "infra-api:item",
        obj=an_item,
        read=READERS,
        change=EDITORS,
        create=EDITORS,
        patch=lambda w, o: {"notes": "Checked"},
        create_payload=lambda w: {
            "organisation": w.org.pk,
            "item_type": item_type(w.org, code="server", area="datacenter", fields=[]).pk,
            "name": unique("srv-"),
        },
    ),
    ApiRow(
        "infra-api:itemtype",
        obj=a_type,
        read=READERS,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"description": "Laptops"},
        create_payload=lambda w: {"organisation": w.org.pk, "area": "network", "name": "Router", "code": unique("r")},
    ),
    ApiRow(
        "infra-api:relation",
        obj=a_relation,
        read=READERS,
        change=EDITORS,
        create=EDITORS,
        patch=lambda w, o: {"note": "Primary"},
        create_payload=lambda w: {
            "source": item(w.org, unique("vm-")).pk,
            "target": an_item(w).pk,
            "kind": "runs_on",
        },
    ),
]
