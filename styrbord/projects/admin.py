from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DigitalisationPlan, Prioritisation, Project


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "kind", "stage"]
    list_filter = ["organisation", "stage", "kind"]
    search_fields = ["title"]


@admin.register(Prioritisation)
class PrioritisationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "status"]


@admin.register(DigitalisationPlan)
class DigitalisationPlanAdmin(SimpleHistoryAdmin):
    list_display = ["department", "organisation", "first_year", "last_year"]
