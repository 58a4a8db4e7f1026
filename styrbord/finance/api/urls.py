from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("orders", views.OrderViewSet, basename="order")
router.register("subscriptions", views.SubscriptionViewSet, basename="subscription")
router.register("charges", views.ChargeLineViewSet, basename="charge")
router.register("budget-lines", views.BudgetLineViewSet, basename="budgetline")
router.register("no-needs", views.NoNeedsViewSet, basename="noneeds")

app_name = "finance-api"
urlpatterns = router.urls
