"""Demo: the default measure catalogue in each demo organisation, self-assessments with realistic
gaps for the systems that have a current classification (made by the classification demo at
order 70), action plans in progress, and a handful of the service desk's demo tickets of last
and this year marked as security incidents.

Deterministic and idempotent: a system that already has self-assessments is left alone.
"""

import random
from datetime import timedelta

from django.utils import timezone

from styrbord.core.demo import demo_loader

from . import catalogue, measure_services, quality
from .choices import ActionStatus, AssessmentStatus, MeasureKind
from .models import ActionItem, Assessment, Measure
from .requirements import required_measures

EVIDENCE = [
    "Rutinbeskrivning i förvaltningens ledningssystem, senast reviderad i våras.",
    "Inställningen syns i systemets administrationsgränssnitt; skärmbild i förvaltningsdokumentationen.",
    "Leverantörens rapport från senaste revisionen.",
    "Avtalsbilaga om informationssäkerhet och personuppgiftsbiträdesavtal.",
    "Protokoll från senaste behörighetsgenomgången.",
]
GAP_COMMENTS = {
    AssessmentStatus.PARTLY: [
        "Gäller för de flesta användare men inte för alla konton ännu.",
        "Finns men är inte dokumenterat eller testat det senaste året.",
        "Införs stegvis; återstår för en del av verksamheten.",
    ],
    AssessmentStatus.NOT_MET: [
        "Saknas i dag; behöver utredas tillsammans med leverantören.",
        "Ingår inte i nuvarande avtal.",
        "Inte påbörjat; resurser saknas i år.",
    ],
}
NOT_APPLICABLE = "Systemet hanterar inte den sortens information eller funktion."
INCIDENTS_PER_YEAR = 6


def _answer(rng, measure, maturity):
    roll = rng.random()
    if roll < 0.04:
        return AssessmentStatus.NOT_APPLICABLE
    # Technical measures are more often in place than routines and training.
    met = maturity + (0.05 if measure.kind == MeasureKind.TECHNICAL else -0.05)
    if roll < met:
        return AssessmentStatus.MET
    return AssessmentStatus.PARTLY if rng.random() < 0.55 else AssessmentStatus.NOT_MET


def _assess_system(system, classification, coordinator, today):
    if Assessment.objects.filter(system=system).exists():
        return
    rng = random.Random(f"measures-{system.organisation_id}-{system.name}")  # noqa: S311 - demo data
    required = list(required_measures(classification.need(), Measure.objects.in_organisation(system.organisation)))
    if not required:
        return
    maturity = rng.uniform(0.55, 0.9)
    # One system in five is still being assessed: the last measures wait.
    done = len(required) if rng.random() > 0.2 else len(required) * 2 // 3
    manager = measure_services.system_manager(system) or coordinator
    for measure in required[:done]:
        status = _answer(rng, measure, maturity)
        assessed_on = today - timedelta(days=rng.randrange(20, 240))
        fields = {"comment": "", "evidence": "", "not_applicable_reason": ""}
        if status == AssessmentStatus.MET:
            fields["evidence"] = rng.choice(EVIDENCE)
        elif status == AssessmentStatus.NOT_APPLICABLE:
            fields["not_applicable_reason"] = NOT_APPLICABLE
        else:
            fields["comment"] = rng.choice(GAP_COMMENTS[status])
        measure_services.record_assessment(
            acting_user=manager, system=system, measure=measure, status=status, assessed_on=assessed_on, **fields
        )
    # Action plans in progress: some items started, a few finished early by the security coordinator.
    for action in ActionItem.objects.filter(assessment__system=system, status=ActionStatus.OPEN).order_by("pk"):
        roll = rng.random()
        if roll < 0.4:
            measure_services.update_action(action, acting_user=manager, status=ActionStatus.IN_PROGRESS)


def _mark_incidents(organisation, today):
    from styrbord.servicedesk.models import Ticket

    for year in (today.year - 1, today.year):
        tickets = Ticket.objects.filter(organisation=organisation, reported_at__year=year)
        if not tickets.exists() or tickets.filter(is_security_incident=True).exists():
            continue
        ids = list(tickets.order_by("pk").values_list("pk", flat=True))
        rng = random.Random(f"incidents-{organisation.pk}-{year}")  # noqa: S311 - demo data
        chosen = rng.sample(ids, min(INCIDENTS_PER_YEAR, len(ids)))
        Ticket.objects.filter(pk__in=chosen).update(is_security_incident=True)


@demo_loader(order=72)
def load(context):
    if not catalogue.shipped_versions():
        return
    users = context.get("users", {})
    coordinator = users.get("sakerhet")
    today = timezone.localdate()
    for _key, organisation in sorted(context.get("organisations", {}).items()):
        catalogue.load_catalogue(acting_user=coordinator, organisation=organisation)
        systems = list(quality.systems_in_use(organisation).order_by("name"))
        classifications = quality.current_classifications(systems, today)
        for system in systems:
            if system.pk in classifications:
                _assess_system(system, classifications[system.pk], coordinator, today)
        _mark_incidents(organisation, today)
