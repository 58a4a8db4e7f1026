from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("areas", views.CompetenceAreaViewSet, basename="area")
router.register("services", views.ServiceViewSet, basename="service")
router.register("service-levels", views.ServiceLevelViewSet, basename="servicelevel")
router.register("calendars", views.BusinessCalendarViewSet, basename="calendar")
router.register("closed-days", views.ClosedDayViewSet, basename="closedday")
router.register("price-lists", views.PriceListViewSet, basename="pricelist")
router.register("prices", views.PriceViewSet, basename="price")

app_name = "catalog-api"
urlpatterns = router.urls
