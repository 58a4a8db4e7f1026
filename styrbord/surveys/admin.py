from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Question, SurveyRound


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(SurveyRound)
class SurveyRoundAdmin(SimpleHistoryAdmin):
    list_display = ("title", "organisation", "status", "opens_on", "closes_on", "anonymous")
    list_filter = ("status", "anonymous")
    inlines = [QuestionInline]
