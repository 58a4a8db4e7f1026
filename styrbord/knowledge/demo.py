"""Demo instructions and courses (data/demo.yaml) for Norrbäcken.

Runs after the system register (order 60), whose ``context["systems"]`` maps names to systems,
and the catalogue (``context["catalog"]``). Everything goes through the services: the IT unit
writes the articles and publishes them, employees enrol in the coming sessions and the last
ones to enrol in a full session land on the waiting list. Idempotent: an article or course that
exists (by title) is left alone, with its sessions and enrolments.
"""

from datetime import datetime, time, timedelta
from pathlib import Path

import yaml
from django.utils import timezone

from styrbord.core.demo import demo_loader
from styrbord.organisations.models import Membership, User

from . import services
from .choices import Status
from .models import Article, Course

DATA = Path(__file__).parent / "data" / "demo.yaml"


def _say(context, message):
    if context.get("stdout") is not None:
        context["stdout"].write(message)


def _person(users, username):
    return users.get(username) or User.objects.filter(username=username).first()


def _at(day, clock):
    hours, minutes = (int(part) for part in clock.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hours, minutes)))


def _articles(organisation, specs, *, systems, catalog, users, acting_user, today):
    existing = {a.title: a for a in Article.objects.in_organisation(organisation)}
    articles = {}
    for spec in specs:
        article = existing.get(spec["title"])
        if article is None:
            article = services.create_article(
                acting_user=acting_user,
                organisation=organisation,
                title=spec["title"],
                summary=spec.get("summary", ""),
                body=spec["body"],
                kind=spec["kind"],
                audience=spec.get("audience", "everyone"),
                status=spec.get("status", Status.PUBLISHED),
                owner=_person(users, spec["owner"]) or acting_user,
                review_by=today + timedelta(days=spec["review_in"]) if "review_in" in spec else None,
                systems=[systems[name] for name in spec.get("systems", []) if name in systems],
                services=[catalog[code] for code in spec.get("services", []) if code in catalog],
            )
        articles[spec["title"]] = article
    return articles


def _people(organisation, users):
    """Who enrols: the demo employee and coordinator first, then employees in a fixed order."""
    logins = [users[name] for name in ("anstalld", "samordnare", "verksamhetschef") if name in users]
    generated = [
        membership.user
        for membership in Membership.objects.filter(organisation=organisation, is_active=True, user__is_superuser=False)
        .exclude(user__in=logins)
        .select_related("user")
        .order_by("user__username")[:200]
    ]
    return logins + generated


def _courses(organisation, specs, *, systems, catalog, articles, users, acting_user, today):
    existing = set(Course.objects.in_organisation(organisation).values_list("title", flat=True))
    people = _people(organisation, users)
    offset = 0
    for spec in specs:
        if spec["title"] in existing:
            continue
        course = services.create_course(
            acting_user=acting_user,
            organisation=organisation,
            title=spec["title"],
            description=spec["description"].strip(),
            audience=spec.get("audience", "everyone"),
            status=Status.PUBLISHED,
            owner=_person(users, spec["owner"]) or acting_user,
            systems=[systems[name] for name in spec.get("systems", []) if name in systems],
            services=[catalog[code] for code in spec.get("services", []) if code in catalog],
            articles=[articles[title] for title in spec.get("articles", []) if title in articles],
        )
        for session_spec in spec["sessions"]:
            day = today + timedelta(days=session_spec["day"])
            session = services.add_session(
                course,
                acting_user=acting_user,
                starts_at=_at(day, session_spec["start"]),
                ends_at=_at(day, session_spec["end"]),
                place=session_spec.get("place", ""),
                online_url=session_spec.get("online", ""),
                capacity=session_spec["capacity"],
            )
            for _index in range(session_spec.get("enrol", 0)):
                if offset >= len(people):
                    break
                person = people[offset]
                offset += 1
                services.enrol(session, acting_user=person, person=person)


@demo_loader(order=90)
def load(context):
    organisation = context.get("organisations", {}).get("norrbacken")
    catalog = context.get("catalog", {}).get("norrbacken")
    if organisation is None or catalog is None:
        _say(context, "Knowledge demo skipped: the organisation and catalogue demos have not run.")
        return
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    users = context.get("users", {})
    acting_user = _person(users, "itchef")
    systems = context.get("systems", {})
    today = timezone.localdate()
    common = {"systems": systems, "catalog": catalog, "users": users, "acting_user": acting_user, "today": today}
    articles = _articles(organisation, data["articles"], **common)
    _courses(organisation, data["courses"], articles=articles, **common)
    context["knowledge_articles"] = articles
