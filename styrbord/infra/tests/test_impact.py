"""Impact analysis: what depends on an item, over chains of relations and through cycles."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styrbord.finance.models import Subscription
from styrbord.infra import services
from styrbord.infra.impact import REASON_ITEM, REASON_SERVICE, REASON_SYSTEM, dependants, impact_of
from styrbord.systems import services as system_services

from .factories import item, relate, service


def chain(world):
    """storage ← host ← vm ← (the finance system runs on the vm); a laptop's dock is unrelated."""
    storage = item(world.org, "san-1")
    host = item(world.org, "esx-1")
    vm = item(world.org, "vm-eko", department=world.unit)
    relate(host, storage, "depends_on")
    relate(vm, host, "runs_on")
    return storage, host, vm


def test_impact_follows_a_chain_of_relations(world):
    storage, host, vm = chain(world)
    finance_system = system_services.create_system(
        acting_user=None,
        organisation=world.org,
        name="Ekonomisystem",
        owner_department=world.other_branch,
        runs_on=[vm],
    )
    hosting = service(world.org, unit="server")
    services.update_item(host, acting_user=None, services=[hosting])
    Subscription.objects.create(
        organisation=world.org, department=world.branch, service=hosting, quantity=2, valid_from=date(2020, 1, 1)
    )
    impact = impact_of(storage, today=date(2025, 6, 1))
    assert [i.name for i in impact.items] == ["esx-1", "vm-eko"]
    assert [(i.name, depth, via) for i, depth, _kind, via in impact.rows()] == [
        ("esx-1", 1, "san-1"),
        ("vm-eko", 2, "esx-1"),
    ]
    assert impact.systems == [finance_system]
    assert impact.services == [hosting]
    reasons = {department: set(why) for department, why in impact.departments}
    assert set(reasons) == {world.unit, world.other_branch, world.branch}
    assert reasons[world.other_branch] == {str(REASON_SYSTEM)}
    assert reasons[world.branch] == {str(REASON_SERVICE)}
    assert reasons[world.unit] == {str(REASON_ITEM)}


def test_a_cycle_ends_the_walk(world):
    a, b, c = (item(world.org, name) for name in ("a", "b", "c"))
    relate(a, b)
    relate(b, c)
    relate(c, a)  # a runs on b runs on c runs on a
    relate(a, c, "depends_on")  # and a second way round
    steps = dependants(a.pk)
    assert set(steps) == {a.pk, b.pk, c.pk}
    assert steps[c.pk].depth == 1 and steps[b.pk].depth == 2
    assert {i.name for i in impact_of(a).items} == {"b", "c"}


def test_a_self_contained_item_affects_nothing(world):
    lonely = item(world.org, "lonely")
    impact = impact_of(lonely)
    assert impact.items == [] and impact.systems == [] and impact.departments == []


def test_backups_are_followed_only_when_asked(world):
    vm = item(world.org, "vm-1")
    job = item(world.org, "backup-vm-1")
    relate(vm, job, "backed_up_by")
    assert impact_of(job).items == []
    assert impact_of(job, include_backup=True).items == [vm]


def test_queries_grow_with_depth_not_with_width(world):
    root = item(world.org, "core")
    for index in range(30):
        relate(item(world.org, f"leaf-{index}"), root, "connected_to")
    with CaptureQueriesContext(connection) as wide:
        assert len(impact_of(root).items) == 30
    narrow_root = item(world.org, "core-2")
    relate(item(world.org, "only-leaf"), narrow_root, "connected_to")
    with CaptureQueriesContext(connection) as narrow:
        impact_of(narrow_root)
    assert len(wide) == len(narrow)


def test_impact_page_and_api(world, client_as, api_as):
    storage, host, vm = chain(world)
    page = client_as("security_coordinator").get(reverse("infra:item_impact", args=[storage.pk])).content.decode()
    assert "vm-eko" in page and "esx-1" in page
    body = api_as("it_staff").get(reverse("infra-api:item-impact", args=[storage.pk])).json()
    assert [(i["name"], i["depth"], i["via"]) for i in body["items"]] == [
        ("esx-1", 1, storage.pk),
        ("vm-eko", 2, host.pk),
    ]
    assert body["departments"] == [{"id": world.unit.pk, "name": world.unit.name, "reasons": [str(REASON_ITEM)]}]
