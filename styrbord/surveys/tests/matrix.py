from styrbord.core.testing import ApiRow, PageRow, unique
from styrbord.organisations.choices import Role
from styrbord.surveys.models import Response, SurveyRound

from .factories import a_round, answer

MANAGERS = frozenset({Role.IT_HEAD.value, Role.SUPPORT_LEAD.value})
READERS = MANAGERS | {Role.MANAGEMENT_GROUP.value}
RESULT_READERS = READERS | {Role.DEPARTMENT_HEAD.value}


def a_draft(world):
    return SurveyRound.objects.filter(organisation=world.org, status="draft").first() or a_round(world)


def an_open_round(world):
    return SurveyRound.objects.filter(organisation=world.org, status="open").first() or a_round(
        world, title="Öppen", opened=True
    )


def a_question(world):
    """The free-text question of a draft round."""
    return a_draft(world).questions.get(kind="text")


def a_response(world):
    survey = an_open_round(world)
    return Response.objects.filter(round=survey).first() or answer(survey, world.users["employee"], [7, 8, 6])


ROWS = [
    PageRow("surveys:round_list", read=RESULT_READERS),
    PageRow("surveys:round_create", read=MANAGERS),
    PageRow("surveys:round_detail", read=RESULT_READERS, args=lambda w: [an_open_round(w).pk]),
    PageRow("surveys:round_edit", read=MANAGERS, args=lambda w: [a_draft(w).pk]),
    PageRow("surveys:question_create", read=MANAGERS, args=lambda w: [a_draft(w).pk]),
    PageRow("surveys:question_edit", read=MANAGERS, args=lambda w: [a_question(w).pk]),
    PageRow("surveys:question_delete", read=MANAGERS, args=lambda w: [a_question(w).pk]),
    PageRow("surveys:round_open", read=MANAGERS, args=lambda w: [a_draft(w).pk]),
    PageRow("surveys:round_close", read=MANAGERS, args=lambda w: [an_open_round(w).pk]),
    ApiRow(
        "surveys-api:survey",
        obj=a_draft,
        read=READERS,
        change=MANAGERS,
        create=MANAGERS,
        patch=lambda w, o: {"introduction": "Fem minuter."},
        create_payload=lambda w: {
            "organisation": w.org.pk,
            "title": unique("Enkät "),
            "opens_on": "2030-03-01",
            "closes_on": "2030-03-31",
        },
    ),
    ApiRow(
        "surveys-api:question",
        obj=a_question,
        read=READERS,
        change=MANAGERS,
        create=MANAGERS,
        patch=lambda w, o: {"text": "Vad kan vi göra bättre?", "required": False},
        create_payload=lambda w: {"round": a_draft(w).pk, "kind": "text", "text": unique("Övrigt ")},
    ),
    ApiRow("surveys-api:response", obj=a_response, read=MANAGERS),
]
