"""Governance demo (data/demo.yaml): the four decision levels, forums with members, meetings with
decisions about demo systems, services and the budget round, an amended decision, an escalation
that went up two levels, and the IT strategy (data/it-strategi.txt, the customer's own text)
adopted in the 2022 mandate period and, reviewed, adopted again as version 1.1 in the current one.

Runs after the register, finance and sourcing loaders. Everything goes through the services;
what exists (forum by name, meeting by forum and date, decision by title, escalation by question
and forum, strategy by title and version) is left alone, so running twice changes nothing.
"""

import datetime
from pathlib import Path

import yaml
from django.utils import timezone

from styrbord.core.demo import demo_loader
from styrbord.organisations.models import User

from . import services
from .models import Decision, Escalation, Forum, Meeting, StrategyDocument

DATA = Path(__file__).parent / "data"


def _date(value, today):
    if isinstance(value, str) and value[:1] in "+-":
        return today + datetime.timedelta(days=int(value))
    return value


def _subject(organisation, type_key, name, today):
    model = services.subject_types().get(type_key)
    if model is None:
        return None
    rows = model._default_manager.filter(organisation=organisation)
    if type_key == "finance.budgetround":
        return rows.filter(year=today.year + 1 if name == "next" else int(name)).first()
    if type_key == "catalog.service":
        return rows.filter(code=name).first()
    return rows.filter(name=name).first()


class Loader:
    def __init__(self, organisation, users):
        self.organisation = organisation
        self.today = timezone.localdate()
        self.users = dict(users)
        self.levels = services.ensure_levels(organisation)
        self.forums = {}
        self.decisions = {}
        self.escalations = {}

    def user(self, username):
        if username not in self.users:
            self.users[username] = User.objects.filter(username=username).first()
        return self.users[username]

    def forum(self, spec):
        forum = Forum.objects.filter(organisation=self.organisation, name=spec["name"]).first()
        if forum is None:
            management_object = None
            if spec.get("management_object"):
                from styrbord.systems.models import ManagementObject

                management_object = ManagementObject.objects.filter(
                    organisation=self.organisation, name=spec["management_object"]
                ).first()
            forum = services.create_forum(
                acting_user=None,
                organisation=self.organisation,
                level=self.levels[spec["level"]],
                name=spec["name"],
                description=spec.get("description", ""),
                management_object=management_object,
            )
            for username, role in spec.get("members", []):
                person = self.user(username)
                if person is not None:
                    services.add_forum_member(forum, acting_user=None, person=person, role=role)
        self.forums[spec["key"]] = forum

    def meeting(self, spec):
        forum = self.forums[spec["forum"]]
        date = _date(spec["date"], self.today)
        chair = forum.chairs()[0] if forum.chairs() else None
        meeting = Meeting.objects.filter(forum=forum, date=date).first()
        created = meeting is None
        if created:
            meeting = services.create_meeting(
                acting_user=chair, forum=forum, date=date, place=spec.get("place", ""), minutes=spec.get("minutes", "")
            )
            for title in spec.get("agenda", []):
                services.add_agenda_item(meeting, acting_user=chair, title=title)
        for decision_spec in spec.get("decisions", []):
            self.decision(meeting, decision_spec, chair)
        for escalation_spec in spec.get("escalations", []):
            self.escalation(meeting, escalation_spec)
        if spec.get("close") and not meeting.is_closed:
            if meeting.status == "planned":
                services.update_meeting(meeting, acting_user=chair, status="held")
            services.close_meeting(meeting, acting_user=chair)

    def decision(self, meeting, spec, chair):
        found = Decision.objects.filter(organisation=self.organisation, title=spec["title"]).first()
        if found is None:
            subjects = [_subject(self.organisation, t, n, self.today) for t, n in spec.get("subjects", [])]
            found = services.record_decision(
                acting_user=chair,
                meeting=meeting,
                title=spec["title"],
                text=spec["text"],
                rationale=spec.get("rationale", ""),
                follow_up_date=_date(spec.get("follow_up"), self.today),
                subjects=[s for s in subjects if s is not None],
                amends=self.decisions.get(spec.get("amends")),
            )
        self.decisions[spec["key"]] = found

    def escalation(self, meeting, spec):
        to_forum = self.forums[spec["to"]]
        found = Escalation.objects.filter(
            organisation=self.organisation, question=spec["question"], to_forum=to_forum
        ).first()
        if found is None:
            found = services.raise_escalation(
                acting_user=self.user(spec["by"]),
                from_forum=meeting.forum,
                from_meeting=meeting if meeting.date <= self.today else None,
                to_forum=to_forum,
                parent=self.escalations.get(spec.get("parent")),
                question=spec["question"],
                reason=spec["reason"],
            )
        self.escalations[spec["key"]] = found

    def strategy(self, spec):
        found = StrategyDocument.objects.filter(
            organisation=self.organisation, title=spec["title"], version=spec["version"]
        ).first()
        if found is None:
            found = services.create_strategy(
                acting_user=self.user("itchef"),
                organisation=self.organisation,
                title=spec["title"],
                version=spec["version"],
                text=_strategy_text(),
            )
            services.adopt_strategy(
                found,
                acting_user=self.user("itchef"),
                adopted_on=_date(spec["adopted_on"], self.today),
                decision=self.decisions.get(spec.get("decision")),
            )
        return found


def _strategy_text():
    # The customer's own strategy, under the demo municipality's name.
    text = (DATA / "it-strategi.txt").read_text(encoding="utf-8")
    return text.replace("Norsjö kommun", "Norrbackens kommun")


@demo_loader(order=80)
def load(context):
    organisation = context.get("organisations", {}).get("norrbacken")
    if organisation is None:
        return
    data = yaml.safe_load((DATA / "demo.yaml").read_text(encoding="utf-8"))
    loader = Loader(organisation, context.get("users", {}))
    for key, other in context.get("organisations", {}).items():
        if key != "norrbacken":
            services.ensure_levels(other)
    for spec in data["forums"]:
        loader.forum(spec)
    # Planned meetings first, so that escalations land on the next one's agenda.
    for spec in data["meetings"]:
        if isinstance(spec["date"], str):
            loader.meeting({**spec, "escalations": []})
    for spec in data["meetings"]:
        loader.meeting(spec)
    for spec in data["strategies"]:
        loader.strategy(spec)
    context["governance"] = {"forums": loader.forums, "decisions": loader.decisions}
