"""A person's system roles, computed once per request and cached on the user (like core.tenancy.access).

A role held for a management object applies to each of its systems. Two queries the first time
in a request, none after; ``forget(user)`` after the person's system roles changed.
"""

from dataclasses import dataclass, field

from django.apps import apps

_CACHE_ATTR = "_styrbord_system_roles"


@dataclass(frozen=True)
class SystemRoles:
    systems: dict = field(default_factory=dict)  # kind -> frozenset of system ids (object roles included)
    objects: dict = field(default_factory=dict)  # kind -> frozenset of management-object ids

    def system_ids(self, *kinds):
        return frozenset().union(*(self.systems.get(kind, frozenset()) for kind in kinds))

    def object_ids(self, *kinds):
        return frozenset().union(*(self.objects.get(kind, frozenset()) for kind in kinds))

    def holds(self, scope, *kinds):
        """``scope`` is ("system", id) or ("object", id)."""
        what, pk = scope
        if what == "system":
            return pk in self.system_ids(*kinds)
        return pk in self.object_ids(*kinds)

    @property
    def any(self):
        return bool(self.systems or self.objects)


EMPTY = SystemRoles()


def system_roles(user):
    if user is None or not user.is_authenticated:
        return EMPTY
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    role_model = apps.get_model("systems", "SystemRole")
    system_model = apps.get_model("systems", "System")
    rows = list(role_model.objects.filter(person=user).values_list("kind", "system_id", "management_object_id"))
    object_kinds = {}
    systems, objects = {}, {}
    for kind, system_id, object_id in rows:
        if system_id:
            systems.setdefault(kind, set()).add(system_id)
        if object_id:
            objects.setdefault(kind, set()).add(object_id)
            object_kinds.setdefault(object_id, set()).add(kind)
    if object_kinds:
        for system_id, object_id in system_model.objects.filter(management_object_id__in=object_kinds).values_list(
            "pk", "management_object_id"
        ):
            for kind in object_kinds[object_id]:
                systems.setdefault(kind, set()).add(system_id)
    result = SystemRoles(
        systems={kind: frozenset(ids) for kind, ids in systems.items()},
        objects={kind: frozenset(ids) for kind, ids in objects.items()},
    )
    setattr(user, _CACHE_ATTR, result)
    return result


def forget(user):
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def scope_of(obj):
    """("system", id) or ("object", id) for a system, an object, or anything that belongs to one."""
    model_name = obj._meta.model_name
    if model_name == "system":
        return ("system", obj.pk)
    if model_name == "managementobject":
        return ("object", obj.pk)
    if model_name in ("planactivity", "planrisk"):
        return scope_of(obj.plan)
    if model_name == "meetingdecision":
        return scope_of(obj.meeting)
    if getattr(obj, "system_id", None):
        return ("system", obj.system_id)
    if getattr(obj, "management_object_id", None):
        return ("object", obj.management_object_id)
    return None
