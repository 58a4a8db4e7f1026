from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from styrbord.core.api import TenantViewSet
from styrbord.core.search import is_postgres

from .. import services
from ..filtersets import ArticleFilterSet, CourseFilterSet
from ..models import Article, Course, CourseSession, Enrolment
from .serializers import (
    ArticleSerializer,
    AttendanceSerializer,
    CourseSerializer,
    EnrolmentSerializer,
    EnrolSerializer,
)


class RankedSearchMixin:
    """With ``q`` on PostgreSQL the best match comes first, unless ``ordering`` asks otherwise."""

    @property
    def ordering(self):
        request = getattr(self, "request", None)
        if is_postgres() and request is not None and request.query_params.get("q"):
            return None
        return ["title"]


class ArticleViewSet(RankedSearchMixin, TenantViewSet, mixins.DestroyModelMixin):
    """Instructions, training material and guides. `q` searches title, summary and text (Swedish
    full-text search on PostgreSQL, best match first). Only a draft can be deleted; archive the rest."""

    model = Article
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilterSet
    ordering_fields = ["title", "updated_at", "review_by"]
    select_related = ("owner",)
    prefetch_related = ("systems", "services", "attachments")

    def create_object(self, data):
        return services.create_article(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_article(instance, acting_user=self.request.user, **data)

    def delete_object(self, instance):
        services.delete_article(instance, acting_user=self.request.user)


class CourseViewSet(RankedSearchMixin, TenantViewSet):
    """Courses with their sessions. Enrol with POST `enrol/`, cancel with POST `cancel/`; those who
    run the course read `participants/` and record `attendance/`."""

    model = Course
    object_permission_action = None  # set per action: the permission a POST on one course needs
    serializer_class = CourseSerializer
    filterset_class = CourseFilterSet
    ordering_fields = ["title", "updated_at"]
    select_related = ("owner",)

    def get_queryset(self):
        sessions = CourseSession.objects.prefetch_related("enrolments").order_by("starts_at")
        return (
            super()
            .get_queryset()
            .prefetch_related("systems", "services", "articles", Prefetch("sessions", queryset=sessions))
        )

    def create_object(self, data):
        return services.create_course(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_course(instance, acting_user=self.request.user, **data)

    def _enrolment_for(self, course, data):
        serializer = EnrolSerializer(data=data, course=course, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(request=EnrolSerializer, responses={201: EnrolmentSerializer})
    @action(detail=True, methods=["post"], object_permission_action="view")
    def enrol(self, request, pk=None):
        """Enrol in a session (yourself, or someone else if you run the course).

        A full session puts the person on its waiting list."""
        course = self.get_object()
        data = self._enrolment_for(course, request.data)
        enrolment = services.enrol(data["session"], acting_user=request.user, person=data.get("person"))
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EnrolSerializer, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"], object_permission_action="view")
    def cancel(self, request, pk=None):
        """Cancel an enrolment in a session before it starts; the first on the waiting list gets the place."""
        course = self.get_object()
        data = self._enrolment_for(course, request.data)
        enrolment = services.cancel_place(data["session"], acting_user=request.user, person=data.get("person"))
        return Response(EnrolmentSerializer(enrolment).data)

    @extend_schema(request=None, responses=EnrolmentSerializer(many=True))
    @action(
        detail=True, methods=["get"], object_permission_action="manage", pagination_class=None, filterset_class=None
    )
    def participants(self, request, pk=None):
        """Every enrolment on the course's sessions, for those who run it."""
        course = self.get_object()
        enrolments = Enrolment.objects.filter(session__course=course).order_by("session__starts_at", "queued_at", "pk")
        return Response(EnrolmentSerializer(enrolments, many=True).data)

    @extend_schema(request=AttendanceSerializer, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"], object_permission_action="manage")
    def attendance(self, request, pk=None):
        """Record whether an enrolled participant attended a session that has started."""
        course = self.get_object()
        serializer = AttendanceSerializer(data=request.data, course=course)
        serializer.is_valid(raise_exception=True)
        enrolment = services.mark_attendance(
            serializer.validated_data["enrolment"],
            acting_user=request.user,
            attended=serializer.validated_data["attended"],
        )
        return Response(EnrolmentSerializer(enrolment).data)
