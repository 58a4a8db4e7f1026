"""The demo: each app contributes a loader; ``styrbord demo`` runs them in order.

Loaders must be idempotent: running the demo twice changes nothing. A loader receives
the shared context dict (what earlier loaders made) and adds to it.
"""

loaders = []


def demo_loader(order):
    def register(func):
        loaders.append((order, func))
        return func

    return register


def load_demo(stdout=None, **options):
    context = {"options": options, "stdout": stdout}
    for _order, loader in sorted(loaders, key=lambda item: item[0]):
        loader(context)
    return context
