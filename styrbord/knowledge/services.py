"""Every change to instructions, files, courses, sessions and enrolments.

Each function is one transaction, validates before it writes and records who acted in the
history. Pages, the API and the demo loader all call these.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrbord.core.services import apply_changes, delete_if_unused, save_validated

from . import notifications
from .access import writable_systems, writer_organisation_ids
from .choices import ACTIVE_ENROLMENT, EnrolmentStatus, Status
from .models import Article, ArticleAttachment, Course, CourseSession, Enrolment

ARTICLE_FIELDS = ("title", "summary", "body", "kind", "audience", "status", "owner", "review_by")
COURSE_FIELDS = ("title", "description", "audience", "status", "owner")
SESSION_FIELDS = ("starts_at", "ends_at", "place", "online_url", "capacity", "note", "is_cancelled")
# A change to these makes a new version of the article.
VERSIONED_FIELDS = ("title", "summary", "body")


def _check_links(material, organisation, acting_user, *, systems=None, services=None, articles=None):
    """Linked rows belong to the organisation; a writer outside IT links systems they write about."""
    errors = {}
    for name, rows in (("systems", systems), ("services", services), ("articles", articles)):
        if rows is not None and any(row.organisation_id != organisation.pk for row in rows):
            errors[name] = _("This must belong to the same organisation.")
    if (
        "systems" not in errors
        and systems is not None
        and acting_user is not None
        and not acting_user.is_superuser
        and organisation.pk not in writer_organisation_ids(acting_user)
    ):
        allowed = set(writable_systems(acting_user, organisation).values_list("pk", flat=True))
        current = set(material.systems.values_list("pk", flat=True)) if material.pk else set()
        added = {system.pk for system in systems} - current
        if added - allowed:
            errors["systems"] = _("You can only link systems you own, manage or coordinate.")
        elif not material.pk and not added:
            errors["systems"] = _("Link at least one of the systems you own, manage or coordinate.")
    if errors:
        raise ValidationError(errors)


def _set_links(material, **links):
    for name, rows in links.items():
        if rows is not None:
            getattr(material, name).set(rows)


def _stamp_publication(material):
    if material.status == Status.PUBLISHED and getattr(material, "published_at", True) is None:
        material.published_at = timezone.now()


# Articles


@transaction.atomic
def create_article(*, acting_user, organisation, systems=(), services=(), owner=None, **fields):
    apply_changes(Article(), fields, ARTICLE_FIELDS)
    article = Article(organisation=organisation, owner=owner or acting_user, **fields)
    if article.owner_id is None:
        raise ValidationError({"owner": _("Choose the owner.")})
    _check_links(article, organisation, acting_user, systems=list(systems), services=list(services))
    _stamp_publication(article)
    save_validated(article, acting_user=acting_user)
    _set_links(article, systems=list(systems), services=list(services))
    return article


@transaction.atomic
def update_article(article, *, acting_user, systems=None, services=None, **changes):
    article = Article.objects.select_for_update().get(pk=article.pk)
    before = {name: getattr(article, name) for name in VERSIONED_FIELDS}
    apply_changes(article, changes, ARTICLE_FIELDS)
    _check_links(
        article,
        article.organisation,
        acting_user,
        systems=list(systems) if systems is not None else None,
        services=list(services) if services is not None else None,
    )
    if any(getattr(article, name) != value for name, value in before.items()):
        article.version += 1
    _stamp_publication(article)
    save_validated(article, acting_user=acting_user)
    _set_links(
        article,
        systems=list(systems) if systems is not None else None,
        services=list(services) if services is not None else None,
    )
    return article


@transaction.atomic
def delete_article(article, *, acting_user):
    """Only a draft is deleted (with its files); a published article is archived instead."""
    if article.status != Status.DRAFT:
        raise ValidationError({"status": _("Only a draft can be deleted: archive a published article instead.")})
    files = [attachment.file for attachment in article.attachments.all()]
    for attachment in article.attachments.all():
        attachment._history_user = acting_user
        attachment.delete()
    delete_if_unused(article, acting_user=acting_user)
    transaction.on_commit(lambda: [stored.delete(save=False) for stored in files])


@transaction.atomic
def add_attachment(article, *, acting_user, upload):
    """Check, store and record a file on an article (same checks as files on tickets)."""
    from styrbord.servicedesk.attachments import check_upload

    name, content_type = check_upload(upload)
    attachment = ArticleAttachment(
        article=article,
        name=name,
        stored_name=secrets.token_hex(16),
        content_type=content_type,
        size=upload.size,
        uploaded_by=acting_user,
    )
    attachment.file.save(attachment.stored_name, upload, save=False)
    try:
        save_validated(attachment, acting_user=acting_user)
    except ValidationError:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def remove_attachment(attachment, *, acting_user):
    stored = attachment.file
    attachment._history_user = acting_user
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


# Courses and sessions


@transaction.atomic
def create_course(*, acting_user, organisation, systems=(), services=(), articles=(), owner=None, **fields):
    apply_changes(Course(), fields, COURSE_FIELDS)
    course = Course(organisation=organisation, owner=owner or acting_user, **fields)
    if course.owner_id is None:
        raise ValidationError({"owner": _("Choose the owner.")})
    links = {"systems": list(systems), "services": list(services), "articles": list(articles)}
    _check_links(course, organisation, acting_user, **links)
    save_validated(course, acting_user=acting_user)
    _set_links(course, **links)
    return course


@transaction.atomic
def update_course(course, *, acting_user, systems=None, services=None, articles=None, **changes):
    apply_changes(course, changes, COURSE_FIELDS)
    links = {
        name: list(rows) if rows is not None else None
        for name, rows in (("systems", systems), ("services", services), ("articles", articles))
    }
    _check_links(course, course.organisation, acting_user, **links)
    save_validated(course, acting_user=acting_user)
    _set_links(course, **links)
    return course


@transaction.atomic
def add_session(course, *, acting_user, **fields):
    apply_changes(CourseSession(), fields, SESSION_FIELDS)
    return save_validated(CourseSession(course=course, **fields), acting_user=acting_user)


@transaction.atomic
def update_session(session, *, acting_user, **changes):
    session = CourseSession.objects.select_for_update().get(pk=session.pk)
    apply_changes(session, changes, SESSION_FIELDS)
    enrolled = session.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    if "capacity" in changes and session.capacity is not None and session.capacity < enrolled:
        raise ValidationError(
            {
                "capacity": _("%(count)d people are enrolled: cancel enrolments before lowering the places.")
                % {"count": enrolled}
            }
        )
    save_validated(session, acting_user=acting_user)
    if not session.is_cancelled:
        _fill_places(session, acting_user=acting_user)
    return session


def _fill_places(session, *, acting_user):
    """Move people from the waiting list onto free places, first come first served, and tell them."""
    free = session.capacity - session.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    if free <= 0 or session.has_started:
        return []
    promoted = list(session.enrolments.filter(status=EnrolmentStatus.WAITING).order_by("queued_at", "pk")[:free])
    for enrolment in promoted:
        enrolment.status = EnrolmentStatus.ENROLLED
        save_validated(enrolment, acting_user=acting_user)
        notifications.after_commit("promoted", enrolment.pk)
    return promoted


# Enrolment


@transaction.atomic
def enrol(session, *, acting_user, person=None):
    """Enrol ``person`` (yourself by default): a place while there is one, else the waiting list."""
    person = person or acting_user
    session = CourseSession.objects.select_for_update().select_related("course").get(pk=session.pk)
    course = session.course
    if person != acting_user and not (acting_user and acting_user.has_perm("knowledge.manage_course", course)):
        raise ValidationError({"person": _("Only those who run the course can enrol someone else.")})
    if not person.memberships.filter(organisation_id=course.organisation_id, is_active=True).exists():
        raise ValidationError({"person": _("The person must be a member of the organisation.")})
    if course.status != Status.PUBLISHED:
        raise ValidationError({"session": _("The course is not open for enrolment.")})
    if session.is_cancelled or session.has_started:
        raise ValidationError({"session": _("This session is cancelled or has already started.")})
    others = Enrolment.objects.filter(session__course=course, person=person, status__in=ACTIVE_ENROLMENT)
    current = others.filter(session=session).first()
    if current is not None:
        raise ValidationError({"session": _("Already enrolled in this session.")})
    if others.exists():
        raise ValidationError(
            {"session": _("Already enrolled in another session of this course: cancel that one first.")}
        )
    full = session.enrolments.filter(status=EnrolmentStatus.ENROLLED).count() >= session.capacity
    enrolment = Enrolment.objects.filter(session=session, person=person).first() or Enrolment(
        session=session, person=person
    )
    enrolment.status = EnrolmentStatus.WAITING if full else EnrolmentStatus.ENROLLED
    enrolment.queued_at = timezone.now()
    enrolment.attended = None
    enrolment.reminded_at = None
    return save_validated(enrolment, acting_user=acting_user)


def _check_may_cancel(course, person, acting_user):
    """You cancel your own place; only those who run the course cancel someone else's."""
    if acting_user is None or person.pk == acting_user.pk:
        return
    if not acting_user.has_perm("knowledge.manage_course", course):
        raise ValidationError({"person": _("Only those who run the course can cancel someone else's place.")})


@transaction.atomic
def cancel_place(session, *, acting_user, person=None):
    """Cancel ``person``'s (by default your own) place or waiting-list entry on ``session``.

    The same rules as :func:`cancel_enrolment`; refused with a field-named error when there is
    no active enrolment to cancel.
    """
    person = person or acting_user
    session = CourseSession.objects.select_related("course").get(pk=session.pk)
    _check_may_cancel(session.course, person, acting_user)
    enrolment = Enrolment.objects.filter(session=session, person=person).active().first()
    if enrolment is None:
        raise ValidationError({"session": _("There is no enrolment in this session to cancel.")})
    return cancel_enrolment(enrolment, acting_user=acting_user)


@transaction.atomic
def cancel_enrolment(enrolment, *, acting_user):
    """Cancel a place or a waiting-list entry before the session starts.

    Who: the enrolled person, or those who run the course. When: the enrolment is active and the
    session has not started. Then: a freed place goes to the first on the waiting list (told by
    e-mail); a cancelled session moves nobody up.
    """
    session = CourseSession.objects.select_for_update().select_related("course").get(pk=enrolment.session_id)
    enrolment = Enrolment.objects.select_for_update().select_related("person").get(pk=enrolment.pk)
    _check_may_cancel(session.course, enrolment.person, acting_user)
    if enrolment.status not in ACTIVE_ENROLMENT:
        raise ValidationError({"status": _("This enrolment is already cancelled.")})
    if session.has_started:
        raise ValidationError({"session": _("The session has started: it is too late to cancel.")})
    had_place = enrolment.status == EnrolmentStatus.ENROLLED
    enrolment.status = EnrolmentStatus.CANCELLED
    save_validated(enrolment, acting_user=acting_user)
    if had_place and not session.is_cancelled:
        _fill_places(session, acting_user=acting_user)
    return enrolment


@transaction.atomic
def mark_attendance(enrolment, *, acting_user, attended):
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError({"attended": _("Attendance is recorded for enrolled participants only.")})
    if not enrolment.session.has_started:
        raise ValidationError({"attended": _("Attendance is recorded once the session has started.")})
    enrolment.attended = attended
    return save_validated(enrolment, acting_user=acting_user)
