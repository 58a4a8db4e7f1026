"""Import configuration items from CSV or XLSX, the way real inventories arrive.

The file's first row names the columns (English names such as ``serial_number`` or the usual
Swedish ones such as ``serienummer``; see ``COLUMNS``); every other column is an attribute of
the item's type, by field name or label. Each row is matched to an existing item of the
organisation by serial number, else by name, and becomes a *create*, a *change*, *unchanged* or
*refused* with its reasons.

Rules, and why:

- All or nothing. When any row is refused, nothing is imported: the preview says which rows to
  fix, and the corrected file is imported whole. A partly imported inventory leaves nobody
  knowing which rows are in, and importing the rest later would have to match the first half.
- The dry run and the real run are the same code: every row goes through the same service
  functions as the pages, inside one transaction that is rolled back after a dry run (or when a
  row is refused). What the preview promised is what the import does.
- An empty cell leaves the item's value as it is (an inventory that lacks a column says nothing
  about it); values are cleared on the item's page.
- CSV: UTF-8 (with or without BOM), else Windows-1252 (what Excel saves in Sweden); the
  separator is the one of ``;``, ``,`` or tab that the header row uses most.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from styrbord.organisations.models import Department, User

from . import attributes, services
from .choices import ImportStatus, Lifecycle
from .models import ConfigurationItem, ImportBatch, ItemType

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000

# Column name in the file (normalised: lower case, spaces and dashes as _) -> what it sets.
COLUMNS = {
    "name": "name",
    "type": "item_type",
    "status": "status",
    "status_since": "status_since",
    "serial_number": "serial_number",
    "manufacturer": "manufacturer",
    "model": "model",
    "assigned_to": "assigned_to",
    "department": "department",
    "location": "location",
    "supplier": "supplier",
    "purchase_date": "purchase_date",
    "warranty_until": "warranty_until",
    "ordered_on": "ordered_on",
    "delivered_on": "delivered_on",
    "in_use_from": "in_use_from",
    "retired_on": "retired_on",
    "notes": "notes",
}
ALIASES = {
    "item_type": "type",
    "serial": "serial_number",
    "serial_no": "serial_number",
    "namn": "name",
    "typ": "type",
    "serienummer": "serial_number",
    "tillverkare": "manufacturer",
    "modell": "model",
    "användare": "assigned_to",
    "tilldelad": "assigned_to",
    "avdelning": "department",
    "ansvar": "department",
    "kostnadsställe": "department",
    "plats": "location",
    "placering": "location",
    "leverantör": "supplier",
    "inköpsdatum": "purchase_date",
    "garanti": "warranty_until",
    "garanti_till": "warranty_until",
    "anteckningar": "notes",
}
DATE_FIELDS = {field.name for field in ConfigurationItem._meta.fields if isinstance(field, models.DateField)}
TEXT_FIELDS = {
    field.name
    for field in ConfigurationItem._meta.fields
    if isinstance(field, models.CharField | models.TextField) and not field.choices
}

CREATE, CHANGE, UNCHANGED, REFUSE = "create", "change", "unchanged", "refuse"


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing is imported."""


@dataclass
class RowResult:
    number: int  # the row's number in the file, the header being row 1
    name: str
    action: str = CREATE
    changes: list = field(default_factory=list)  # (label, old, new)
    reasons: list = field(default_factory=list)
    item_id: int | None = None

    def refuse(self, reason):
        self.action = REFUSE
        self.reasons.append(str(reason))


@dataclass
class ImportResult:
    columns: list
    rows: list = field(default_factory=list)
    applied: bool = False

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def ok(self):
        return bool(self.rows) and not self.count(REFUSE)

    def summary(self):
        return {
            "rows": len(self.rows),
            CREATE: self.count(CREATE),
            CHANGE: self.count(CHANGE),
            UNCHANGED: self.count(UNCHANGED),
            REFUSE: self.count(REFUSE),
        }


def normalise(header):
    text = str(header or "").strip().lower().replace("-", "_").replace(" ", "_")
    return ALIASES.get(text, text)


def as_text(value):
    """A cell as text: whole numbers without '.0', dates as YYYY-MM-DD, the export's formula guard removed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]  # the export's guard against formulas
    return text


def _decode(content):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is neither UTF-8 nor Windows-1252 text."))


def _read_csv(content):
    text = _decode(content)
    header_line = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=header_line.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _read_xlsx(content):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportFileError(_("The file is not a readable Excel workbook (XLSX).")) from None
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(content, filename=""):
    """The file's header and its data rows as (row number, {column: text}); empty rows are skipped."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB: split it into several files."))
    is_xlsx = filename.lower().endswith(".xlsx") or content[:2] == b"PK"
    table = _read_xlsx(content) if is_xlsx else _read_csv(content)
    if not table or not any(as_text(cell) for cell in table[0]):
        raise ImportFileError(_("The file is empty: the first row must name the columns."))
    headers = [normalise(as_text(cell)) for cell in table[0]]
    if "name" not in headers:
        raise ImportFileError(_("The file has no column 'name' (namn)."))
    duplicates = sorted({h for h in headers if h and headers.count(h) > 1})
    if duplicates:
        raise ImportFileError(_("These columns appear twice: %(columns)s.") % {"columns": ", ".join(duplicates)})
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {headers[i]: as_text(cell) for i, cell in enumerate(cells) if i < len(headers) and headers[i]}
        if any(values.values()):
            rows.append((number, values))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("The file has more than %(max)d rows: split it.") % {"max": MAX_ROWS})
    return headers, rows


class Lookups:
    """What the rows refer to, read once per import: types, departments, people, statuses, items."""

    def __init__(self, organisation):
        self.organisation = organisation
        self.types = {}
        for item_type in ItemType.objects.in_organisation(organisation).filter(is_active=True):
            self.types[item_type.code.casefold()] = item_type
            self.types.setdefault(item_type.name.casefold(), item_type)
        self.departments = {}
        for department in Department.objects.in_organisation(organisation).filter(is_active=True):
            if department.cost_centre:
                self.departments[department.cost_centre.casefold()] = department
            self.departments.setdefault(department.name.casefold(), department)
        self.statuses = {}
        for value, label in Lifecycle.choices:
            self.statuses[value] = value
            for language in ("en", "sv"):
                with translation.override(language):
                    self.statuses[str(label).casefold()] = value

        self.people = {}

    def person(self, text):
        key = text.casefold()
        if key not in self.people:
            self.people[key] = (
                User.objects.in_organisation(self.organisation)
                .filter(Q(username__iexact=text) | Q(email__iexact=text))
                .first()
            )
        return self.people[key]

    def item(self, **lookup):
        return ConfigurationItem.objects.in_organisation(self.organisation).filter(**lookup).first()


def _common_values(values, lookups, row):
    """The common columns of a row converted to field values; problems become the row's reasons."""
    fields = {}
    for column, target in COLUMNS.items():
        text = values.get(column, "")
        if not text:
            continue
        if target in TEXT_FIELDS:
            fields[target] = text
        elif target in DATE_FIELDS:
            try:
                fields[target] = attributes.parse_date(text)
            except ValueError:
                row.refuse(_("%(column)s: enter a date as YYYY-MM-DD.") % {"column": column})
        elif target == "item_type":
            fields[target] = lookups.types.get(text.casefold())
            if fields[target] is None:
                row.refuse(_("type: no active item type has the code or name %(value)s.") % {"value": text})
        elif target == "status":
            fields[target] = lookups.statuses.get(text.casefold())
            if fields[target] is None:
                row.refuse(_("status: %(value)s is not a status.") % {"value": text})
        elif target == "department":
            fields[target] = lookups.departments.get(text.casefold())
            if fields[target] is None:
                row.refuse(
                    _("department: no active department has the cost centre or name %(value)s.") % {"value": text}
                )
        elif target == "assigned_to":
            fields[target] = lookups.person(text)
            if fields[target] is None:
                row.refuse(_("assigned_to: no member has the user name or e-mail %(value)s.") % {"value": text})
    return fields


def _attribute_values(values, item_type, row):
    by_column = {}
    for definition in item_type.field_definitions:
        by_column[definition["name"]] = definition["name"]
        by_column.setdefault(normalise(definition["label"]), definition["name"])
    given = {}
    for column, text in values.items():
        if column in COLUMNS or not text:
            continue
        name = by_column.get(column)
        if name is None:
            row.refuse(_("%(column)s: not a field of the type %(type)s.") % {"column": column, "type": item_type})
        else:
            given[name] = text
    return given


def _match(fields, lookups, row):
    by_serial = lookups.item(serial_number=fields["serial_number"]) if fields.get("serial_number") else None
    by_name = lookups.item(name=fields["name"]) if fields.get("name") else None
    if by_serial and by_name and by_serial.pk != by_name.pk:
        row.refuse(
            _("The serial number belongs to %(serial_item)s but the name to another item.")
            % {"serial_item": by_serial.name}
        )
        return None
    return by_serial or by_name


def _display(value, field=None):
    if value is None or value == "":
        return "–"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _diff(item, fields, given_attributes):
    changes = []
    for name, new in fields.items():
        old = getattr(item, name)
        if old != new:
            field = ConfigurationItem._meta.get_field(name)
            changes.append((str(field.verbose_name), _display(old, field), _display(new, field)))
    definitions = (
        item.item_type.field_definitions if "item_type" not in fields else fields["item_type"].field_definitions
    )
    for name, new in given_attributes.items():
        definition = next((d for d in definitions if d["name"] == name), None)
        try:
            converted = attributes.clean_value(definition, new) if definition else new
        except ValueError:
            converted = new
        old = (item.attributes or {}).get(name)
        if old != converted:
            changes.append((definition["label"] if definition else name, _display(old), _display(converted)))
    return changes


def _reasons(error, item_type):
    labels = {f.name: str(f.verbose_name) for f in ConfigurationItem._meta.get_fields() if hasattr(f, "verbose_name")}
    for definition in item_type.field_definitions:
        labels[attributes.error_key(definition["name"])] = definition["label"]
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    return [
        f"{labels.get(key, key) if key != '__all__' else _('row')}: {message}"
        for key, messages in error.message_dict.items()
        for message in messages
    ]


def _import_row(number, values, lookups, seen, *, acting_user, today):
    row = RowResult(number=number, name=values.get("name", ""))
    fields = _common_values(values, lookups, row)
    if not fields.get("name"):
        row.refuse(_("name: every row needs a name."))
    for key in ("name", "serial_number"):
        value = (fields.get(key) or "").casefold()
        if value and (key, value) in seen:
            row.refuse(_("Row %(row)d has the same %(column)s.") % {"row": seen[(key, value)], "column": key})
        elif value:
            seen[(key, value)] = number
    existing = _match(fields, lookups, row)
    item_type = fields.get("item_type") or (existing.item_type if existing else None)
    if item_type is None:
        if "item_type" not in fields:
            row.refuse(_("type: a new item needs a type."))
        return row
    given_attributes = _attribute_values(values, item_type, row)
    if row.action == REFUSE:
        # Say what else is wrong with the row, so that one round of corrections is enough.
        current = (existing.attributes or {}) if existing else {}
        try:
            attributes.clean_attributes(item_type.field_definitions, {**current, **given_attributes}, strict=False)
        except ValidationError as error:
            row.reasons.extend(_reasons(error, item_type))
        return row
    try:
        with transaction.atomic():
            if existing is None:
                item = services.create_item(
                    acting_user=acting_user,
                    organisation=lookups.organisation,
                    attributes=given_attributes,
                    today=today,
                    **{"item_type": item_type, **fields},
                )
            else:
                row.action, row.item_id = CHANGE, existing.pk
                row.changes = _diff(existing, fields, given_attributes)
                if not row.changes:
                    row.action = UNCHANGED
                    return row
                changes = dict(fields)
                if given_attributes:
                    changes["attributes"] = {**(existing.attributes or {}), **given_attributes}
                item = services.update_item(existing, acting_user=acting_user, today=today, **changes)
    except ValidationError as error:
        row.action = REFUSE
        row.changes = []
        row.reasons.extend(_reasons(error, item_type))
        return row
    row.item_id = item.pk
    return row


def run_import(content, filename="", *, organisation, acting_user, dry_run=True, today=None):
    """Plan (``dry_run``) or carry out an import; see the module's rules. Raises ImportFileError."""
    headers, rows = read_table(content, filename)
    result = ImportResult(columns=[h for h in headers if h])
    lookups = Lookups(organisation)
    today = today or timezone.localdate()
    seen = {}
    with transaction.atomic():
        for number, values in rows:
            result.rows.append(_import_row(number, values, lookups, seen, acting_user=acting_user, today=today))
        if dry_run or not result.ok:
            transaction.set_rollback(True)
        else:
            result.applied = True
    return result


def _stored(result):
    return {
        "counts": result.summary(),
        "columns": result.columns,
        "rows": [
            {
                "number": row.number,
                "name": row.name,
                "action": row.action,
                "changes": row.changes,
                "reasons": row.reasons,
                "item_id": row.item_id if result.applied else None,
            }
            for row in result.rows
        ],
    }


@transaction.atomic
def start_import(*, acting_user, organisation, filename, content):
    """Keep the uploaded file and its dry run; a file that cannot be read is refused on ``file``."""
    try:
        result = run_import(content, filename, organisation=organisation, acting_user=acting_user, dry_run=True)
    except ImportFileError as error:
        raise ValidationError({"file": str(error)}) from None
    batch = ImportBatch(
        organisation=organisation,
        filename=filename[:200],
        content=content,
        uploaded_by=acting_user,
        summary=_stored(result),
    )
    batch.save()
    return batch


@transaction.atomic
def apply_import(batch, *, acting_user):
    """Import the batch's file for real. When a row is refused now (the data changed since the
    preview), nothing is imported and the batch keeps the new outcome: check ``batch.status``."""
    if batch.status == ImportStatus.APPLIED:
        raise ValidationError(_("This file has already been imported."))
    result = run_import(
        bytes(batch.content), batch.filename, organisation=batch.organisation, acting_user=acting_user, dry_run=False
    )
    batch.summary = _stored(result)
    if result.applied:
        batch.status, batch.applied_at = ImportStatus.APPLIED, timezone.now()
    batch.save()
    return batch
