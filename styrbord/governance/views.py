from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from styrbord.core.views import (
    HistoryView,
    ScopedDetailView,
    ScopedListView,
    ServiceFormView,
)

from . import exports, services
from . import log as decision_log
from .choices import EscalationStatus, StrategyStatus
from .forms import (
    AdoptForm,
    AgendaItemForm,
    ConfirmForm,
    DecisionForm,
    EscalationForm,
    FollowUpForm,
    ForumForm,
    LevelDecisionForm,
    LevelForm,
    LogFilterForm,
    MeetingEditForm,
    MeetingForm,
    MemberForm,
    ReviewForm,
    StrategyForm,
)
from .models import (
    Decision,
    DecisionLevel,
    Escalation,
    Forum,
    ForumMember,
    Meeting,
    StrategyDocument,
    mandate_period,
)

FORM_TEMPLATE = "governance/form.html"


class ActionView(ServiceFormView):
    """A form on one object (``model``, by pk) that needs ``permission`` on it; runs ``act``."""

    model = None
    permission = ""
    template_name = FORM_TEMPLATE
    title = ""
    button = gettext_lazy("Save")
    explanation = ""
    form_takes = ()  # "organisation", "forum", "meeting"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            queryset = self.model.objects.restrict(request.user)
            self.object = get_object_or_404(queryset, pk=kwargs["pk"])
            if not request.user.has_perm(self.permission, self.object):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "organisation" in self.form_takes:
            kwargs["organisation"] = self.object.organisation
        if "forum" in self.form_takes:
            kwargs["forum"] = self.object
        if "meeting" in self.form_takes:
            kwargs["meeting"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            title=self.title % {"name": self.object},
            button=self.button,
            explanation=self.explanation,
            **kwargs,
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


# --- Levels and forums ----------------------------------------------------------------------------


class LevelListView(LoginRequiredMixin, TemplateView):
    """The organisation's levels; only reads. Missing defaults are set up with LevelSetupView (a POST)."""

    template_name = "governance/level_list.html"

    def get_context_data(self, **kwargs):
        organisation = self.request.organisation
        levels = DecisionLevel.objects.in_organisation(organisation).prefetch_related("forums")
        missing = services.missing_levels(organisation) if organisation is not None else []
        return super().get_context_data(
            levels=levels,
            missing=missing,
            may_set_up=bool(missing) and self.request.user.has_perm("governance.change_decisionlevel", organisation),
            **kwargs,
        )


class LevelSetupView(LoginRequiredMixin, View):
    """The head of IT sets up the default levels (data/levels.yaml) that the organisation lacks."""

    def post(self, request):
        organisation = request.organisation
        if organisation is None or not request.user.has_perm("governance.change_decisionlevel", organisation):
            raise PermissionDenied
        missing = services.missing_levels(organisation)
        services.ensure_levels(organisation, acting_user=request.user)
        if missing:
            messages.success(request, _("The default decision levels are set up."))
        return redirect("governance:level_list")


class LevelEditView(ActionView):
    model = DecisionLevel
    permission = "governance.change_decisionlevel"
    form_class = LevelForm
    title = gettext_lazy("Rename %(name)s")

    def get_initial(self):
        return {"name": self.object.name, "description": self.object.description, "prefix": self.object.prefix}

    def perform(self, form):
        services.update_level(self.object, acting_user=self.request.user, **form.cleaned_data)
        return self.object


class ForumListView(ScopedListView):
    model = Forum
    template_name = "governance/forum_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("level", "system", "management_object")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            may_add=self.request.user.has_perm("governance.add_forum", self.request.organisation), **kwargs
        )


class ForumCreateView(ServiceFormView):
    template_name = FORM_TEMPLATE
    form_class = ForumForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("governance.add_forum", request.organisation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.request.organisation}

    def get_context_data(self, **kwargs):
        explanation = ""
        if not DecisionLevel.objects.in_organisation(self.request.organisation).exists():
            explanation = _("The organisation has no decision levels yet: set them up on the Decision levels page.")
        return super().get_context_data(title=_("New forum"), button=_("Create"), explanation=explanation, **kwargs)

    def perform(self, form):
        return services.create_forum(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )


class ForumDetailView(ScopedDetailView):
    model = Forum
    template_name = "governance/forum_detail.html"

    def get_context_data(self, **kwargs):
        forum = self.object
        user = self.request.user
        return super().get_context_data(
            members=forum.members.select_related("person"),
            meetings=forum.meetings.order_by("-date")[:20],
            received=forum.escalations_received.select_related("from_forum").order_by("-raised_on")[:20],
            may_change=user.has_perm("governance.change_forum", forum),
            may_add_meeting=user.has_perm("governance.add_meeting", forum),
            may_escalate=user.has_perm("governance.add_escalation", forum),
            **kwargs,
        )


class ForumEditView(ActionView):
    model = Forum
    permission = "governance.change_forum"
    form_class = ForumForm
    form_takes = ("organisation",)
    title = gettext_lazy("Edit %(name)s")

    def get_initial(self):
        f = self.object
        return {
            "level": f.level,
            "name": f.name,
            "description": f.description,
            "system": f.system,
            "management_object": f.management_object,
            "is_active": f.is_active,
        }

    def perform(self, form):
        return services.update_forum(self.object, acting_user=self.request.user, **form.cleaned_data)


class MemberAddView(ActionView):
    model = Forum
    permission = "governance.add_forummember"
    form_class = MemberForm
    form_takes = ("organisation",)
    title = gettext_lazy("Add a member to %(name)s")
    button = gettext_lazy("Add")

    def perform(self, form):
        services.add_forum_member(self.object, acting_user=self.request.user, **form.cleaned_data)
        return self.object


class MemberRemoveView(ActionView):
    model = ForumMember
    permission = "governance.delete_forummember"
    form_class = ConfirmForm
    title = gettext_lazy("Remove %(name)s")
    button = gettext_lazy("Remove")

    def perform(self, form):
        forum = self.object.forum
        services.remove_forum_member(self.object, acting_user=self.request.user)
        return forum


# --- Meetings -------------------------------------------------------------------------------------


class MeetingListView(ScopedListView):
    model = Meeting
    template_name = "governance/meeting_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("forum__level")


class MeetingCreateView(ActionView):
    model = Forum
    permission = "governance.add_meeting"
    form_class = MeetingForm
    title = gettext_lazy("New meeting of %(name)s")
    button = gettext_lazy("Create")

    def perform(self, form):
        return services.create_meeting(forum=self.object, acting_user=self.request.user, **form.cleaned_data)


class MeetingDetailView(ScopedDetailView):
    model = Meeting
    template_name = "governance/meeting_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("forum__level", "closed_by")

    def get_context_data(self, **kwargs):
        meeting = self.object
        user = self.request.user
        decisions = decision_log.decision_rows(meeting.decisions.all()).order_by("reference")
        return super().get_context_data(
            agenda=meeting.agenda.select_related("presenter").prefetch_related("escalations"),
            decisions=[decision_log.entry_for_decision(d) for d in decisions],
            raised=meeting.escalations_raised.select_related("to_forum"),
            may_change=user.has_perm("governance.change_meeting", meeting),
            may_decide=user.has_perm("governance.add_decision", meeting) and not meeting.is_closed,
            may_escalate=user.has_perm("governance.add_escalation", meeting.forum) and not meeting.is_closed,
            **kwargs,
        )


class MeetingEditView(ActionView):
    model = Meeting
    permission = "governance.change_meeting"
    form_class = MeetingEditForm
    title = gettext_lazy("Edit %(name)s")

    def get_initial(self):
        m = self.object
        return {"date": m.date, "place": m.place, "minutes": m.minutes, "status": m.status}

    def perform(self, form):
        return services.update_meeting(self.object, acting_user=self.request.user, **form.cleaned_data)


class MeetingCloseView(ActionView):
    model = Meeting
    permission = "governance.close_meeting"
    form_class = ConfirmForm
    title = gettext_lazy("Close %(name)s")
    button = gettext_lazy("Close the meeting")
    explanation = gettext_lazy(
        "Once closed, the minutes and the decisions stand as recorded: a later decision can amend or revoke one."
    )

    def perform(self, form):
        return services.close_meeting(self.object, acting_user=self.request.user)


class AgendaItemCreateView(ActionView):
    model = Meeting
    permission = "governance.add_agendaitem"
    form_class = AgendaItemForm
    form_takes = ("organisation",)
    title = gettext_lazy("Add to the agenda of %(name)s")
    button = gettext_lazy("Add")

    def perform(self, form):
        services.add_agenda_item(self.object, acting_user=self.request.user, **form.cleaned_data)
        return self.object


# --- Decisions ------------------------------------------------------------------------------------


def _decision_kwargs(data):
    data = dict(data)
    change, earlier = data.pop("change", ""), data.pop("earlier", None)
    if change:
        data[change] = earlier
    if not data.get("date"):
        data.pop("date", None)
    return data


class DecisionCreateView(ActionView):
    """Record a decision in a meeting."""

    model = Meeting
    permission = "governance.add_decision"
    form_class = DecisionForm
    form_takes = ("organisation", "meeting")
    title = gettext_lazy("Record a decision of %(name)s")
    button = gettext_lazy("Record")

    def get_initial(self):
        item = self.request.GET.get("item")
        return {"agenda_item": item} if item and item.isdigit() else {}

    def perform(self, form):
        return services.record_decision(
            meeting=self.object, acting_user=self.request.user, **_decision_kwargs(form.cleaned_data)
        )


class LevelDecisionCreateView(ServiceFormView):
    """Record a decision taken outside a meeting, at a level."""

    template_name = FORM_TEMPLATE
    form_class = LevelDecisionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.request.organisation}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Record a decision outside a meeting"),
            button=_("Record"),
            explanation=_("For decisions taken under delegation; decisions of a forum are recorded in its meeting."),
            **kwargs,
        )

    def perform(self, form):
        data = _decision_kwargs(form.cleaned_data)
        if not self.request.user.has_perm("governance.add_decision", data["level"]):
            raise PermissionDenied
        return services.record_decision(acting_user=self.request.user, **data)


class DecisionListView(LoginRequiredMixin, TemplateView):
    """The decision log across levels, with the system-management meetings' decisions (see log.py)."""

    template_name = "governance/decision_list.html"

    def get(self, request, *args, **kwargs):
        organisation = request.organisation
        today = timezone.localdate()
        first = 2022
        periods = list(range(mandate_period(today)[0].year, first - 1, -4))
        types = [(key, model._meta.verbose_name.capitalize()) for key, model in services.subject_types().items()]
        form = LogFilterForm(request.GET or None, organisation=organisation, periods=periods, subject_types=types)
        filters = decision_log.Filters()
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            filters = decision_log.Filters(
                q=data["q"],
                level=data["level"],
                forum=data["forum"].pk if data["forum"] else None,
                status=data["status"],
                period=int(data["period"]) if data["period"] else None,
                subject_type=data["subject_type"],
            )
        keys = decision_log.search(organisation, filters) if organisation else []
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            entries = decision_log.load_entries(organisation, keys)
            return exports.response(entries, export)
        paginator = Paginator(decision_log.LazyLog(organisation, keys), 50)
        page = paginator.get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        context = self.get_context_data(
            form=form,
            page_obj=page,
            paginator=paginator,
            object_list=page.object_list,
            is_paginated=paginator.num_pages > 1,
            query_without_page=query.urlencode(),
            may_record=any(
                request.user.has_perm("governance.add_decision", level)
                for level in DecisionLevel.objects.in_organisation(organisation)
            ),
        )
        return self.render_to_response(context)


class DecisionDetailView(ScopedDetailView):
    model = Decision
    template_name = "governance/decision_detail.html"

    def get_queryset(self):
        return decision_log.decision_rows(super().get_queryset())

    def get_context_data(self, **kwargs):
        decision = self.object
        user = self.request.user
        return super().get_context_data(
            entry=decision_log.entry_for_decision(decision),
            escalations=decision.escalations.select_related("from_forum"),
            may_change=user.has_perm("governance.change_decision", decision),
            may_follow_up=user.has_perm("governance.follow_up_decision", decision) and decision.status == "in_force",
            **kwargs,
        )


class DecisionEditView(ActionView):
    model = Decision
    permission = "governance.change_decision"
    form_class = DecisionForm
    title = gettext_lazy("Edit %(name)s")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organisation": self.object.organisation,
            "meeting": self.object.meeting,
            "editing": True,
        }

    def get_initial(self):
        d = self.object
        return {
            "title": d.title,
            "text": d.text,
            "rationale": d.rationale,
            "date": d.date,
            "decided_by": d.decided_by,
            "follow_up_date": d.follow_up_date,
            "agenda_item": d.agenda_item,
            "subjects": "\n".join(f"{s.type_key}:{s.object_id}" for s in d.subjects.all()),
        }

    def perform(self, form):
        data = dict(form.cleaned_data)
        if not data.get("date"):
            data.pop("date")
        return services.update_decision(self.object, acting_user=self.request.user, **data)


class DecisionFollowUpView(ActionView):
    model = Decision
    permission = "governance.follow_up_decision"
    form_class = FollowUpForm
    title = gettext_lazy("Follow up %(name)s")

    def perform(self, form):
        return services.follow_up_decision(self.object, acting_user=self.request.user, note=form.cleaned_data["note"])


class DecisionHistoryView(HistoryView):
    model = Decision


# --- Escalations ----------------------------------------------------------------------------------


class EscalationListView(ScopedListView):
    model = Escalation
    template_name = "governance/escalation_list.html"

    def get_queryset(self):
        rows = super().get_queryset().select_related("from_forum__level", "to_forum__level", "raised_by")
        status = self.request.GET.get("status")
        if status in EscalationStatus.values:
            rows = rows.filter(status=status)
        return rows

    def get_context_data(self, **kwargs):
        return super().get_context_data(statuses=EscalationStatus.choices, **kwargs)


class EscalationCreateView(ActionView):
    model = Forum
    permission = "governance.add_escalation"
    form_class = EscalationForm
    form_takes = ("forum",)
    title = gettext_lazy("Escalate a question from %(name)s")
    button = gettext_lazy("Escalate")
    explanation = gettext_lazy("The question goes on the agenda of the higher forum's next planned meeting.")

    def _from(self, name, model, **filters):
        value = self.request.GET.get(name) or self.request.POST.get(name)
        if not value or not str(value).isdigit():
            return None
        found = model.objects.restrict(self.request.user).filter(pk=value, **filters).first()
        if found is None:
            raise Http404
        return found

    def perform(self, form):
        return services.raise_escalation(
            acting_user=self.request.user,
            from_forum=self.object,
            from_meeting=self._from("meeting", Meeting, forum=self.object),
            parent=self._from("parent", Escalation, to_forum=self.object),
            **form.cleaned_data,
        )


class EscalationDetailView(ScopedDetailView):
    model = Escalation
    template_name = "governance/escalation_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("from_forum__level", "to_forum__level", "raised_by", "agenda_item__meeting", "decision")
        )

    def get_context_data(self, **kwargs):
        escalation = self.object
        user = self.request.user
        return super().get_context_data(
            path=escalation.full_path(),
            may_withdraw=user.has_perm("governance.change_escalation", escalation),
            may_escalate_further=escalation.status in (EscalationStatus.OPEN, EscalationStatus.ON_AGENDA)
            and user.has_perm("governance.add_escalation", escalation.to_forum)
            and Forum.objects.filter(
                organisation_id=escalation.organisation_id, level__rank__gt=escalation.to_forum.level.rank
            ).exists(),
            **kwargs,
        )


class EscalationWithdrawView(ActionView):
    model = Escalation
    permission = "governance.change_escalation"
    form_class = ConfirmForm
    title = gettext_lazy("Withdraw %(name)s")
    button = gettext_lazy("Withdraw")

    def perform(self, form):
        return services.withdraw_escalation(self.object, acting_user=self.request.user)


# --- Strategy -------------------------------------------------------------------------------------


class StrategyCurrentView(LoginRequiredMixin, TemplateView):
    """The strategy in force, readable by every member."""

    template_name = "governance/strategy_detail.html"

    def get_context_data(self, **kwargs):
        strategy = services.current_strategy(self.request.organisation) if self.request.organisation else None
        return super().get_context_data(**_strategy_context(self.request, strategy), current=True, **kwargs)


def _strategy_context(request, strategy):
    if strategy is None:
        return {"object": None}
    return {
        "object": strategy,
        "reviews": strategy.reviews.select_related("decision"),
        "review": services.review_state(strategy) if strategy.status == StrategyStatus.ADOPTED else None,
        "may_change": request.user.has_perm("governance.change_strategydocument", strategy),
        "may_review": request.user.has_perm("governance.review_strategydocument", strategy)
        and strategy.status == StrategyStatus.ADOPTED,
    }


class StrategyListView(ScopedListView):
    model = StrategyDocument
    template_name = "governance/strategy_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("adopting_decision")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            may_add=self.request.user.has_perm("governance.add_strategydocument", self.request.organisation),
            **kwargs,
        )


class StrategyDetailView(ScopedDetailView):
    model = StrategyDocument
    template_name = "governance/strategy_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_strategy_context(self.request, self.object))
        return context


class StrategyCreateView(ServiceFormView):
    template_name = FORM_TEMPLATE
    form_class = StrategyForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "governance.add_strategydocument", request.organisation
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        base = self.request.GET.get("from")
        if base and base.isdigit():
            found = StrategyDocument.objects.restrict(self.request.user).filter(pk=base).first()
            if found:
                return {"title": found.title, "text": found.text}
        return {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New strategy version"), button=_("Create"), **kwargs)

    def perform(self, form):
        return services.create_strategy(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )


class StrategyEditView(ActionView):
    model = StrategyDocument
    permission = "governance.change_strategydocument"
    form_class = StrategyForm
    title = gettext_lazy("Edit %(name)s")

    def get_initial(self):
        return {"title": self.object.title, "version": self.object.version, "text": self.object.text}

    def perform(self, form):
        return services.update_strategy(self.object, acting_user=self.request.user, **form.cleaned_data)


class StrategyAdoptView(ActionView):
    model = StrategyDocument
    permission = "governance.change_strategydocument"
    form_class = AdoptForm
    form_takes = ("organisation",)
    title = gettext_lazy("Adopt %(name)s")
    button = gettext_lazy("Adopt")

    def perform(self, form):
        data = form.cleaned_data
        return services.adopt_strategy(
            self.object, acting_user=self.request.user, adopted_on=data["adopted_on"], decision=data["decision"]
        )


class StrategyReviewView(ActionView):
    model = StrategyDocument
    permission = "governance.review_strategydocument"
    form_class = ReviewForm
    form_takes = ("organisation",)
    title = gettext_lazy("Record a review of %(name)s")
    button = gettext_lazy("Record")

    def perform(self, form):
        services.record_review(self.object, acting_user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The review is recorded."))
        return self.object
