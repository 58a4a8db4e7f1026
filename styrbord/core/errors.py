"""Error pages: JSON in the one API error format under /api/, the shell's pages elsewhere."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _respond(request, status, message):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "core/error.html", {"status": status, "message": message}, status=status)


def bad_request(request, exception=None):
    return _respond(request, 400, _("The request could not be understood."))


def permission_denied(request, exception=None):
    return _respond(request, 403, _("You do not have permission to do this."))


def page_not_found(request, exception=None):
    return _respond(request, 404, _("The page was not found."))


def server_error(request):
    return _respond(request, 500, _("Something went wrong on our side. Try again, or contact IT support."))
