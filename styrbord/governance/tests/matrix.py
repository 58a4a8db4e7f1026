from styrbord.core.testing import IT_HEAD, MEMBERS, ApiRow, PageRow, unique
from styrbord.organisations.choices import Role

from .factories import decision, forum, levels, meeting

TACTICAL = frozenset({Role.IT_HEAD.value, Role.DEPARTMENT_HEAD.value})
STRATEGY_OWNERS = frozenset({Role.IT_HEAD.value, Role.MANAGEMENT_GROUP.value})


def a_forum(world):
    return forum(world, "tactical")


def a_meeting(world):
    return a_forum(world).meetings.first() or meeting(world, days=3)


def a_decision(world):
    m = a_meeting(world)
    return m.decisions.first() or decision(world, m, title="Prioritering")


def an_escalation(world):
    from styrbord.governance import services

    lower = forum(world, "operational")
    return services.raise_escalation(
        acting_user=world.users["support_lead"], from_forum=lower, to_forum=a_forum(world), question="Q", reason="R"
    )


def a_strategy(world):
    from styrbord.governance import services
    from styrbord.governance.models import StrategyDocument

    return StrategyDocument.objects.filter(organisation=world.org).first() or services.create_strategy(
        acting_user=None, organisation=world.org, title="IT-strategi", version="1.0", text="Text"
    )


def a_level(world):
    return levels(world)["tactical"]


def a_member(world):
    from styrbord.governance import services

    f = a_forum(world)
    return f.members.first() or services.add_forum_member(
        f, acting_user=None, person=world.users["it_head"], role="chair"
    )


def an_agenda_item(world):
    from styrbord.governance import services

    m = a_meeting(world)
    return m.agenda.first() or services.add_agenda_item(m, acting_user=None, title="Budget 2027")


ROWS = [
    PageRow("governance:decision_list"),
    PageRow("governance:level_list"),
    PageRow("governance:level_edit", read=IT_HEAD, args=lambda w: [a_level(w).pk]),
    PageRow("governance:forum_list"),
    PageRow("governance:forum_create", read=IT_HEAD),
    PageRow("governance:forum_detail", args=lambda w: [a_forum(w).pk]),
    PageRow("governance:forum_edit", read=IT_HEAD, args=lambda w: [a_forum(w).pk]),
    PageRow("governance:member_add", read=IT_HEAD, args=lambda w: [a_forum(w).pk]),
    PageRow("governance:meeting_create", read=TACTICAL, args=lambda w: [a_forum(w).pk]),
    PageRow("governance:escalation_create", read=TACTICAL, args=lambda w: [a_forum(w).pk]),
    PageRow("governance:meeting_list"),
    PageRow("governance:meeting_detail", args=lambda w: [a_meeting(w).pk]),
    PageRow("governance:meeting_edit", read=TACTICAL, args=lambda w: [a_meeting(w).pk]),
    PageRow("governance:meeting_close", read=TACTICAL, args=lambda w: [a_meeting(w).pk]),
    PageRow("governance:agenda_create", read=TACTICAL, args=lambda w: [a_meeting(w).pk]),
    PageRow("governance:decision_create", read=TACTICAL, args=lambda w: [a_meeting(w).pk]),
    PageRow("governance:decision_detail", args=lambda w: [a_decision(w).pk]),
    PageRow("governance:decision_edit", read=TACTICAL, args=lambda w: [a_decision(w).pk]),
    PageRow("governance:decision_follow_up", read=TACTICAL, args=lambda w: [a_decision(w).pk]),
    PageRow("governance:decision_history", args=lambda w: [a_decision(w).pk]),
    PageRow("governance:escalation_list"),
    PageRow("governance:escalation_detail", args=lambda w: [an_escalation(w).pk]),
    PageRow("governance:strategy"),
    PageRow("governance:strategy_list"),
    PageRow("governance:strategy_create", read=IT_HEAD),
    PageRow("governance:strategy_detail", args=lambda w: [a_strategy(w).pk]),
    PageRow("governance:strategy_edit", read=IT_HEAD, args=lambda w: [a_strategy(w).pk]),
    ApiRow(
        "governance-api:level",
        obj=a_level,
        change=IT_HEAD,
        patch=lambda w, o: {"name": "Taktisk nivå (VUG)"},
    ),
    ApiRow(
        "governance-api:forum",
        obj=a_forum,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"description": "Verksamhetschefer"},
        create_payload=lambda w: {"organisation": w.org.pk, "name": unique("Forum "), "level": a_level(w).pk},
    ),
    ApiRow(
        "governance-api:forummember",
        obj=a_member,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"role": "secretary"},
        create_payload=lambda w: {"forum": a_forum(w).pk, "person": w.users["employee"].pk, "role": "member"},
    ),
    ApiRow(
        "governance-api:agendaitem",
        obj=an_agenda_item,
        change=TACTICAL,
        create=TACTICAL,
        patch=lambda w, o: {"description": "Underlag bifogas."},
        create_payload=lambda w: {"meeting": a_meeting(w).pk, "title": "Övriga frågor"},
    ),
    ApiRow(
        "governance-api:meeting",
        obj=a_meeting,
        change=TACTICAL,
        create=TACTICAL,
        patch=lambda w, o: {"place": "Kommunhuset"},
        create_payload=lambda w: {"forum": a_forum(w).pk, "date": "2030-03-01"},
    ),
    ApiRow(
        "governance-api:decision",
        obj=a_decision,
        change=TACTICAL,
        create=TACTICAL,
        patch=lambda w, o: {"rationale": "Därför."},
        create_payload=lambda w: {"meeting": a_meeting(w).pk, "title": "Nytt", "text": "Beslut."},
    ),
    ApiRow(
        "governance-api:escalation",
        obj=an_escalation,
        create=frozenset({Role.IT_HEAD.value, Role.SUPPORT_LEAD.value, Role.IT_COORDINATOR.value}),
        create_payload=lambda w: {
            "from_forum": forum(w, "operational").pk,
            "to_forum": a_forum(w).pk,
            "question": "Fråga",
            "reason": "Skäl",
        },
    ),
    ApiRow(
        "governance-api:strategy",
        obj=a_strategy,
        change=IT_HEAD,
        create=IT_HEAD,
        patch=lambda w, o: {"text": "Ny text"},
        create_payload=lambda w: {
            "organisation": w.org.pk,
            "title": "IT-strategi",
            "version": unique("v"),
            "text": "Text",
        },
    ),
]
_ = MEMBERS, STRATEGY_OWNERS
