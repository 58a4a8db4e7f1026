from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("items", views.ConfigurationItemViewSet, basename="item")
router.register("item-types", views.ItemTypeViewSet, basename="itemtype")
router.register("relations", views.ItemRelationViewSet, basename="relation")

app_name = "infra-api"
urlpatterns = router.urls
