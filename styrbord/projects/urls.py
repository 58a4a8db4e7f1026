from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("new/", views.ProjectCreateView.as_view(), name="project_create"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_edit"),
    path("<int:pk>/stage/", views.ProjectStageView.as_view(), name="project_stage"),
    path("<int:pk>/report/", views.StatusReportCreateView.as_view(), name="report_create"),
    path("<int:pk>/history/", views.ProjectHistoryView.as_view(), name="project_history"),
    path("prioritisations/", views.PrioritisationListView.as_view(), name="prioritisation_list"),
    path("prioritisations/new/", views.PrioritisationCreateView.as_view(), name="prioritisation_create"),
    path("prioritisations/<int:pk>/", views.PrioritisationDetailView.as_view(), name="prioritisation_detail"),
    path("prioritisations/<int:pk>/edit/", views.PrioritisationEditView.as_view(), name="prioritisation_edit"),
    path("prioritisations/<int:pk>/rank/", views.RankView.as_view(), name="prioritisation_rank"),
    path("prioritisations/<int:pk>/ranking/", views.RankingView.as_view(), name="prioritisation_ranking"),
    path("prioritisations/<int:pk>/capacity/", views.CapacityView.as_view(), name="prioritisation_capacity"),
    path("prioritisations/<int:pk>/adopt/", views.AdoptView.as_view(), name="prioritisation_adopt"),
    path("entries/<int:pk>/remove/", views.EntryRemoveView.as_view(), name="entry_remove"),
    path("plans/", views.PlanOverviewView.as_view(), name="plan_overview"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path("plans/<int:pk>/history/", views.PlanHistoryView.as_view(), name="plan_history"),
    path("plans/<int:pk>/changes/new/", views.ChangeCreateView.as_view(), name="change_create"),
    path("changes/<int:pk>/edit/", views.ChangeEditView.as_view(), name="change_edit"),
]
