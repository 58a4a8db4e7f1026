"""Instructions and training (strategy §2): articles with files, courses with sessions and enrolments.

Articles and courses belong to one organisation and are linked to the systems and catalogue
services they are about. Who reads and who writes them is decided in ``access.py``; the rows a
person may not read are simply not there (404).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styrbord.core.models import TenantModel, TenantQuerySet, TimeStampedModel

from .choices import ArticleKind, Audience, EnrolmentStatus, Status


class MaterialQuerySet(TenantQuerySet):
    """Published material for its audience; everything for those who may write it."""

    def restrict(self, user, action="view"):
        from .access import readable_condition

        queryset = super().restrict(user, action)
        if not user or not user.is_authenticated or user.is_superuser:
            return queryset
        return queryset.filter(readable_condition(self.model, user))

    def published(self):
        return self.filter(status=Status.PUBLISHED)


class Material(TenantModel):
    """What articles and courses share: status, audience, owner and the systems and services they are about."""

    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    audience = models.CharField(
        _("audience"),
        max_length=30,
        choices=Audience,
        default=Audience.EVERYONE,
        help_text=_("Who reads it once it is published. Those who may edit it always read it."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("Keeps it up to date and may edit it."),
    )

    objects = MaterialQuerySet.as_manager()

    class Meta:
        abstract = True

    def material_errors(self):
        errors = {}
        if (
            self.owner_id
            and self.organisation_id
            and not self.owner.memberships.filter(organisation_id=self.organisation_id, is_active=True).exists()
        ):
            errors["owner"] = _("The owner must be a member of the organisation.")
        return errors

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


class Article(Material):
    """An instruction, training material or guide about systems and services, for an audience."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Plain text. A line starting with # is a heading, - a bullet, 1. a numbered step; "
            "**bold**, `code` and [link text](https://…) are recognised."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ArticleKind, default=ArticleKind.INSTRUCTION)
    review_by = models.DateField(
        _("review by"),
        null=True,
        blank=True,
        help_text=_("The owner is reminded on the home page once this date has passed."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    systems = models.ManyToManyField(
        "systems.System", blank=True, related_name="knowledge_articles", verbose_name=_("systems")
    )
    services = models.ManyToManyField(
        "catalog.Service", blank=True, related_name="knowledge_articles", verbose_name=_("services")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "title"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title"],
                name="knowledge_article_title_unique",
                violation_error_message=_("Another article of this organisation has this title."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("knowledge:article_detail", args=[self.pk])

    def clean(self):
        errors = self.material_errors()
        if self.status == Status.PUBLISHED and not (self.body or "").strip():
            errors["body"] = _("A published article needs a text.")
        if errors:
            raise ValidationError(errors)

    @property
    def review_overdue(self):
        return self.status == Status.PUBLISHED and self.review_by is not None and self.review_by < timezone.localdate()


def attachment_path(instance, filename):
    return f"knowledge/{instance.article.organisation_id}/{instance.article_id}/{instance.stored_name}"


class ArticleFileQuerySet(TenantQuerySet):
    def restrict(self, user, action="view"):
        return self.filter(article__in=Article.objects.restrict(user, action))


class ArticleAttachment(TimeStampedModel):
    """A file on an article; served only as a download, to those who read the article."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("article")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    stored_name = models.CharField(max_length=80, editable=False)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )

    history = HistoricalRecords()
    objects = ArticleFileQuerySet.as_manager()
    organisation_field = "article__organisation"

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("article file")
        verbose_name_plural = _("article files")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("knowledge:attachment_download", args=[self.pk])


class Course(Material):
    """A course about systems and services, given in one or more sessions that employees enrol in."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    systems = models.ManyToManyField(
        "systems.System", blank=True, related_name="knowledge_courses", verbose_name=_("systems")
    )
    services = models.ManyToManyField(
        "catalog.Service", blank=True, related_name="knowledge_courses", verbose_name=_("services")
    )
    articles = models.ManyToManyField(
        Article, blank=True, related_name="courses", verbose_name=_("course material (articles)")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title"],
                name="knowledge_course_title_unique",
                violation_error_message=_("Another course of this organisation has this title."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("knowledge:course_detail", args=[self.pk])

    def clean(self):
        errors = self.material_errors()
        if errors:
            raise ValidationError(errors)


class SessionQuerySet(TenantQuerySet):
    def restrict(self, user, action="view"):
        return self.filter(course__in=Course.objects.restrict(user, action))

    def upcoming(self, now=None):
        return self.filter(starts_at__gt=now or timezone.now(), is_cancelled=False)


class CourseSession(TimeStampedModel):
    """One occasion of a course: when, where (a room or an online link) and how many can take part."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("course"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("The meeting link for an online session (https).")
    )
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    history = HistoricalRecords()
    objects = SessionQuerySet.as_manager()
    organisation_field = "course__organisation"

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("course session")
        verbose_name_plural = _("course sessions")

    def __str__(self):
        return f"{self.course} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("knowledge:session_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session ends after it starts.")
        if not self.place.strip() and not self.online_url:
            errors["place"] = _("Give a place or an online link.")
        if self.online_url and not self.online_url.lower().startswith("https://"):
            errors["online_url"] = _("Use a secure link (https://).")
        if errors:
            raise ValidationError(errors)

    @property
    def has_started(self):
        return self.starts_at <= timezone.now()


class EnrolmentQuerySet(TenantQuerySet):
    def restrict(self, user, action="view"):
        """Your own enrolments, and every enrolment on the courses you may edit."""
        from .access import writable_condition

        queryset = super().restrict(user, action)
        if not user or not user.is_authenticated or user.is_superuser:
            return queryset
        managed = Course.objects.filter(writable_condition(Course, user))
        return queryset.filter(Q(person=user) | Q(session__course__in=managed))

    def active(self):
        return self.filter(status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING))


class Enrolment(TimeStampedModel):
    """A person's place on a session, or on its waiting list (first come, first served)."""

    session = models.ForeignKey(
        CourseSession, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("session")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="course_enrolments", verbose_name=_("person")
    )
    status = models.CharField(_("status"), max_length=20, choices=EnrolmentStatus, default=EnrolmentStatus.ENROLLED)
    queued_at = models.DateTimeField(
        _("enrolled at"), default=timezone.now, help_text=_("The waiting list is served in this order.")
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = EnrolmentQuerySet.as_manager()
    organisation_field = "session__course__organisation"

    class Meta:
        ordering = ["session", "queued_at", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                name="knowledge_enrolment_unique",
                violation_error_message=_("This person is already enrolled in this session."),
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.session}"

    def get_absolute_url(self):
        return self.session.course.get_absolute_url()
