import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrbord.catalog.models import Service
from styrbord.core.filters import ScopedModelChoiceFilter
from styrbord.core.search import full_text
from styrbord.systems.models import System

from .choices import ArticleKind, Audience, Status
from .models import Article, Course

# Title hits rank above summary hits, and those above hits in the text.
ARTICLE_SEARCH = {"title": "A", "summary": "B", "body": "C"}
COURSE_SEARCH = {"title": "A", "description": "C"}


class MaterialFilterSet(django_filters.FilterSet):
    system = ScopedModelChoiceFilter(model=System, field_name="systems", label=_("System"))
    service = ScopedModelChoiceFilter(model=Service, field_name="services", label=_("Service"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("Status"))
    audience = django_filters.ChoiceFilter(choices=Audience.choices, label=_("Audience"))
    q = django_filters.CharFilter(method="search", label=_("Search"))
    search_fields = {}

    def search(self, queryset, name, value):
        return full_text(queryset, value, list(self.search_fields), weights=self.search_fields)


class ArticleFilterSet(MaterialFilterSet):
    kind = django_filters.ChoiceFilter(choices=ArticleKind.choices, label=_("Kind"))
    review = django_filters.ChoiceFilter(
        choices=[("overdue", _("Past the review date"))], method="filter_review", label=_("Review")
    )
    search_fields = ARTICLE_SEARCH

    def filter_review(self, queryset, name, value):
        return queryset.filter(status=Status.PUBLISHED, review_by__lt=timezone.localdate())

    class Meta:
        model = Article
        fields = ["organisation", "owner"]


class CourseFilterSet(MaterialFilterSet):
    search_fields = COURSE_SEARCH

    class Meta:
        model = Course
        fields = ["organisation"]
