"""Who may read and change instructions and courses (the rules themselves are in ``access.py``).

- Reading: published material for its audience; writers read everything they may edit.
- Writing: the IT unit everything; system owners and managers about their systems; IT
  coordinators about the systems of the departments they coordinate; the named owner their own.
- Courses are run (participants, attendance) by those who may edit them.
- Files on an article: read by its readers, added and removed by its writers.
- A draft article may be deleted by its writers; a published one is archived instead.
- Enrolments: your own, and every enrolment on a course you run.
"""

import rules

from styrbord.core.predicates import is_member

from .access import may_read, may_write, may_write_in
from .choices import Status
from .models import ArticleAttachment, CourseSession, Enrolment


def material_of(obj):
    """The article or course an object is about: itself, a file's article, a session's or an enrolment's course."""
    if isinstance(obj, ArticleAttachment):
        return obj.article
    if isinstance(obj, CourseSession):
        return obj.course
    if isinstance(obj, Enrolment):
        return obj.session.course
    return obj


@rules.predicate
def writes_here(user, organisation=None):
    return may_write_in(user, organisation)


@rules.predicate
def reads(user, obj=None):
    return obj is not None and may_read(user, material_of(obj))


@rules.predicate
def writes(user, obj=None):
    return obj is not None and may_write(user, material_of(obj))


@rules.predicate
def is_draft(user, obj=None):
    return obj is not None and obj.status == Status.DRAFT


@rules.predicate
def is_own(user, enrolment=None):
    return enrolment is not None and enrolment.person_id == user.pk


for model in ("article", "course"):
    rules.add_perm(f"knowledge.view_{model}", is_member & reads)
    rules.add_perm(f"knowledge.add_{model}", writes_here)
    rules.add_perm(f"knowledge.change_{model}", is_member & writes)
rules.add_perm("knowledge.delete_article", is_member & writes & is_draft)
rules.add_perm("knowledge.manage_course", is_member & writes)

rules.add_perm("knowledge.view_articleattachment", is_member & reads)
rules.add_perm("knowledge.add_articleattachment", is_member & writes)
rules.add_perm("knowledge.delete_articleattachment", is_member & writes)

rules.add_perm("knowledge.view_coursesession", is_member & reads)
rules.add_perm("knowledge.add_coursesession", is_member & writes)
rules.add_perm("knowledge.change_coursesession", is_member & writes)

rules.add_perm("knowledge.view_enrolment", is_member & (is_own | writes))
rules.add_perm("knowledge.change_enrolment", is_member & (is_own | writes))
rules.add_perm("knowledge.manage_enrolment", is_member & writes)
