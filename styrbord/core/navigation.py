"""What the shell shows: the navigation by area and the home page's attention items.

Each app registers its entries in ``AppConfig.ready()``; an app that is not installed
registers nothing, so its area does not appear.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class NavItem:
    area: str  # label of the strategy area (lazy translated)
    label: str
    url_name: str
    order: int = 100
    visible: object = None  # callable(user, organisation) -> bool; None means every member


@dataclass
class Attention:
    title: str
    text: str = ""
    url: str = ""
    severity: str = "info"  # info, warning, danger
    count: int | None = None


@dataclass
class KeyFigure:
    """A figure on a role's home page dashboard (computed by the same function as the report's)."""

    label: str
    value: str
    text: str = ""
    url: str = ""


@dataclass
class Registry:
    nav: list = field(default_factory=list)
    attention_providers: list = field(default_factory=list)
    dashboard_providers: list = field(default_factory=list)


registry = Registry()


def register_nav(*items):
    registry.nav.extend(items)


def register_attention(provider):
    """``provider(request) -> list[Attention]``; called on the home page only."""
    registry.attention_providers.append(provider)
    return provider


def register_dashboard(provider):
    """``provider(request) -> list[KeyFigure]``; called on the home page only."""
    registry.dashboard_providers.append(provider)
    return provider


def counted(count, title, **fields):
    """The attention items about ``count`` things: none when there are none, else one titled
    ``title % {"count": count}`` (``title`` from ``ngettext`` with ``%(count)d``)."""
    if not count:
        return []
    return [Attention(title=title % {"count": count}, count=count, **fields)]


def dashboard_for(request):
    items = []
    for provider in registry.dashboard_providers:
        items.extend(provider(request))
    return items


def nav_for(user, organisation):
    areas = {}
    for item in sorted(registry.nav, key=lambda i: i.order):
        if item.visible is not None and not item.visible(user, organisation):
            continue
        areas.setdefault(str(item.area), []).append(item)
    return list(areas.items())


def attention_for(request):
    items = []
    for provider in registry.attention_providers:
        items.extend(provider(request))
    order = {"danger": 0, "warning": 1, "info": 2}
    return sorted(items, key=lambda item: order.get(item.severity, 3))
