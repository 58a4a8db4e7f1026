from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from styrbord.core.auth_views import ThrottledLoginView

api_patterns = [
    path("organisations/", include("styrbord.organisations.api.urls")),
    path("catalog/", include("styrbord.catalog.api.urls")),
    path("finance/", include("styrbord.finance.api.urls")),
    path("servicedesk/", include("styrbord.servicedesk.api.urls")),
    path("infra/", include("styrbord.infra.api.urls")),
    path("systems/", include("styrbord.systems.api.urls")),
    path("security/", include("styrbord.security.api.urls")),
    path("governance/", include("styrbord.governance.api.urls")),
    # Projects are part of governance's API (/api/governance/projects/); their own app keeps them apart.
    path("governance/", include("styrbord.projects.api.urls")),
    path("sourcing/", include("styrbord.sourcing.api.urls")),
    path("knowledge/", include("styrbord.knowledge.api.urls")),
    # Surveys are part of the follow-up API (/api/followup/surveys/, /responses/).
    path("followup/", include("styrbord.surveys.api.urls")),
    path("followup/", include("styrbord.followup.api.urls")),
]

urlpatterns = [
    path("login/", ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt",
            html_email_template_name="registration/password_reset_email.html",
        ),
        name="password_reset",
    ),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"
    ),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password-change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password-change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI's script is served from /api/docs/?script (CSP: 'self'); its inline style is allowed here only.
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("api/", include(api_patterns)),
    path("", include("styrbord.organisations.urls")),
    path("catalogue/", include("styrbord.catalog.urls")),
    path("finance/", include("styrbord.finance.urls")),
    path("servicedesk/", include("styrbord.servicedesk.urls")),
    path("infrastructure/", include("styrbord.infra.urls")),
    path("systems/", include("styrbord.systems.urls")),
    path("security/", include("styrbord.security.urls")),
    path("governance/", include("styrbord.governance.urls")),
    path("projects/", include("styrbord.projects.urls")),
    path("sourcing/", include("styrbord.sourcing.urls")),
    path("knowledge/", include("styrbord.knowledge.urls")),
    path("surveys/", include("styrbord.surveys.urls")),
    path("followup/", include("styrbord.followup.urls")),
    path("survey/", include("styrbord.servicedesk.survey_urls")),
    path("", include("styrbord.core.urls")),
]

handler400 = "styrbord.core.errors.bad_request"
handler403 = "styrbord.core.errors.permission_denied"
handler404 = "styrbord.core.errors.page_not_found"
handler500 = "styrbord.core.errors.server_error"
