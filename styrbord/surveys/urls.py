from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.RoundListView.as_view(), name="round_list"),
    path("new/", views.RoundCreateView.as_view(), name="round_create"),
    path("<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("<int:pk>/edit/", views.RoundEditView.as_view(), name="round_edit"),
    path("<int:pk>/questions/new/", views.QuestionCreateView.as_view(), name="question_create"),
    path("questions/<int:pk>/edit/", views.QuestionEditView.as_view(), name="question_edit"),
    path("questions/<int:pk>/move/", views.QuestionMoveView.as_view(), name="question_move"),
    path("questions/<int:pk>/delete/", views.QuestionDeleteView.as_view(), name="question_delete"),
    path("<int:pk>/open/", views.RoundOpenView.as_view(), name="round_open"),
    path("<int:pk>/close/", views.RoundCloseView.as_view(), name="round_close"),
    path("answer/<str:token>/", views.answer, name="answer"),
]
