"""The API is a contract: the committed OpenAPI schema must match the code."""

import io
from pathlib import Path

import yaml
from django.core.management import call_command

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi.yaml"


def generate():
    out = io.StringIO()
    call_command("spectacular", "--lang", "en", "--validate", "--fail-on-warn", stdout=out)
    return out.getvalue()


# Django derives integer bounds from the database backend (SQLite: 64 bits for every integer
# field, PostgreSQL: by column type), so those bounds are left out of the comparison.
BACKEND_BOUNDS = {2**63 - 1, -(2**63), 2**31 - 1, -(2**31), 2**15 - 1, -(2**15)}


def without_backend_bounds(node):
    if isinstance(node, dict):
        cleaned = {key: without_backend_bounds(value) for key, value in node.items()}
        for key in ("maximum", "minimum"):
            if cleaned.get(key) in BACKEND_BOUNDS:
                del cleaned[key]
        if cleaned.get("format") in ("int32", "int64"):
            del cleaned["format"]
        return cleaned
    if isinstance(node, list):
        return [without_backend_bounds(item) for item in node]
    return node


def test_committed_schema_matches_the_code():
    generated = without_backend_bounds(yaml.safe_load(generate()))
    committed = without_backend_bounds(yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8")))
    assert generated == committed, "The API changed: run `make schema` and commit docs/api/openapi.yaml."


def test_schema_and_docs_are_served(client, django_user_model, db):
    user = django_user_model.objects.create_user("reader", password="pw-Styrbord-1")
    client.force_login(user)
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/organisations/departments/" in paths
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
