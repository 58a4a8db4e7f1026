from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("organisation/switch/", views.SwitchOrganisationView.as_view(), name="switch_organisation"),
    path("language/", views.SetLanguageView.as_view(), name="set_language"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("healthz", views.health, name="health"),
]
