"""Money and months in finance templates."""

from decimal import Decimal

from django import template
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.formats import number_format

register = template.Library()


@register.filter
def sek(value):
    """An amount in kronor with öre, grouped as the active language writes numbers."""
    if value in (None, ""):
        return "–"
    return number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)


@register.filter
def whole_sek(value):
    if value in (None, ""):
        return "–"
    return number_format(Decimal(value).quantize(Decimal("1")), 0, use_l10n=True, force_grouping=True)


@register.filter
def month_name(number):
    return MONTHS.get(int(number), "")


@register.filter
def month_abbr(number):
    return MONTHS_3.get(int(number), "")


@register.filter
def index(sequence, position):
    return sequence[position]
