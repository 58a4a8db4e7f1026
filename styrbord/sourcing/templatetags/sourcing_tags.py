"""``{% contracts_for system %}``: a system's supplier contracts, on the system's page."""

from django import template

register = template.Library()


@register.inclusion_tag("sourcing/_contracts_for.html", takes_context=True)
def contracts_for(context, system):
    from ..access import visible_contracts
    from ..models import Contract, with_status

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    contracts = visible_contracts(
        Contract.objects.restrict(user).filter(systems=system).select_related("supplier", "owner"), user
    ).order_by("notice_date", "reference")
    return {
        "show": True,
        "system": system,
        "contracts": with_status(contracts),
        "can_add": user.has_perm("sourcing.add_contract", system.organisation)
        and user.has_perm("sourcing.view_contracts", system.organisation),
        "supplier_name": system.supplier_name,
    }
