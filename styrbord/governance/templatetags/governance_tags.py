"""``{% decisions_about object %}``: the decisions that concern an object, on its detail page."""

from django import template

register = template.Library()


@register.inclusion_tag("governance/_decisions_about.html", takes_context=True)
def decisions_about(context, obj):
    from ..log import decisions_about as entries_about

    request = context.get("request")
    user = getattr(request, "user", None)
    if obj is None or user is None or not user.has_perm("governance.view_decision", obj):
        return {"decisions": [], "object": obj}
    return {"decisions": entries_about(obj), "object": obj}


@register.filter
def paragraphs(text):
    """Plain strategy text as escaped paragraphs and lists (see governance.rendering)."""
    from ..rendering import render_text

    return render_text(text)
