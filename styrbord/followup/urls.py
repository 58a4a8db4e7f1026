from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="report_list"),
    path("reports/new/", views.ReportCreateView.as_view(), name="report_create"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/assessment/<slug:part>/", views.AssessmentView.as_view(), name="report_assessment"),
    path("reports/<int:pk>/freeze/", views.FreezeView.as_view(), name="report_freeze"),
    path("reports/<int:pk>/pdf/", views.ReportDownloadView.as_view(kind="pdf"), name="report_pdf"),
    path("reports/<int:pk>/xlsx/", views.ReportDownloadView.as_view(kind="xlsx"), name="report_xlsx"),
    path("tickets/<int:pk>/outages/new/", views.OutageCreateView.as_view(), name="outage_create"),
    path("outages/<int:pk>/edit/", views.OutageEditView.as_view(), name="outage_edit"),
]
