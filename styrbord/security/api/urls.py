from rest_framework.routers import SimpleRouter

from . import views  # noqa: F401

router = SimpleRouter()
# --- classification side: information-types, classifications, findings
from . import classification_views  # noqa: E402

router.register("information-types", classification_views.InformationTypeViewSet, basename="information-type")
router.register("classifications", classification_views.ClassificationViewSet, basename="classification")
router.register("findings", classification_views.FindingViewSet, basename="finding")
# --- measure side: measures, assessments, actions
from . import measure_views  # noqa: E402

router.register("measures", measure_views.MeasureViewSet, basename="measure")
router.register("assessments", measure_views.AssessmentViewSet, basename="assessment")
router.register("actions", measure_views.ActionItemViewSet, basename="action")

app_name = "security-api"
urlpatterns = router.urls
