"""Item types as data: the field definitions a type declares and the values an item holds.

A type's ``fields`` is a list of definitions::

    {"name": "ram_gb", "label": "RAM (GB)", "kind": "number", "required": false, "choices": []}

An item's ``attributes`` maps a field's name to its value: text as a string, a number as an int
or a float, a date as ``YYYY-MM-DD``, a choice as one of the field's choices. Empty values are
left out. Errors name the attribute as ``attributes.<name>`` so that forms, the API and the
import can point at it.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import FieldKind

NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_FIELDS = 40


def error_key(name):
    return f"attributes.{name}"


def clean_definitions(definitions):
    """Return the definitions normalised, or raise ValidationError listing every problem."""
    if definitions in (None, ""):
        return []
    if not isinstance(definitions, list):
        raise ValidationError(_("The fields must be a list of field definitions."))
    if len(definitions) > MAX_FIELDS:
        raise ValidationError(_("A type can have at most %(max)d fields.") % {"max": MAX_FIELDS})
    problems, cleaned, seen = [], [], set()
    for position, definition in enumerate(definitions, start=1):
        if not isinstance(definition, dict):
            problems.append(_("Field %(n)d: expected a definition with a name, label and kind.") % {"n": position})
            continue
        name = str(definition.get("name") or "").strip()
        label = str(definition.get("label") or "").strip() or name
        kind = definition.get("kind") or FieldKind.TEXT
        choices = definition.get("choices") or []
        if isinstance(choices, str):
            choices = [part.strip() for part in choices.split(",")]
        choices = [str(choice).strip() for choice in choices if str(choice).strip()]
        if not NAME_RE.match(name):
            problems.append(
                _("Field %(n)d: the name must start with a letter and hold only a–z, 0–9 and _ (at most 40).")
                % {"n": position}
            )
        elif name in seen:
            problems.append(_("Field %(n)d: the name %(name)s is used twice.") % {"n": position, "name": name})
        seen.add(name)
        if kind not in FieldKind.values:
            problems.append(_("Field %(n)d: unknown kind %(kind)s.") % {"n": position, "kind": kind})
        if kind == FieldKind.CHOICE and not choices:
            problems.append(_("Field %(n)d: a choice field needs at least one choice.") % {"n": position})
        if len(set(choices)) != len(choices):
            problems.append(_("Field %(n)d: a choice is listed twice.") % {"n": position})
        cleaned.append(
            {
                "name": name,
                "label": label[:100],
                "kind": kind,
                "required": bool(definition.get("required", False)),
                "choices": choices if kind == FieldKind.CHOICE else [],
            }
        )
    if problems:
        raise ValidationError(problems)
    return cleaned


def parse_number(value):
    """A number from text: a comma works as the decimal separator and spaces group digits."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return int(number) if number == number.to_integral_value() else float(number)


def parse_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def clean_value(definition, value):
    """Convert one value for its field; raise ValueError with the reason."""
    kind = definition["kind"]
    if kind == FieldKind.NUMBER:
        try:
            return parse_number(value)
        except ValueError:
            raise ValueError(_("Enter a number.")) from None
    if kind == FieldKind.DATE:
        try:
            return parse_date(value).isoformat()
        except (TypeError, ValueError):
            raise ValueError(_("Enter a date as YYYY-MM-DD.")) from None
    text = str(value).strip()
    if kind == FieldKind.CHOICE:
        for choice in definition["choices"]:
            if text.casefold() == choice.casefold():
                return choice
        raise ValueError(_("Choose one of: %(choices)s.") % {"choices": ", ".join(definition["choices"])})
    if len(text) > 500:
        raise ValueError(_("At most 500 characters."))
    return text


def unknown_field_message():
    return _("This is not a field of the item's type.")


def clean_attributes(definitions, values, *, strict=True):
    """Return the values converted for their fields, or raise ValidationError per attribute.

    ``strict``: a key that is not a field of the type is an error. Otherwise it is kept as it
    is, so that a value stays on an item after an administrator removed its field.
    """
    if values in (None, ""):
        values = {}
    if not isinstance(values, dict):
        raise ValidationError({"attributes": _("Give the attributes as an object of field names and values.")})
    by_name = {definition["name"]: definition for definition in definitions}
    errors, cleaned = {}, {}
    for name, value in values.items():
        if name not in by_name:
            if strict:
                errors[error_key(name)] = unknown_field_message()
            elif not is_empty(value):
                cleaned[name] = value
            continue
        if is_empty(value):
            continue
        try:
            cleaned[name] = clean_value(by_name[name], value)
        except ValueError as error:
            errors[error_key(name)] = str(error)
    for definition in definitions:
        if definition["required"] and definition["name"] not in cleaned and error_key(definition["name"]) not in errors:
            errors[error_key(definition["name"])] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def display_value(definition, value):
    if value is None:
        return ""
    if definition and definition["kind"] == FieldKind.NUMBER and isinstance(value, float):
        return f"{value:g}"
    return str(value)
