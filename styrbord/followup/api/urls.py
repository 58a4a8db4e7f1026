from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("reports", views.AnnualReportViewSet, basename="report")
router.register("outages", views.OutageViewSet, basename="outage")

app_name = "followup-api"
urlpatterns = router.urls
