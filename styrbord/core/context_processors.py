from .navigation import nav_for


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    organisation = getattr(request, "organisation", None)
    from styrbord.organisations.models import Organisation

    return {
        "current_organisation": organisation,
        "my_organisations": list(Organisation.objects.restrict(user).filter(is_active=True).order_by("name")),
        "nav_areas": nav_for(user, organisation),
    }
