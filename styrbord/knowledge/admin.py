from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Article, ArticleAttachment, Course, CourseSession, Enrolment


class AttachmentInline(admin.TabularInline):
    model = ArticleAttachment
    extra = 0
    fields = ["name", "content_type", "size", "uploaded_by"]
    readonly_fields = fields


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "kind", "audience", "status", "owner", "review_by", "version"]
    list_filter = ["organisation", "kind", "audience", "status"]
    search_fields = ["title", "summary", "body"]
    filter_horizontal = ["systems", "services"]
    inlines = [AttachmentInline]


class SessionInline(admin.TabularInline):
    model = CourseSession
    extra = 0


@admin.register(Course)
class CourseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "audience", "status", "owner"]
    list_filter = ["organisation", "status"]
    search_fields = ["title", "description"]
    filter_horizontal = ["systems", "services", "articles"]
    inlines = [SessionInline]


@admin.register(Enrolment)
class EnrolmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "session", "status", "attended", "queued_at", "reminded_at"]
    list_filter = ["status", "session__course__organisation"]
    search_fields = ["person__username", "person__last_name", "session__course__title"]
