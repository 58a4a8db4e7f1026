import datetime

from django.utils import timezone

from styrbord.core.testing import unique
from styrbord.governance import services
from styrbord.governance.models import Forum


def levels(world):
    return services.ensure_levels(world.org)


def forum(world, key="tactical", name=None, **fields):
    name = (
        name or {"strategic": "Ledningsgrupp", "tactical": "VUG", "operational": "Driftforum"}.get(key) or unique("F")
    )
    found = Forum.objects.filter(organisation=world.org, name=name).first()
    if found:
        return found
    return services.create_forum(
        acting_user=None, organisation=world.org, level=levels(world)[key], name=name, **fields
    )


def meeting(world, key="tactical", days=0, **fields):
    return services.create_meeting(
        acting_user=None, forum=forum(world, key), date=timezone.localdate() + datetime.timedelta(days=days), **fields
    )


def decision(world, meeting_=None, **fields):
    meeting_ = meeting_ or meeting(world)
    fields.setdefault("title", "Beslut")
    fields.setdefault("text", "Vi beslutar.")
    return services.record_decision(acting_user=None, meeting=meeting_, **fields)
