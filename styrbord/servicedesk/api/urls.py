from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("tickets", views.TicketViewSet, basename="ticket")
router.register("queues", views.QueueViewSet, basename="queue")
router.register("maintenance-plans", views.MaintenancePlanViewSet, basename="maintenanceplan")

app_name = "servicedesk-api"
urlpatterns = router.urls
