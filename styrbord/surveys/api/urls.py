from rest_framework.routers import SimpleRouter

from .views import QuestionViewSet, ResponseViewSet, SurveyRoundViewSet

router = SimpleRouter()
router.register("surveys", SurveyRoundViewSet, basename="survey")
router.register("questions", QuestionViewSet, basename="question")
router.register("responses", ResponseViewSet, basename="response")

app_name = "surveys-api"
urlpatterns = router.urls
