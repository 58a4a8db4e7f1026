"""Export configuration items as CSV or XLSX, in the columns the import reads back.

The files are written by ``styrbord.core.spreadsheets`` (formula escaping); the import removes
the escaping apostrophe again.
"""

from .importing import COLUMNS


def item_table(items):
    """Headers and rows for ``items`` (with type, person and department loaded): common columns, then attributes."""
    items = list(items)
    attribute_names = []
    seen_types = set()
    for item in items:
        if item.item_type_id in seen_types:
            continue
        seen_types.add(item.item_type_id)
        for definition in item.item_type.field_definitions:
            if definition["name"] not in attribute_names and definition["name"] not in COLUMNS:
                attribute_names.append(definition["name"])
    headers = [*COLUMNS, *attribute_names]
    rows = []
    for item in items:
        common = {
            "name": item.name,
            "type": item.item_type.code,
            "status": item.status,
            "assigned_to": item.assigned_to.username if item.assigned_to_id else "",
            "department": (item.department.cost_centre or item.department.name) if item.department_id else "",
        }
        row = [common[c] if c in common else getattr(item, COLUMNS[c]) for c in COLUMNS]
        values = item.attributes or {}
        row.extend(values.get(name, "") for name in attribute_names)
        rows.append(row)
    return headers, rows
