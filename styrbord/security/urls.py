from django.urls import path  # noqa: F401

from . import measure_views, views  # noqa: F401

app_name = "security"
urlpatterns = [
    # --- classification, information types, findings, procurement requirements, settings
    path("classifications/", views.ClassificationListView.as_view(), name="classification_list"),
    path("classifications/<int:pk>/", views.ClassificationDetailView.as_view(), name="classification_detail"),
    path("classifications/<int:pk>/edit/", views.ClassificationEditView.as_view(), name="classification_edit"),
    path("classifications/<int:pk>/adopt/", views.ClassificationAdoptView.as_view(), name="classification_adopt"),
    path("classifications/<int:pk>/delete/", views.ClassificationDeleteView.as_view(), name="classification_delete"),
    path("classifications/<int:pk>/history/", views.ClassificationHistoryView.as_view(), name="classification_history"),
    path("classifications/<int:pk>/requirements/", views.RequirementsView.as_view(), name="requirements"),
    path("classifications/<int:pk>/requirements.docx", views.RequirementsDocxView.as_view(), name="requirements_docx"),
    path("systems/<int:pk>/", views.SystemClassificationsView.as_view(), name="system_classifications"),
    path("systems/<int:pk>/classify/", views.ClassificationCreateView.as_view(), name="classification_create"),
    path("systems/<int:pk>/reclassify/", views.ReclassifyView.as_view(), name="reclassify"),
    path("systems/<int:pk>/changed/", views.SystemChangedView.as_view(), name="system_changed"),
    path(
        "systems/<int:pk>/information-types/new/",
        views.InformationTypeCreateView.as_view(),
        name="information_type_create",
    ),
    path(
        "systems/<int:pk>/information-types/suggested/",
        views.SuggestedInformationTypesView.as_view(),
        name="information_types_suggested",
    ),
    path("information-types/<int:pk>/edit/", views.InformationTypeEditView.as_view(), name="information_type_edit"),
    path("findings/", views.FindingListView.as_view(), name="finding_list"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("settings/hosting/new/", views.HostingRequirementCreateView.as_view(), name="hosting_create"),
    path("settings/hosting/<int:pk>/edit/", views.HostingRequirementEditView.as_view(), name="hosting_edit"),
    path("settings/hosting/<int:pk>/delete/", views.HostingRequirementDeleteView.as_view(), name="hosting_delete"),
    # --- measures, self-assessments, action plans, progress
    path("measures/", measure_views.MeasureListView.as_view(), name="measure_list"),
    path("measures/new/", measure_views.MeasureCreateView.as_view(), name="measure_create"),
    path("measures/load/", measure_views.CatalogueLoadView.as_view(), name="measure_load"),
    path("measures/<int:pk>/", measure_views.MeasureDetailView.as_view(), name="measure_detail"),
    path("measures/<int:pk>/edit/", measure_views.MeasureEditView.as_view(), name="measure_edit"),
    path("measures/<int:pk>/active/", measure_views.MeasureActiveView.as_view(), name="measure_active"),
    path("measures/<int:pk>/history/", measure_views.MeasureHistoryView.as_view(), name="measure_history"),
    path("systems/<int:pk>/assessment/", measure_views.SystemAssessmentView.as_view(), name="assessment_system"),
    path(
        "systems/<int:pk>/assessment/<int:measure>/",
        measure_views.AssessmentRecordView.as_view(),
        name="assessment_record",
    ),
    path("actions/", measure_views.ActionListView.as_view(), name="action_list"),
    path("actions/<int:pk>/", measure_views.ActionDetailView.as_view(), name="action_detail"),
    path("actions/<int:pk>/edit/", measure_views.ActionEditView.as_view(), name="action_edit"),
    path("actions/<int:pk>/history/", measure_views.ActionHistoryView.as_view(), name="action_history"),
    path("progress/", measure_views.ProgressView.as_view(), name="progress"),
    path("quality/", measure_views.QualityView.as_view(), name="quality"),
]
