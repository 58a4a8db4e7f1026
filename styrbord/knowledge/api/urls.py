from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("courses", views.CourseViewSet, basename="course")

app_name = "knowledge-api"
urlpatterns = router.urls
