import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORG_NUMBER_RE = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalise_org_number(value: str) -> str:
    """Return NNNNNN-NNNN or raise ValidationError naming the reason."""
    match = ORG_NUMBER_RE.match((value or "").strip())
    if not match:
        raise ValidationError(_("Enter the organisation number as ten digits, NNNNNN-NNNN."), code="format")
    digits = match.group(1) + match.group(2)
    if not luhn_ok(digits):
        raise ValidationError(_("The check digit does not match: check the organisation number."), code="check_digit")
    return f"{match.group(1)}-{match.group(2)}"


def validate_org_number(value):
    normalise_org_number(value)


COST_CENTRE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$")


def validate_cost_centre(value):
    if value and not COST_CENTRE_RE.match(value):
        raise ValidationError(
            _("A cost-centre code is 1–20 letters, digits, dots, dashes or underscores."),
            code="format",
        )
