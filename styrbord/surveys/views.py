"""The surveys' pages: rounds (list, create, edit, questions, open, close), results and answering."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from styrbord.core.views import (
    CreateInOrganisationView,
    ScopedDetailView,
    ScopedListView,
    ScopedObjectFormView,
    add_service_errors,
)

from . import results, services
from .choices import MIN_GROUP
from .forms import QuestionForm, QuestionMoveForm, RoundForm, answer_form
from .models import Question, SurveyRound
from .rules import readable_departments

FORM_TEMPLATE = "organisations/form.html"


class RoundListView(ScopedListView):
    model = SurveyRound
    template_name = "surveys/round_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "surveys.list_surveyround", request.organisation
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        rounds = context["object_list"]
        departments = readable_departments(self.request.user, organisation)
        figures = results.figures(
            SurveyRound.objects.filter(pk__in=[r.pk for r in rounds]), organisation.pk, departments, False
        )
        context["rows"] = [(r, figures.get(r.pk)) for r in rounds]
        context["may_add"] = self.request.user.has_perm("surveys.add_surveyround", organisation)
        return context


class RoundDetailView(ScopedDetailView):
    model = SurveyRound
    template_name = "surveys/round_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("service", "target_department", "target_service", "target_system")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey = self.object
        departments = readable_departments(self.request.user, survey.organisation)
        figures = results.figures(SurveyRound.objects.filter(pk=survey.pk), survey.organisation_id, departments)
        context.update(
            figures=figures[survey.pk],
            departments=departments,
            comments=results.comments(survey, departments),
            questions=survey.questions.all(),
            may_change=self.request.user.has_perm("surveys.change_surveyround", survey),
            min_group=MIN_GROUP,
        )
        return context


class RoundCreateView(CreateInOrganisationView):
    model = SurveyRound
    form_class = RoundForm
    template_name = FORM_TEMPLATE
    success_message = gettext_lazy("The survey round was created as a draft.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.request.organisation, "with_nki": True}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New survey round"), **kwargs)

    def perform(self, form):
        data = dict(form.cleaned_data)
        nki = data.pop("nki", True)
        return services.create_round(
            acting_user=self.request.user, organisation=self.request.organisation, nki=nki, **data
        )


class RoundEditView(ScopedObjectFormView):
    model = SurveyRound
    form_class = RoundForm
    template_name = FORM_TEMPLATE
    success_message = gettext_lazy("The survey round was saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object, "organisation": self.object.organisation}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Edit %(name)s") % {"name": self.object}, **kwargs)

    def perform(self, form):
        return services.update_round(self.object, acting_user=self.request.user, **form.cleaned_data)


class QuestionCreateView(ScopedObjectFormView):
    model = SurveyRound
    form_class = QuestionForm
    template_name = FORM_TEMPLATE
    success_message = gettext_lazy("The question was added.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New question in %(name)s") % {"name": self.object}, **kwargs)

    def perform(self, form):
        services.add_question(self.object, acting_user=self.request.user, **form.cleaned_data)
        return self.object


class QuestionEditView(ScopedObjectFormView):
    """Edit or move a question while its round is a draft (the service refuses it afterwards)."""

    model = Question
    form_class = QuestionForm
    template_name = FORM_TEMPLATE
    success_message = gettext_lazy("The question was saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("round")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Edit %(name)s") % {"name": self.object}, **kwargs)

    def perform(self, form):
        return services.update_question(self.object, acting_user=self.request.user, **form.cleaned_data)


class QuestionMoveView(ScopedObjectFormView):
    """Move a question one place up or down (a button on the round's page)."""

    model = Question
    form_class = QuestionMoveForm
    http_method_names = ["post"]

    def get_queryset(self):
        return super().get_queryset().select_related("round")

    def perform(self, form):
        step = -1 if form.cleaned_data["direction"] == "up" else 1
        return services.update_question(
            self.object, acting_user=self.request.user, order=max(self.object.order + step, 1)
        )

    def form_invalid(self, form):
        return self._back_with_errors(form.errors.values())

    def form_valid(self, form):
        try:
            self.perform(form)
        except ValidationError as error:
            return self._back_with_errors(error.message_dict.values())
        return HttpResponseRedirect(self.object.get_absolute_url())

    def _back_with_errors(self, lists):
        for errors in lists:
            for error in errors:
                messages.error(self.request, error)
        return HttpResponseRedirect(self.object.round.get_absolute_url())


class QuestionDeleteView(ScopedObjectFormView):
    """Remove a question from a draft round after a confirmation."""

    model = Question
    permission_action = "delete"
    template_name = "surveys/action.html"
    success_message = gettext_lazy("The question was removed.")

    def get_queryset(self):
        return super().get_queryset().select_related("round")

    def get_form_class(self):
        from django import forms

        return forms.Form

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Remove the question “%(name)s”") % {"name": self.object},
            explanation=_("The question is removed from the draft round; its history is kept."),
            button=_("Remove the question"),
            **kwargs,
        )

    def perform(self, form):
        self.back = self.object.round.get_absolute_url()
        services.remove_question(self.object, acting_user=self.request.user)
        return self.object

    def get_success_url(self):
        return self.back


class RoundActionView(ScopedObjectFormView):
    """Open or close a round after a confirmation."""

    model = SurveyRound
    template_name = "surveys/action.html"
    action = None
    title = ""
    explanation = ""

    def get_form_class(self):
        from django import forms

        return forms.Form

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title % {"name": self.object},
            explanation=self.explanation,
            button=self.title % {"name": ""},
            **kwargs,
        )

    def perform(self, form):
        getattr(services, self.action)(self.object, acting_user=self.request.user)
        return self.object


class RoundOpenView(RoundActionView):
    action = "open_round"
    title = gettext_lazy("Open %(name)s")
    explanation = gettext_lazy(
        "Everyone in the target group is invited and gets an e-mail with a personal link. "
        "The target group and the anonymity can no longer be changed."
    )
    success_message = gettext_lazy("The round is open and the invitations are sent.")


class RoundCloseView(RoundActionView):
    action = "close_round"
    title = gettext_lazy("Close %(name)s")
    explanation = gettext_lazy("No more answers are accepted after closing.")
    success_message = gettext_lazy("The round is closed.")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def answer(request, token):
    invitation = services.invitation_for(token)
    if invitation is None:
        raise Http404
    if invitation.person_id != request.user.pk:
        raise PermissionDenied
    survey = invitation.round
    context = {"survey": survey, "invitation": invitation}
    if invitation.answered_on is not None or not survey.is_open:
        return render(request, "surveys/answer_done.html", {**context, "already": invitation.answered_on is not None})
    form = answer_form(survey, request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.answer_round(invitation, acting_user=request.user, values=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you for your answer."))
            return HttpResponseRedirect(request.path)
    return render(request, "surveys/answer.html", {**context, "form": form})
