from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _reads_drafts(user, organisation):
    """The IT unit and finance (who take part in the budget process) see the price lists."""
    from .rules import reads_drafts

    return organisation is not None and reads_drafts(user, organisation)


def _works_in_it(user, organisation):
    from .rules import works_in_it

    return organisation is not None and works_in_it(user, organisation)


class CatalogConfig(AppConfig):
    name = "styrbord.catalog"
    label = "catalog"
    verbose_name = _("Service catalogue")

    def ready(self):
        from styrbord.core.navigation import NavItem, register_nav

        from . import attention, demo  # noqa: F401

        area = _("Service catalogue")
        register_nav(
            NavItem(area, _("Catalogue"), "catalog:catalogue", order=200),
            NavItem(area, _("Price lists"), "catalog:price_list_list", order=210, visible=_reads_drafts),
            NavItem(area, _("Calendars"), "catalog:calendar_list", order=220, visible=_works_in_it),
            NavItem(area, _("Areas"), "catalog:area_list", order=230, visible=_works_in_it),
        )
