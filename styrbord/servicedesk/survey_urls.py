"""The survey link that works without logging in; included at the project level under ``survey/``."""

from django.urls import path

from . import survey

app_name = "survey"
urlpatterns = [
    path("<str:token>/", survey.answer, name="answer"),
]
