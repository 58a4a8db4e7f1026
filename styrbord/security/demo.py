"""Demo classifications for Norrbäcken (data/demo.yaml): information types from the register,
classifications of most systems — some expired, one due for review, several with confidentiality 3
(social services, school, payroll), one at level 4 — and hosting requirements.

Runs after the system register (order 60) and before the measure demo (72), without depending on
it. Through the services as people would do it: the security coordinator adopts. Idempotent: a
system that has an adopted classification is left alone.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import yaml
from django.utils import timezone

from styrbord.core.demo import demo_loader
from styrbord.organisations.models import User
from styrbord.systems.models import System

from . import services
from .choices import ParticipantRole
from .classification import ADOPTED_STATUSES
from .models import Classification, HostingRequirement

DATA = Path(__file__).parent / "data" / "demo.yaml"
RATIONALE = {
    "confidentiality": "Bedömt utifrån sekretess och vilka personuppgifter som hanteras.",
    "integrity": "Felaktiga uppgifter kan leda till felaktiga beslut eller utbetalningar.",
    "availability": "Bedömt utifrån hur länge verksamheten klarar sig utan systemet.",
    "traceability": "Åtkomst till personuppgifter ska kunna följas upp i efterhand.",
}


def _matches(name, words):
    return any(word.casefold() in name.casefold() for word in words)


def _hosting(organisation, specs, acting_user):
    existing = set(
        HostingRequirement.objects.in_organisation(organisation).values_list("availability_level", flat=True)
    )
    for spec in specs:
        if spec["availability_level"] not in existing:
            services.create_hosting_requirement(
                acting_user=acting_user,
                organisation=organisation,
                availability_level=spec["availability_level"],
                min_availability_target=Decimal(spec["min_availability_target"]),
                min_weekly_support_hours=Decimal(spec["min_weekly_support_hours"]),
            )


def _information_types(system, data, acting_user):
    for name in services.suggested_information_types(system):
        sensitive = _matches(name, data["sensitive"])
        services.create_information_type(
            system,
            acting_user=acting_user,
            name=name[:200],
            sensitive_personal_data=sensitive,
            personal_data=sensitive or _matches(name, data["personal"]),
        )
    return list(system.security_information_types.filter(is_active=True).order_by("name"))


def _classify(system, spec, data, coordinator, today):
    kinds = _information_types(system, data, coordinator)
    if not kinds:
        return None
    c, i, a, *rest = spec["need"]
    t = rest[0] if rest else None
    levels = []
    for index, kind in enumerate(kinds):
        lower = 0 if index == 0 else 1  # the first type carries the need; the others a level lower
        levels.append(
            {
                "information_type": kind,
                "confidentiality": max(0, c - lower),
                "integrity": max(0, i - lower),
                "availability": max(0, a - lower),
                "traceability": (max(0, (t if t is not None else 1) - lower) if kind.involves_personal_data else None),
            }
        )
    participants = [{"person": coordinator, "name": "", "role": ParticipantRole.SECURITY_COORDINATOR}]
    participants.append({"person": None, "name": "Representant för användarna", "role": ParticipantRole.USER})
    draft = services.create_classification(
        system,
        acting_user=coordinator,
        classified_on=today - timedelta(days=spec["days_ago"]),
        levels=levels,
        participants=participants,
        **{f"rationale_{aspect}": text for aspect, text in RATIONALE.items()},
    )
    adopted = services.adopt_classification(draft, acting_user=coordinator)
    if spec.get("review"):
        adopted = services.mark_system_changed(system, acting_user=coordinator, reason=spec["review"])
    return adopted


@demo_loader(order=70)
def load(context):
    organisation = context.get("organisations", {}).get("norrbacken")
    if organisation is None:
        return
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    coordinator = context.get("users", {}).get("sakerhet") or User.objects.filter(username="sakerhet").first()
    today = timezone.localdate()
    services.update_settings(acting_user=coordinator, organisation=organisation, **data["settings"])
    _hosting(organisation, data["hosting_requirements"], coordinator)
    systems = {s.name: s for s in System.objects.in_organisation(organisation)}
    done = set(
        Classification.objects.filter(system__organisation=organisation, status__in=ADOPTED_STATUSES).values_list(
            "system_id", flat=True
        )
    )
    for name, spec in data["classifications"].items():
        system = systems.get(name)
        if system is None or system.pk in done:
            continue
        _classify(system, spec, data, coordinator, today)
