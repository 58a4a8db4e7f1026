from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("prioritisations", views.PrioritisationViewSet, basename="prioritisation")
router.register("digitalisation-plans", views.DigitalisationPlanViewSet, basename="digitalisationplan")
router.register("planned-changes", views.PlannedChangeViewSet, basename="plannedchange")

app_name = "projects-api"
urlpatterns = router.urls
