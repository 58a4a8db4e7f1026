from django.conf import settings

from .tenancy import access

SESSION_KEY = "styrbord_organisation_id"


def current_organisation(request):
    """The organisation the user works in now: chosen in the session, else their first."""
    from styrbord.organisations.models import Organisation

    user = request.user
    if not user.is_authenticated:
        return None
    visible = Organisation.objects.restrict(user).filter(is_active=True)
    chosen = request.session.get(SESSION_KEY)
    if chosen is not None:
        organisation = visible.filter(pk=chosen).first()
        if organisation is not None:
            return organisation
    ids = access(user).organisation_ids
    if ids:
        return visible.filter(pk__in=ids).order_by("name").first()
    return visible.order_by("name").first()


class CurrentOrganisationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Resolved now (not lazily) so that "no organisation" is a real None that code can test.
        request.organisation = current_organisation(request)
        return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in person's saved language wins over the browser's, until they switch."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = None
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            user_id = request.session.get("_auth_user_id")
            if user_id:
                from styrbord.organisations.models import User

                language = User.objects.filter(pk=user_id).values_list("language", flat=True).first()
                if language:
                    request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = language
        response = self.get_response(request)
        if language:
            set_language_cookie(response, language)
        return response


def set_language_cookie(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )
