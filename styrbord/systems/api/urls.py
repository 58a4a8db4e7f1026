from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("systems", views.SystemViewSet, basename="system")
router.register("objects", views.ManagementObjectViewSet, basename="object")
router.register("roles", views.SystemRoleViewSet, basename="role")
router.register("plans", views.ManagementPlanViewSet, basename="plan")
router.register("plan-activities", views.PlanActivityViewSet, basename="activity")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("meeting-decisions", views.MeetingDecisionViewSet, basename="decision")
router.register("compliance", views.ComplianceViewSet, basename="compliance")

app_name = "systems-api"
urlpatterns = router.urls
