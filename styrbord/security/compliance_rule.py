"""The management-quality rule "current classification" (systems.compliance.register_rule).

A system meets it with a current classification (adopted, still valid); one due for review still
counts. The rule sees one system's facts at a time, so the classifications of the whole
organisation are read once per ``gather`` call and kept on the facts' settings object, which
``gather`` shares between the systems of one organisation: one query however many systems.
The rule is registered when the app is ready.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styrbord.systems import compliance

from .classification import current_classifications

KEY = "classification"
_CACHE_ATTR = "_security_current_classifications"


def _current(facts):
    cache = facts.settings.__dict__.setdefault(_CACHE_ATTR, {})
    if facts.today not in cache:
        from styrbord.systems.models import System

        systems = System.objects.filter(organisation_id=facts.system.organisation_id)
        cache[facts.today] = current_classifications(systems, facts.today)
    return cache[facts.today].get(facts.system.pk)


def check(facts):
    current = _current(facts)
    if current is None:
        return False, _("No current information security classification.")
    if current.review_reason:
        return True, _("Classified on %(day)s; due for review: %(reason)s") % {
            "day": current.classified_on,
            "reason": current.review_reason,
        }
    return True, _("Classified on %(day)s, valid until %(until)s.") % {
        "day": current.classified_on,
        "until": current.valid_until,
    }


RULE = compliance.Rule(KEY, gettext_lazy("Current security classification"), check)


def register():
    return compliance.register_rule(RULE)
