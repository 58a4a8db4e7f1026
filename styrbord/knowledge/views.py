"""Pages of instructions and training: articles with files, my material, courses, sessions, enrolment."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from styrbord.core.forms import ConfirmForm
from styrbord.core.views import (
    CreateInOrganisationView,
    HistoryView,
    ScopedDetailView,
    ScopedListView,
    ScopedObjectFormView,
)
from styrbord.servicedesk.attachments import served_type

from . import services
from .access import my_material, subscribed_services, used_systems
from .choices import ArticleKind, EnrolmentStatus, Status
from .filtersets import ArticleFilterSet, CourseFilterSet
from .forms import ArticleForm, AttachmentForm, AttendanceForm, CourseForm, EnrolForm, SessionForm
from .models import Article, ArticleAttachment, Course, CourseSession, Enrolment
from .render import render

FORM_TEMPLATE = "knowledge/form.html"


def can(request, permission, obj):
    return request.user.has_perm(permission, obj)


def with_sessions(courses, now=None):
    """Courses with their coming sessions and the number of places taken on each."""
    sessions = CourseSession.objects.upcoming(now).annotate(
        taken=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED))
    )
    return courses.prefetch_related(Prefetch("sessions", queryset=sessions, to_attr="coming"))


class FormPageMixin:
    title = ""

    def get_context_data(self, **kwargs):
        obj = getattr(self, "object", None)
        kwargs.setdefault("title", str(self.title) % {"name": obj} if obj is not None else self.title)
        kwargs.setdefault("back_url", obj.get_absolute_url() if obj is not None else "")
        return super().get_context_data(**kwargs)


class CreateView(FormPageMixin, CreateInOrganisationView):
    """Create in the current organisation with ``create(acting_user=…, organisation=…, **cleaned_data)``."""

    template_name = FORM_TEMPLATE
    create = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.request.organisation}

    def perform(self, form):
        return type(self).create(
            acting_user=self.request.user, organisation=self.request.organisation, **form.cleaned_data
        )


class EditView(FormPageMixin, ScopedObjectFormView):
    template_name = FORM_TEMPLATE
    update = None
    title = gettext_lazy("Edit %(name)s")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object, "organisation": self.form_organisation()}

    def form_organisation(self):
        return self.object.organisation

    def perform(self, form):
        data = dict(form.cleaned_data)
        if "owner" in data and data["owner"] is None:
            data.pop("owner")
        return type(self).update(self.object, acting_user=self.request.user, **data)


class PostActionView(ScopedObjectFormView):
    """A button on another page (POST only); errors come back as a message on that page."""

    http_method_names = ["post"]

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return HttpResponseRedirect(self.get_back_url())

    def get_back_url(self):
        return self.object.get_absolute_url()

    def get_success_url(self):
        return self.get_back_url()


# Articles


class ArticleListView(ScopedListView):
    model = Article
    template_name = "knowledge/article_list.html"
    filterset_class = ArticleFilterSet

    def get_queryset(self):
        queryset = super().get_queryset()
        if not self.request.GET.get("q"):
            queryset = queryset.order_by("title")
        return queryset.select_related("owner").prefetch_related("systems", "services")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        context.update(
            can_add=can(self.request, "knowledge.add_article", organisation),
            kinds=ArticleKind.choices,
            statuses=Status.choices,
            systems=self.filterset.filters["system"]
            .queryset(self.request)
            .in_organisation(organisation)
            .order_by("name"),
            services=self.filterset.filters["service"]
            .queryset(self.request)
            .in_organisation(organisation)
            .order_by("name"),
        )
        return context


class ArticleDetailView(ScopedDetailView):
    model = Article
    template_name = "knowledge/article_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("owner").prefetch_related("systems", "services")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article, request = self.object, self.request
        may_change = can(request, "knowledge.change_article", article)
        context.update(
            body_html=render(article.body),
            attachments=article.attachments.select_related("uploaded_by"),
            courses=Course.objects.restrict(request.user).filter(articles=article).order_by("title"),
            can_change=may_change,
            can_delete=can(request, "knowledge.delete_article", article),
            attachment_form=AttachmentForm() if may_change else None,
        )
        return context


class ArticleCreateView(CreateView):
    model = Article
    form_class = ArticleForm
    create = services.create_article
    title = gettext_lazy("New article")
    success_message = gettext_lazy("The article was saved.")


class ArticleEditView(EditView):
    model = Article
    form_class = ArticleForm
    update = services.update_article
    success_message = gettext_lazy("The article was saved.")


class ArticleHistoryView(HistoryView):
    model = Article


class ArticleDeleteView(PostActionView):
    model = Article
    permission_action = "delete"
    form_class = ConfirmForm

    def perform(self, form):
        services.delete_article(self.object, acting_user=self.request.user)
        messages.success(self.request, _("The draft was deleted."))
        return self.object

    def get_success_url(self):
        return reverse("knowledge:article_list")


class AttachmentCreateView(PostActionView):
    model = Article
    form_class = AttachmentForm
    success_message = gettext_lazy("The file was added.")

    def perform(self, form):
        services.add_attachment(self.object, acting_user=self.request.user, upload=form.cleaned_data["file"])
        return self.object


class AttachmentDownloadView(LoginRequiredMixin, View):
    """A file of an article its reader may read, only as a download with the checked type."""

    def get(self, request, pk):
        attachment = get_object_or_404(
            ArticleAttachment.objects.restrict(request.user).select_related("article"), pk=pk
        )
        if not request.user.has_perm("knowledge.view_articleattachment", attachment):
            raise PermissionDenied
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        response = FileResponse(
            handle, as_attachment=True, filename=attachment.name, content_type=served_type(attachment)
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response


class AttachmentDeleteView(PostActionView):
    model = ArticleAttachment
    permission_action = "delete"
    form_class = ConfirmForm

    def get_queryset(self):
        return ArticleAttachment.objects.restrict(self.request.user).select_related("article")

    def perform(self, form):
        services.remove_attachment(self.object, acting_user=self.request.user)
        messages.success(self.request, _("The file was removed."))
        return self.object

    def get_back_url(self):
        return self.object.article.get_absolute_url()


# My material


class MyMaterialView(LoginRequiredMixin, TemplateView):
    template_name = "knowledge/my_material.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, organisation = self.request.user, self.request.organisation
        if organisation is None:
            return context
        articles = (
            my_material(Article, user, organisation).prefetch_related("systems", "services").order_by("kind", "title")
        )
        courses = with_sessions(my_material(Course, user, organisation).order_by("title"))
        enrolments = (
            Enrolment.objects.filter(person=user, session__course__organisation=organisation)
            .active()
            .filter(session__in=CourseSession.objects.upcoming())
            .select_related("session__course")
            .order_by("session__starts_at")
        )
        context.update(
            articles=articles,
            courses=courses,
            enrolments=enrolments,
            systems=used_systems(user, organisation).order_by("name"),
            services=subscribed_services(user, organisation).order_by("name"),
        )
        return context


# Courses


class CourseListView(ScopedListView):
    model = Course
    template_name = "knowledge/course_list.html"
    filterset_class = CourseFilterSet

    def get_queryset(self):
        queryset = super().get_queryset()
        if not self.request.GET.get("q"):
            queryset = queryset.order_by("title")
        return with_sessions(queryset.select_related("owner"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = can(self.request, "knowledge.add_course", self.request.organisation)
        context["statuses"] = Status.choices
        return context


class CourseDetailView(ScopedDetailView):
    model = Course
    template_name = "knowledge/course_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("owner").prefetch_related("systems", "services")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course, request = self.object, self.request
        manages = can(request, "knowledge.manage_course", course)
        sessions = course.sessions.annotate(
            taken=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)),
            waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
        ).order_by("starts_at")
        mine = {e.session_id: e for e in Enrolment.objects.filter(session__course=course, person=request.user).active()}
        sessions = list(sessions)
        for session in sessions:
            session.mine = mine.get(session.pk)
        context.update(
            description_html=render(course.description),
            sessions=sessions,
            enrolled_somewhere=bool(mine),
            articles=Article.objects.restrict(request.user).filter(courses=course).order_by("title"),
            can_change=can(request, "knowledge.change_course", course),
            manages=manages,
            enrol_form=(
                EnrolForm(course=course, may_enrol_others=True)
                if manages and course.status == Status.PUBLISHED
                else None
            ),
        )
        return context


class CourseCreateView(CreateView):
    model = Course
    form_class = CourseForm
    create = services.create_course
    title = gettext_lazy("New course")
    success_message = gettext_lazy("The course was saved.")


class CourseEditView(EditView):
    model = Course
    form_class = CourseForm
    update = services.update_course
    success_message = gettext_lazy("The course was saved.")


class CourseHistoryView(HistoryView):
    model = Course


class SessionCreateView(FormPageMixin, ScopedObjectFormView):
    model = Course
    form_class = SessionForm
    template_name = FORM_TEMPLATE
    title = gettext_lazy("New session of %(name)s")
    success_message = gettext_lazy("The session was added.")

    def perform(self, form):
        return services.add_session(self.object, acting_user=self.request.user, **form.cleaned_data)


class SessionEditView(EditView):
    model = CourseSession
    form_class = SessionForm
    update = services.update_session
    success_message = gettext_lazy("The session was saved.")

    def form_organisation(self):
        return self.object.course.organisation


class SessionDetailView(ScopedDetailView):
    """The participants of a session and their attendance, for those who run the course."""

    model = CourseSession
    permission_action = "change"
    template_name = "knowledge/session_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("course")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enrolments = self.object.enrolments.select_related("person").order_by("queued_at", "pk")
        context.update(
            enrolled=[e for e in enrolments if e.status == EnrolmentStatus.ENROLLED],
            waiting=[e for e in enrolments if e.status == EnrolmentStatus.WAITING],
            cancelled=[e for e in enrolments if e.status == EnrolmentStatus.CANCELLED],
        )
        return context


class EnrolView(PostActionView):
    """Enrol yourself (any reader of a published course) or, for those who run it, someone else."""

    model = Course
    permission_action = "view"
    form_class = EnrolForm

    def get_form_kwargs(self):
        may = can(self.request, "knowledge.manage_course", self.object)
        return {**super().get_form_kwargs(), "course": self.object, "may_enrol_others": may}

    def perform(self, form):
        enrolment = services.enrol(
            form.cleaned_data["session"], acting_user=self.request.user, person=form.cleaned_data.get("person")
        )
        if enrolment.status == EnrolmentStatus.WAITING:
            messages.info(self.request, _("The session is full: you are on the waiting list."))
        else:
            messages.success(self.request, _("The place is booked."))
        return self.object

    def form_valid(self, form):
        try:
            self.perform(form)
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
        return HttpResponseRedirect(self.get_success_url())


class EnrolmentActionView(PostActionView):
    model = Enrolment

    def get_queryset(self):
        return Enrolment.objects.restrict(self.request.user).select_related("session__course")

    def get_back_url(self):
        if self.request.POST.get("back") == "session" and can(
            self.request, "knowledge.manage_course", self.object.session.course
        ):
            return self.object.session.get_absolute_url()
        return self.object.session.course.get_absolute_url()

    def form_valid(self, form):
        try:
            self.perform(form)
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
        return HttpResponseRedirect(self.get_success_url())


class CancelEnrolmentView(EnrolmentActionView):
    form_class = ConfirmForm

    def perform(self, form):
        services.cancel_enrolment(self.object, acting_user=self.request.user)
        messages.success(self.request, _("The enrolment was cancelled."))
        return self.object


class AttendanceView(EnrolmentActionView):
    form_class = AttendanceForm
    permission_action = "manage"

    def perform(self, form):
        services.mark_attendance(self.object, acting_user=self.request.user, attended=form.cleaned_data["attended"])
        messages.success(self.request, _("The attendance was recorded."))
        return self.object
