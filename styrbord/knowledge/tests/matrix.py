from styrbord.core.testing import MEMBERS, ApiRow, PageRow
from styrbord.organisations.choices import Role

from .builders import a_system, article, course, session

WRITERS = frozenset({Role.IT_HEAD.value, Role.SUPPORT_LEAD.value, Role.IT_STAFF.value})
# The IT coordinator (for the world's branch) writes about the systems the branch owns, such as a_system.
MAY_ADD = WRITERS | {Role.IT_COORDINATOR.value}


def an_article(world):
    from styrbord.knowledge.models import Article

    return Article.objects.filter(organisation=world.org, title="Byta lösenord").first() or article(
        world, title="Byta lösenord", systems=[a_system(world)]
    )


def a_draft(world):
    return article(world, status="draft")


def a_course(world):
    from styrbord.knowledge.models import Course

    found = Course.objects.filter(organisation=world.org, title="Outlook på 60 minuter").first()
    if found is None:
        found = course(world, title="Outlook på 60 minuter")
        session(found)
    return found


def a_session(world):
    return a_course(world).sessions.first()


ROWS = [
    PageRow("knowledge:article_list"),
    PageRow("knowledge:my_material"),
    PageRow("knowledge:article_create", read=MAY_ADD),
    PageRow("knowledge:article_detail", args=lambda w: [an_article(w).pk]),
    PageRow("knowledge:article_edit", read=MAY_ADD, args=lambda w: [an_article(w).pk]),
    PageRow("knowledge:article_history", args=lambda w: [an_article(w).pk]),
    PageRow("knowledge:course_list"),
    PageRow("knowledge:course_create", read=MAY_ADD),
    PageRow("knowledge:course_detail", args=lambda w: [a_course(w).pk]),
    PageRow("knowledge:course_edit", read=WRITERS, args=lambda w: [a_course(w).pk]),
    PageRow("knowledge:course_history", args=lambda w: [a_course(w).pk]),
    PageRow("knowledge:session_create", read=WRITERS, args=lambda w: [a_course(w).pk]),
    PageRow("knowledge:session_detail", read=WRITERS, args=lambda w: [a_session(w).pk]),
    PageRow("knowledge:session_edit", read=WRITERS, args=lambda w: [a_session(w).pk]),
    ApiRow(
        "knowledge-api:article",
        obj=an_article,
        read=MEMBERS,
        change=MAY_ADD,
        create=MAY_ADD,
        patch=lambda w, o: {"summary": "Uppdaterad sammanfattning."},
        create_payload=lambda w: {
            "organisation": w.org.pk,
            "title": "Ny instruktion",
            "body": "Text.",
            "systems": [a_system(w).pk],
        },
    ),
    ApiRow(
        "knowledge-api:course",
        obj=a_course,
        read=MEMBERS,
        change=WRITERS,
        create=MAY_ADD,
        patch=lambda w, o: {"description": "Ny beskrivning."},
        create_payload=lambda w: {"organisation": w.org.pk, "title": "Ny kurs", "systems": [a_system(w).pk]},
    ),
]
