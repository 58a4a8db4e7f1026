from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article_list"),
    path("mine/", views.MyMaterialView.as_view(), name="my_material"),
    path("articles/new/", views.ArticleCreateView.as_view(), name="article_create"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("articles/<int:pk>/edit/", views.ArticleEditView.as_view(), name="article_edit"),
    path("articles/<int:pk>/history/", views.ArticleHistoryView.as_view(), name="article_history"),
    path("articles/<int:pk>/delete/", views.ArticleDeleteView.as_view(), name="article_delete"),
    path("articles/<int:pk>/files/", views.AttachmentCreateView.as_view(), name="attachment_create"),
    path("files/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("files/<int:pk>/delete/", views.AttachmentDeleteView.as_view(), name="attachment_delete"),
    path("courses/", views.CourseListView.as_view(), name="course_list"),
    path("courses/new/", views.CourseCreateView.as_view(), name="course_create"),
    path("courses/<int:pk>/", views.CourseDetailView.as_view(), name="course_detail"),
    path("courses/<int:pk>/edit/", views.CourseEditView.as_view(), name="course_edit"),
    path("courses/<int:pk>/history/", views.CourseHistoryView.as_view(), name="course_history"),
    path("courses/<int:pk>/sessions/new/", views.SessionCreateView.as_view(), name="session_create"),
    path("courses/<int:pk>/enrol/", views.EnrolView.as_view(), name="enrol"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:pk>/edit/", views.SessionEditView.as_view(), name="session_edit"),
    path("enrolments/<int:pk>/cancel/", views.CancelEnrolmentView.as_view(), name="enrolment_cancel"),
    path("enrolments/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
]
