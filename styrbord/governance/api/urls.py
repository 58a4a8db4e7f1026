from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("levels", views.DecisionLevelViewSet, basename="level")
router.register("forums", views.ForumViewSet, basename="forum")
router.register("forum-members", views.ForumMemberViewSet, basename="forummember")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("agenda-items", views.AgendaItemViewSet, basename="agendaitem")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("escalations", views.EscalationViewSet, basename="escalation")
router.register("strategies", views.StrategyDocumentViewSet, basename="strategy")

app_name = "governance-api"
urlpatterns = router.urls
