from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from styrbord.core.api import TenantSerializer
from styrbord.organisations.models import Organisation

from ..models import Answer, Question, Response, SurveyRound
from ..services import ROUND_FIELDS


class QuestionSerializer(serializers.ModelSerializer):
    text = serializers.CharField(max_length=500)

    class Meta:
        model = Question
        fields = ["id", "order", "kind", "text", "choices", "scale_min", "scale_max", "required"]
        read_only_fields = ["id", "order"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["text"] = instance.display_text
        return data


class QuestionDetailSerializer(TenantSerializer):
    """A question of a round. Added, edited (``order`` moves it: 1 = first) and deleted only while
    the round is a draft; the satisfaction-index (NKI) questions can only be moved or deleted."""

    text = serializers.CharField(max_length=500)
    order = serializers.IntegerField(
        min_value=1, required=False, help_text="Position in the round, 1 = first; default on create: last."
    )

    class Meta:
        model = Question
        fields = ["id", "round", "order", "kind", "text", "choices", "scale_min", "scale_max", "required"]
        read_only_fields = ["id"]

    def validate(self, attrs):
        if self.instance is not None and "round" in attrs and attrs["round"] != self.instance.round:
            raise serializers.ValidationError({"round": [_("A question cannot move to another round.")]})
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["text"] = instance.display_text
        return data


class SurveyRoundSerializer(TenantSerializer):
    """A survey round with its questions; retrieving one adds ``results`` (NKI, spread, response rate,
    per department). Creating one adds the NKI question set unless ``nki`` is false, then ``questions``."""

    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    questions = QuestionSerializer(many=True, required=False)
    nki = serializers.BooleanField(write_only=True, default=True, help_text="Add the three NKI questions.")
    results = serializers.SerializerMethodField()

    class Meta:
        model = SurveyRound
        fields = [
            "id",
            "organisation",
            *ROUND_FIELDS,
            "status",
            "opened_at",
            "closed_at",
            "nki",
            "questions",
            "results",
        ]
        read_only_fields = ["status", "opened_at", "closed_at"]

    def validate(self, attrs):
        if self.instance is not None and ("questions" in attrs or "organisation" in attrs):
            if "questions" in attrs:
                message = _("Change the questions one by one at /api/followup/questions/ (while the round is a draft).")
                raise serializers.ValidationError({"questions": [message]})
            raise serializers.ValidationError({"organisation": [_("This field cannot be changed here.")]})
        return attrs

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_results(self, survey):
        results = self.context.get("results")
        return None if results is None else results.get(survey.pk)


class AnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Answer
        fields = ["question", "number", "choice", "text"]


class ResponseSerializer(serializers.ModelSerializer):
    """An anonymous-safe response: the round, the department (when shown), the day and the answers."""

    answers = AnswerSerializer(many=True, read_only=True)
    token = serializers.CharField(write_only=True, help_text="The token of the invitation link.")
    values = serializers.DictField(
        child=serializers.JSONField(),
        write_only=True,
        help_text="The answers: {question id: value} (a number for scales, an option, or text).",
    )

    class Meta:
        model = Response
        fields = ["id", "round", "department", "submitted_on", "answers", "token", "values"]
        read_only_fields = ["id", "round", "department", "submitted_on"]
