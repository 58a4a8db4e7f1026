from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response as HttpResponse

from styrbord.core.api import TenantViewSet

from .. import results, services
from ..choices import MANAGERS, READERS
from ..models import Answer, Question, Response, SurveyRound
from ..rules import organisations_with
from .serializers import QuestionDetailSerializer, ResponseSerializer, SurveyRoundSerializer


@extend_schema_view(
    list=extend_schema(description="Survey rounds (head of IT, support lead, management group)."),
    retrieve=extend_schema(description="A round with its questions and results."),
    create=extend_schema(description="Create a draft round (head of IT, support lead)."),
    partial_update=extend_schema(description="Change a round: every field while a draft, fewer once open."),
)
class SurveyRoundViewSet(TenantViewSet):
    model = SurveyRound
    serializer_class = SurveyRoundSerializer
    select_related = ("organisation",)
    prefetch_related = (Prefetch("questions", queryset=Question.objects.order_by("order", "pk")),)
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["organisation", "status", "anonymous"]
    ordering = ["-opens_on"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.user.is_superuser:
            return queryset
        return queryset.filter(organisation__in=organisations_with(self.request.user, READERS))

    def retrieve(self, request, *args, **kwargs):
        survey = self.get_object()
        figures = results.figures(SurveyRound.objects.filter(pk=survey.pk), survey.organisation_id)
        serializer = self.get_serializer(survey, context={**self.get_serializer_context(), "results": figures})
        return HttpResponse(serializer.data)

    def create_object(self, data):
        questions = [dict(question) for question in data.pop("questions", [])]
        return services.create_round(
            acting_user=self.request.user, nki=data.pop("nki", True), questions=questions, **data
        )

    def update_object(self, instance, data):
        data.pop("nki", None)
        return services.update_round(instance, acting_user=self.request.user, **data)


@extend_schema_view(
    list=extend_schema(description="The questions of the rounds (head of IT, support lead, management group)."),
    create=extend_schema(description="Add a question to a draft round (head of IT, support lead)."),
    partial_update=extend_schema(
        description="Edit or move (`order`) a question while its round is a draft; NKI questions only move."
    ),
    destroy=extend_schema(description="Remove a question while its round is a draft."),
)
class QuestionViewSet(TenantViewSet, mixins.DestroyModelMixin):
    model = Question
    serializer_class = QuestionDetailSerializer
    select_related = ("round",)
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filterset_fields = ["round", "kind"]
    ordering = ["round", "order", "pk"]

    def get_queryset(self):
        queryset = super().get_queryset().order_by("round", "order", "pk")
        if self.request.user.is_superuser:
            return queryset
        return queryset.filter(round__organisation__in=organisations_with(self.request.user, READERS))

    def organisation_for_create(self, data):
        return data["round"].organisation

    def create_object(self, data):
        return services.add_question(data.pop("round"), acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        data.pop("round", None)
        return services.update_question(instance, acting_user=self.request.user, **data)

    def delete_object(self, instance):
        services.remove_question(instance, acting_user=self.request.user)


@extend_schema_view(
    list=extend_schema(description="The answers of the rounds (head of IT, support lead); never who gave them."),
    create=extend_schema(
        description="Answer a round as the invited person: `token` from the invitation link and `values`."
    ),
)
class ResponseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    model = Response
    serializer_class = ResponseSerializer
    filterset_fields = ["round", "department"]

    def get_queryset(self):
        queryset = Response.objects.restrict(self.request.user).prefetch_related(
            Prefetch("answers", queryset=Answer.objects.order_by("question__order", "pk"))
        )
        if self.request.user.is_superuser:
            return queryset
        return queryset.filter(round__organisation__in=organisations_with(self.request.user, MANAGERS))

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        response = services.answer_by_token(
            serializer.validated_data["token"], acting_user=request.user, values=serializer.validated_data["values"]
        )
        return HttpResponse(self.get_serializer(response).data, status=status.HTTP_201_CREATED)
