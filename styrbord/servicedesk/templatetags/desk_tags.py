"""Labels the service-desk pages show for stored values."""

from django import template

from ..choices import SlaState

register = template.Library()


@register.filter
def sla_label(value):
    """The readable SLA state ('At risk') for a stored value ('at_risk')."""
    try:
        return SlaState(value).label
    except ValueError:
        return ""
