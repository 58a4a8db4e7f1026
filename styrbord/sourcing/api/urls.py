from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("suppliers", views.SupplierViewSet, basename="supplier")
router.register("contracts", views.ContractViewSet, basename="contract")
router.register("comparisons", views.ComparisonViewSet, basename="comparison")

app_name = "sourcing-api"
urlpatterns = router.urls
