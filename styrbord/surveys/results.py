"""The results of the customer surveys: the satisfaction index (NKI), its spread and the response rate.

NKI: each of the three questions is answered 1–10; the index is (mean − 1) / 9 × 100 over all
the answers to the three questions, unweighted (SCB weights them; the simple form is the usual
one in municipalities). The spread is the standard deviation (population) of the per-respondent
index. The response rate counts the invitations answered, so it is right per department even
where an anonymous answer does not name its department.

Everything is aggregated in the database: the number of queries does not depend on the number of
answers.
"""

from django.db.models import Avg, Count, F, OuterRef, Q, StdDev, Subquery

from .choices import QuestionKind, RoundStatus, band
from .models import Answer, Invitation, Response, SurveyRound


def index_of(mean):
    """The 0–100 index of a mean answer on the 1–10 scale, to one decimal."""
    return None if mean is None else round((float(mean) - 1) / 9 * 100, 1)


def spread_of(deviation):
    return None if deviation is None else round(float(deviation), 1)


def share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _in_departments(departments, path):
    if not departments:
        return Q()
    condition = Q(pk__in=[])
    for department in departments:
        condition |= Q(**{f"{path}__path__startswith": department.path})
    return condition


def _invitations(rounds, departments, organisation_id):
    invitations = Invitation.objects.filter(round__in=rounds)
    if departments:
        invitations = invitations.filter(
            _in_departments(departments, "person__memberships__department"),
            person__memberships__organisation_id=organisation_id,
        )
    return invitations


def _scored_responses(rounds, departments):
    """Responses with ``score``: the respondent's own index (mean of their NKI answers, 0–100)."""
    mean = (
        Answer.objects.filter(response=OuterRef("pk"), question__kind=QuestionKind.NKI)
        .values("response")
        .annotate(m=Avg("number"))
        .values("m")
    )
    return (
        Response.objects.filter(round__in=rounds)
        .filter(_in_departments(departments, "department"))
        .annotate(score=(Subquery(mean) - 1) * 100.0 / 9)
    )


def _nki_answers(rounds, departments):
    return Answer.objects.filter(response__round__in=rounds, question__kind=QuestionKind.NKI).filter(
        _in_departments(departments, "response__department")
    )


def figures(rounds, organisation_id, departments=None, by_department=True):
    """{round id: figures} for ``rounds`` (a queryset), restricted to ``departments`` when given."""
    rounds = rounds.order_by()
    means = dict(_nki_answers(rounds, departments).values_list("response__round").annotate(m=Avg("number")).order_by())
    scored = _scored_responses(rounds, departments)
    spread = {
        row["round"]: row for row in scored.values("round").annotate(n=Count("pk"), sd=StdDev("score")).order_by()
    }
    invited = {
        row["round"]: row
        for row in _invitations(rounds, departments, organisation_id)
        .values("round")
        .annotate(
            n=Count("pk", distinct=True), answered=Count("pk", distinct=True, filter=Q(answered_on__isnull=False))
        )
        .order_by()
    }
    result = {}
    for survey in rounds.select_related("service"):
        inv = invited.get(survey.pk, {"n": 0, "answered": 0})
        nki = index_of(means.get(survey.pk))
        result[survey.pk] = {
            "id": survey.pk,
            "title": survey.title,
            "status": survey.status,
            "anonymous": survey.anonymous,
            "opens_on": survey.opens_on,
            "closes_on": survey.closes_on,
            "service": {"id": survey.service_id, "name": survey.service.name} if survey.service_id else None,
            "nki": nki,
            "band": band(nki),
            "spread": spread_of(spread.get(survey.pk, {}).get("sd")),
            "respondents": spread.get(survey.pk, {}).get("n", 0),
            "invited": inv["n"],
            "answered": inv["answered"],
            "response_rate": share(inv["answered"], inv["n"]),
            "per_department": [],
        }
    if by_department and result:
        _add_departments(result, rounds, departments, organisation_id)
    return result


def _add_departments(result, rounds, departments, organisation_id):
    """Each round's figures per the respondents' department (a department hidden for anonymity: none)."""
    means = {
        (row["response__round"], row["response__department"]): row["m"]
        for row in _nki_answers(rounds, departments)
        .values("response__round", "response__department")
        .annotate(m=Avg("number"))
        .order_by()
    }
    invited = {
        (row["round"], row["person__memberships__department"]): row
        for row in Invitation.objects.filter(round__in=rounds, person__memberships__organisation_id=organisation_id)
        .filter(_in_departments(departments, "person__memberships__department"))
        .values("round", "person__memberships__department")
        .annotate(n=Count("pk"), answered=Count("pk", filter=Q(answered_on__isnull=False)))
        .order_by()
    }
    rows = (
        _scored_responses(rounds, departments)
        .values("round", "department", name=F("department__name"))
        .annotate(n=Count("pk"), sd=StdDev("score"))
        .order_by("round", "department__name")
    )
    for row in rows:
        key = (row["round"], row["department"])
        # An answer without a department (small group) counts in the round, but not in any department.
        inv = invited.get(key, {"n": 0, "answered": 0}) if row["department"] else {"n": None, "answered": None}
        nki = index_of(means.get(key))
        result[row["round"]]["per_department"].append(
            {
                "id": row["department"],
                "name": row["name"] or "",
                "nki": nki,
                "band": band(nki),
                "spread": spread_of(row["sd"]),
                "respondents": row["n"],
                "invited": inv["n"],
                "response_rate": share(inv["answered"], inv["n"]) if inv["n"] else None,
            }
        )


def comments(survey, departments=None):
    """The free-text answers of a round, without anyone's name, in the random order of the keys."""
    return list(
        Answer.objects.filter(response__round=survey, question__kind=QuestionKind.TEXT)
        .filter(_in_departments(departments, "response__department"))
        .exclude(text="")
        .order_by("question__order", "pk")
        .values("question__text", "text", department=F("response__department__name"))
    )


def year_rounds(organisation, year):
    """The rounds of a year: those that close in it and have been opened."""
    return SurveyRound.objects.filter(organisation=organisation, closes_on__year=year).exclude(status=RoundStatus.DRAFT)


def perceived_quality(organisation, year, departments=None):
    """The year's perceived quality by customer surveys, as a plain dict (see the module).

    ``{"nki", "band", "spread", "respondents", "invited", "response_rate",
    "rounds": [...], "services": [...]}``; ``nki`` is None when no round of the year has answers.
    """
    rounds = year_rounds(organisation, year)
    per_round = figures(rounds, organisation.pk, departments)
    total = _nki_answers(rounds, departments).aggregate(m=Avg("number"))["m"]
    overall = _scored_responses(rounds, departments).aggregate(n=Count("pk"), sd=StdDev("score"))
    invited = sum(r["invited"] for r in per_round.values())
    answered = sum(r["answered"] for r in per_round.values())
    services = {}
    for row in (
        _nki_answers(rounds, departments)
        .filter(response__round__service__isnull=False)
        .values("response__round__service", name=F("response__round__service__name"))
        .annotate(m=Avg("number"), n=Count("response", distinct=True))
        .order_by("name")
    ):
        services[row["response__round__service"]] = {
            "id": row["response__round__service"],
            "name": row["name"],
            "nki": index_of(row["m"]),
            "respondents": row["n"],
        }
    nki = index_of(total)
    return {
        "nki": nki,
        "band": band(nki),
        "spread": spread_of(overall["sd"]),
        "respondents": overall["n"],
        "invited": invited,
        "response_rate": share(answered, invited),
        "rounds": sorted(per_round.values(), key=lambda r: (r["closes_on"], r["id"])),
        "services": list(services.values()),
    }
