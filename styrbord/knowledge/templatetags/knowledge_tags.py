"""Instructions and courses on other apps' pages: ``{% material_for system %}`` or ``{% material_for service %}``."""

from django import template

from ..choices import Status
from ..models import Article, Course

register = template.Library()


@register.inclusion_tag("knowledge/_material_for.html", takes_context=True)
def material_for(context, obj):
    """The published articles and courses about ``obj`` (a system or a catalogue service) that the user may read."""
    request = context.get("request")
    user = getattr(request, "user", None)
    field = {"system": "systems", "service": "services"}[obj._meta.model_name]

    def rows(model):
        return model.objects.restrict(user).filter(status=Status.PUBLISHED, **{field: obj}).order_by("title")

    return {
        "articles": rows(Article),
        "courses": rows(Course),
        "can_add": bool(user) and user.has_perm("knowledge.add_article", getattr(request, "organisation", None)),
    }


@register.filter
def free_places(session):
    """Places left on a session annotated with ``taken``."""
    return max(session.capacity - (getattr(session, "taken", 0) or 0), 0)
