from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from styrbord.catalog.models import Service
from styrbord.core.api import TenantSerializer
from styrbord.infra.api.serializers import OrganisationFixedMixin
from styrbord.organisations.models import User
from styrbord.systems.models import System

from ..models import Article, ArticleAttachment, Course, CourseSession, Enrolment
from ..render import render
from ..services import ARTICLE_FIELDS, COURSE_FIELDS


class PeopleInOrganisationMixin:
    """The owner (a person) is chosen among the people the requesting user may see."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if "owner" in fields and request is not None:
            fields["owner"].queryset = User.objects.restrict(request.user)
        return fields


class ArticleAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Download address (a page, not the API).")

    class Meta:
        model = ArticleAttachment
        fields = ["id", "name", "content_type", "size", "created_at", "url"]

    def get_url(self, attachment) -> str:
        return attachment.get_absolute_url()


class ArticleSerializer(PeopleInOrganisationMixin, OrganisationFixedMixin, TenantSerializer):
    systems = serializers.PrimaryKeyRelatedField(
        many=True, queryset=System.objects.all(), required=False, help_text="Systems the article is about."
    )
    services = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Service.objects.all(), required=False, help_text="Catalogue services it is about."
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, help_text="Keeps the article up to date; default: you."
    )
    body_html = serializers.SerializerMethodField(help_text="The text rendered as safe HTML.")
    review_overdue = serializers.BooleanField(read_only=True, help_text="Published and past its review date.")
    attachments = ArticleAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "organisation",
            *ARTICLE_FIELDS,
            "systems",
            "services",
            "version",
            "published_at",
            "review_overdue",
            "body_html",
            "attachments",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "published_at", "created_at", "updated_at"]
        validators = []

    @extend_schema_field(OpenApiTypes.STR)
    def get_body_html(self, article):
        return str(render(article.body))


class CourseSessionSerializer(serializers.ModelSerializer):
    taken = serializers.SerializerMethodField(help_text="Places taken.")
    waiting = serializers.SerializerMethodField(help_text="People on the waiting list.")

    class Meta:
        model = CourseSession
        fields = [
            "id",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "capacity",
            "note",
            "is_cancelled",
            "taken",
            "waiting",
        ]

    def _count(self, session, status) -> int:
        return sum(1 for enrolment in session.enrolments.all() if enrolment.status == status)

    def get_taken(self, session) -> int:
        return self._count(session, "enrolled")

    def get_waiting(self, session) -> int:
        return self._count(session, "waiting")


class CourseSerializer(PeopleInOrganisationMixin, OrganisationFixedMixin, TenantSerializer):
    systems = serializers.PrimaryKeyRelatedField(
        many=True, queryset=System.objects.all(), required=False, help_text="Systems the course is about."
    )
    services = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Service.objects.all(), required=False, help_text="Catalogue services it is about."
    )
    articles = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Article.objects.all(), required=False, help_text="Articles used as course material."
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, help_text="Runs the course; default: you."
    )
    sessions = CourseSessionSerializer(many=True, read_only=True)

    class Meta:
        model = Course
        fields = [
            "id",
            "organisation",
            *COURSE_FIELDS,
            "systems",
            "services",
            "articles",
            "sessions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []


class EnrolSerializer(serializers.Serializer):
    session = serializers.PrimaryKeyRelatedField(
        queryset=CourseSession.objects.all(), help_text="A session of the course."
    )
    person = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, help_text="Whom to enrol (those who run the course); default: you."
    )

    def __init__(self, *args, course=None, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if course is not None:
            self.fields["session"].queryset = course.sessions.all()
        if request is not None:
            self.fields["person"].queryset = User.objects.restrict(request.user)


class EnrolmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Enrolment
        fields = ["id", "session", "person", "status", "queued_at", "attended"]
        read_only_fields = fields


class AttendanceSerializer(serializers.Serializer):
    enrolment = serializers.PrimaryKeyRelatedField(
        queryset=Enrolment.objects.all(), help_text="An enrolment on the course."
    )
    attended = serializers.BooleanField()

    def __init__(self, *args, course=None, **kwargs):
        super().__init__(*args, **kwargs)
        if course is not None:
            self.fields["enrolment"].queryset = Enrolment.objects.filter(session__course=course)
