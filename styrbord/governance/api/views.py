from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from styrbord.core.api import TenantViewSet
from styrbord.core.api_base import perm_name

from .. import services
from ..models import AgendaItem, Decision, DecisionLevel, Escalation, Forum, ForumMember, Meeting, StrategyDocument
from .serializers import (
    DecisionFollowUpSerializer,
    DecisionLevelSerializer,
    DefaultLevelsSerializer,
    EscalationSerializer,
    ForumMeetingSerializer,
    ForumMembershipSerializer,
    ForumSerializer,
    GovernanceDecisionSerializer,
    MeetingAgendaItemSerializer,
    StrategyAdoptSerializer,
    StrategyDocumentSerializer,
    StrategyReviewInputSerializer,
)


class ReadUpdateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """TenantViewSet's reading and updating, without create."""

    get_queryset = TenantViewSet.get_queryset
    perform_update = TenantViewSet.perform_update
    select_related = ()
    prefetch_related = ()


class DecisionLevelViewSet(ReadUpdateViewSet):
    """The organisation's decision levels (strategic, tactical, operational, system management). The head of
    IT renames them. POST .../defaults/ with ``organisation`` sets up the defaults of the product's data file
    that the organisation lacks (existing levels are left as they are); reading never creates levels."""

    model = DecisionLevel
    serializer_class = DecisionLevelSerializer
    filterset_fields = ["organisation", "key"]

    def update_object(self, instance, data):
        return services.update_level(instance, acting_user=self.request.user, **data)

    @extend_schema(request=DefaultLevelsSerializer, responses=DecisionLevelSerializer(many=True))
    @action(detail=False, methods=["post"])
    def defaults(self, request):
        payload = DefaultLevelsSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        organisation = payload.validated_data["organisation"]
        if not request.user.has_perm("governance.change_decisionlevel", organisation):
            raise exceptions.PermissionDenied()
        services.ensure_levels(organisation, acting_user=request.user)
        levels = self.get_queryset().filter(organisation=organisation)
        return Response(DecisionLevelSerializer(levels, many=True, context=self.get_serializer_context()).data)


class ForumViewSet(TenantViewSet):
    """Forums that decide at a level, with their members (kept at /api/governance/forum-members/)."""

    model = Forum
    serializer_class = ForumSerializer
    filterset_fields = ["organisation", "level", "is_active", "system", "management_object"]
    select_related = ("level",)
    prefetch_related = ("members",)

    def create_object(self, data):
        return services.create_forum(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_forum(instance, acting_user=self.request.user, **data)


class ForumMemberViewSet(TenantViewSet, mixins.DestroyModelMixin):
    """The members of forums and their role (chair, secretary, member); the head of IT adds, changes the role
    and removes. The person must be a member of the forum's organisation and is listed once per forum."""

    model = ForumMember
    serializer_class = ForumMembershipSerializer
    filterset_fields = ["forum", "person", "role"]
    select_related = ("forum",)

    def organisation_for_create(self, data):
        return data["forum"]

    def create_object(self, data):
        return services.add_forum_member(data.pop("forum"), acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_forum_member(instance, acting_user=self.request.user, **data)

    def delete_object(self, instance):
        services.remove_forum_member(instance, acting_user=self.request.user)


class AgendaItemViewSet(TenantViewSet):
    """Agenda items of meetings, kept by those who record for the meeting's forum until the meeting is closed.
    Items put there by an escalation or a prioritisation carry that ``source``."""

    model = AgendaItem
    serializer_class = MeetingAgendaItemSerializer
    filterset_fields = ["meeting", "source"]
    select_related = ("meeting__forum__level",)

    def organisation_for_create(self, data):
        return data["meeting"]

    def create_object(self, data):
        return services.add_agenda_item(data.pop("meeting"), acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_agenda_item(instance, acting_user=self.request.user, **data)


class MeetingViewSet(TenantViewSet):
    """Meetings of forums. POST .../close/ settles the minutes: the meeting and its decisions then stand."""

    model = Meeting
    serializer_class = ForumMeetingSerializer
    filterset_fields = ["forum", "status", "date"]
    select_related = ("forum",)
    prefetch_related = ("agenda",)

    def organisation_for_create(self, data):
        return data["forum"]

    def create_object(self, data):
        return services.create_meeting(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_meeting(instance, acting_user=self.request.user, **data)

    @extend_schema(request=None, responses=ForumMeetingSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        meeting = self.get_object_for("close")
        meeting = services.close_meeting(meeting, acting_user=request.user)
        return Response(ForumMeetingSerializer(meeting, context=self.get_serializer_context()).data)

    def get_object_for(self, action_name):
        obj = self.get_object()
        if not self.request.user.has_perm(perm_name(self.model, action_name), obj):
            raise exceptions.PermissionDenied()
        return obj

    def get_permissions(self):
        if self.action == "close":
            self.object_permission_action = "view"  # the action checks close_meeting itself
        return super().get_permissions()


class DecisionViewSet(TenantViewSet):
    """The decisions of every level. Create one with ``meeting`` (forum and level follow), or ``forum`` or
    ``level`` for a decision outside a meeting; ``subjects`` lists what it concerns as
    ``{"type": "systems.system", "id": 12}``. A decision of a closed meeting is not edited: record a new
    one with ``amends`` or ``revokes``. System-management meeting decisions stay in /api/systems/decisions/."""

    model = Decision
    serializer_class = GovernanceDecisionSerializer
    filterset_fields = ["level", "forum", "meeting", "status", "date"]
    select_related = ("level", "forum", "meeting")
    prefetch_related = ("subjects__content_type", "amended_by", "revoked_by")

    def organisation_for_create(self, data):
        return data.get("meeting") or data.get("forum") or data.get("level")

    def _subjects(self, organisation, items):
        found = []
        for index, item in enumerate(items or []):
            try:
                found.append(services.resolve_subject(organisation, item["type"], item["id"]))
            except ValidationError as error:
                raise ValidationError({"subjects": [f"{index}: {m}" for m in error.message_dict["subjects"]]}) from None
        return found

    def create_object(self, data):
        parent = self.organisation_for_create(data)
        if parent is None:
            raise ValidationError({"level": _("Give the meeting, the forum or the level of the decision.")})
        data["subjects"] = self._subjects(parent.organisation, data.get("subjects"))
        return services.record_decision(acting_user=self.request.user, **data)

    def perform_create(self, serializer):
        parent = self.organisation_for_create(serializer.validated_data)
        if parent is not None and not self.request.user.has_perm("governance.add_decision", parent):
            raise exceptions.PermissionDenied()
        serializer.instance = self.create_object(dict(serializer.validated_data))

    def update_object(self, instance, data):
        if "subjects" in data:
            data["subjects"] = self._subjects(instance.organisation, data["subjects"])
        return services.update_decision(instance, acting_user=self.request.user, **data)

    def get_permissions(self):
        if self.action in ("partial_update", "update"):
            # A locked decision answers 400 naming the fields (the service's rule), not 403.
            self.object_permission_action = "follow_up"
        if self.action == "follow_up":
            self.object_permission_action = "follow_up"
        return super().get_permissions()

    @extend_schema(request=DecisionFollowUpSerializer, responses=GovernanceDecisionSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        decision = self.get_object()
        payload = DecisionFollowUpSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        decision = services.follow_up_decision(decision, acting_user=request.user, note=payload.validated_data["note"])
        return Response(GovernanceDecisionSerializer(decision, context=self.get_serializer_context()).data)


class EscalationViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Questions escalated from a forum to a forum at a higher level; ``path`` lists the chain of steps.
    A new escalation goes on the higher forum's next planned meeting's agenda. POST .../withdraw/ withdraws."""

    model = Escalation
    serializer_class = EscalationSerializer
    filterset_fields = ["from_forum", "to_forum", "status"]
    get_queryset = TenantViewSet.get_queryset
    select_related = ("from_forum", "to_forum", "parent")
    prefetch_related = ()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        if not self.request.user.has_perm("governance.add_escalation", data["from_forum"]):
            raise exceptions.PermissionDenied()
        serializer.instance = services.raise_escalation(acting_user=self.request.user, **data)

    def get_permissions(self):
        if self.action == "withdraw":
            self.object_permission_action = "change"
        return super().get_permissions()

    @extend_schema(request=None, responses=EscalationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        escalation = services.withdraw_escalation(self.get_object(), acting_user=request.user)
        return Response(EscalationSerializer(escalation, context=self.get_serializer_context()).data)


class StrategyDocumentViewSet(TenantViewSet):
    """Versions of the IT strategy. A draft is edited, then adopted (POST .../adopt/); the one adopted
    before it is superseded. Each adopted strategy is reviewed at least once per mandate period
    (POST .../review/); ``review_due`` tells whether that is still missing in the current period."""

    model = StrategyDocument
    serializer_class = StrategyDocumentSerializer
    filterset_fields = ["organisation", "status"]
    prefetch_related = ("reviews",)

    def create_object(self, data):
        return services.create_strategy(acting_user=self.request.user, **data)

    def update_object(self, instance, data):
        return services.update_strategy(instance, acting_user=self.request.user, **data)

    def get_permissions(self):
        if self.action == "adopt":
            self.object_permission_action = "change"
        if self.action == "review":
            self.object_permission_action = "review"
        return super().get_permissions()

    @extend_schema(request=StrategyAdoptSerializer, responses=StrategyDocumentSerializer)
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        strategy = self.get_object()
        payload = StrategyAdoptSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        strategy = services.adopt_strategy(
            strategy, acting_user=request.user, adopted_on=data["adopted_on"], decision=data.get("decision")
        )
        return Response(StrategyDocumentSerializer(strategy, context=self.get_serializer_context()).data)

    @extend_schema(request=StrategyReviewInputSerializer, responses=StrategyDocumentSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        strategy = self.get_object()
        payload = StrategyReviewInputSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        services.record_review(strategy, acting_user=request.user, **payload.validated_data)
        strategy = self.get_queryset().get(pk=strategy.pk)
        return Response(StrategyDocumentSerializer(strategy, context=self.get_serializer_context()).data, status=201)
