"""Priority from impact × urgency, per organisation, with a default matrix."""

from .choices import Level

# impact, urgency -> priority (1 = P1 critical … 4 = P4 low)
DEFAULT_MATRIX = {
    (Level.HIGH, Level.HIGH): 1,
    (Level.HIGH, Level.MEDIUM): 2,
    (Level.HIGH, Level.LOW): 3,
    (Level.MEDIUM, Level.HIGH): 2,
    (Level.MEDIUM, Level.MEDIUM): 3,
    (Level.MEDIUM, Level.LOW): 4,
    (Level.LOW, Level.HIGH): 3,
    (Level.LOW, Level.MEDIUM): 4,
    (Level.LOW, Level.LOW): 4,
}


def priority_for(organisation, impact, urgency, rules=None):
    """The organisation's configured cell, else the default matrix."""
    from .models import PriorityRule

    if rules is None:
        rules = {(r.impact, r.urgency): r.priority for r in PriorityRule.objects.filter(organisation=organisation)}
    return rules.get((impact, urgency)) or DEFAULT_MATRIX[(Level(impact), Level(urgency))]
