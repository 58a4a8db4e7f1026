from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.response import Response as HttpResponse

from styrbord.core.api import TenantViewSet
from styrbord.core.tenancy import access

from .. import results, services
from ..choices import MANAGERS, READERS
from ..models import Answer, Question, Response, SurveyRound
from .serializers import ResponseSerializer, SurveyRoundSerializer


def organisations_with(user, roles):
    user_access = access(user)
    return [org for org in user_access.organisation_ids if user_access.has_role(org, *roles)]


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
        questions = [
            {k: v for k, v in q.items() if k in ("kind", "text", "choices", "scale_min", "scale_max", "required")}
            for q in data.pop("questions", [])
        ]
        data.pop("nki", None)
        return services.create_round(
            acting_user=self.request.user,
            nki=self.request.data.get("nki", True) not in (False, "false", "0"),
            questions=questions,
            **data,
        )

    def update_object(self, instance, data):
        data.pop("nki", None)
        return services.update_round(instance, acting_user=self.request.user, **data)


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
        invitation = services.invitation_for(serializer.validated_data["token"])
        if invitation is None or invitation.person_id != request.user.pk:
            raise exceptions.ValidationError({"token": [_("This link is not a valid invitation of yours.")]})
        try:
            response = services.answer_round(
                invitation, acting_user=request.user, values=serializer.validated_data["values"]
            )
        except ValidationError as error:
            raise exceptions.ValidationError(
                error.message_dict if hasattr(error, "error_dict") else {"values": error.messages}
            ) from None
        return HttpResponse(self.get_serializer(response).data, status=status.HTTP_201_CREATED)
