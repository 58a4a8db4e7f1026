"""API parts that DRF's settings name: authentication, permission, pagination, errors.

Kept apart from ``api.py`` because DRF imports these while its own views module loads.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.fields import get_error_detail
from rest_framework.pagination import PageNumberPagination


class TokenAuthentication(BaseAuthentication):
    """``Authorization: Token <key>`` with a personal token; only the key's hash is stored."""

    keyword = "token"

    def authenticate(self, request):
        from styrbord.organisations.models import ApiToken, hash_token

        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header: use 'Token <key>'."))
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token header: use 'Token <key>'.")) from None
        token = (
            ApiToken.objects.select_related("user").filter(key_hash=hash_token(key), revoked_at__isnull=True).first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The token is invalid or has been revoked."))
        token.touch()
        return token.user, token

    def authenticate_header(self, request):
        return "Token"


def perm_name(model, action):
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


class RulesPermission(permissions.BasePermission):
    """Reads need membership (enforced by the scoped queryset); writes need ``has_perm``."""

    object_actions = {
        "GET": "view",
        "HEAD": "view",
        "OPTIONS": "view",
        "PUT": "change",
        "PATCH": "change",
        "DELETE": "delete",
    }

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if getattr(view, "action", None) == "create":
            # Without the role anywhere, refuse before reading the body.
            return request.user.has_perm(perm_name(view.model, "add"))
        return True

    def has_object_permission(self, request, view, obj):
        action = getattr(view, "object_permission_action", None) or self.object_actions[request.method]
        return request.user.has_perm(perm_name(view.model, action), obj)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def _as_error_dict(detail):
    if isinstance(detail, dict):
        return {("non_field_errors" if key == "__all__" else key): value for key, value in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": detail}
    return {"non_field_errors": [detail]}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            get_error_detail(exc)
            if not hasattr(exc, "error_dict")
            else {key: [str(m) for m in messages] for key, messages in exc.message_dict.items()}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": _("The input is invalid."), "errors": _as_error_dict(response.data)}
    return response
