"""The shipped measure catalogue (``data/measures-v<N>.yaml``) and loading it into an organisation.

Each file is one version of Styrbord's default catalogue: ``version``, ``name``, ``published`` and
``measures``, each with ``code``, ``theme``, ``kind``, ``required_from: {aspect: level}`` and the
texts ``title``, ``guidance``, ``supplier_requirement`` and optionally ``usability`` in Swedish and
English (``{sv: ..., en: ...}``).

Loading copies the newest version into the organisation's own catalogue, which it then edits.
Language: the texts are copied in the site's language (``LANGUAGE_CODE``: English when it is
English, otherwise Swedish, the default); an organisation is one municipality working in one
language, and the catalogue is its own text after loading.

Loading a newer version later adds the new measures and updates a measure only when the
organisation has not edited it: a measure is unedited when its texts and levels still equal the
shipped ones of the version it came from (in either language). Edited measures and measures the
organisation wrote itself are never overwritten; a measure the newer version drops is
deactivated (when unedited), never deleted, because assessments refer to it.
"""

import re
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from styrbord.core.services import save_validated

from .choices import Aspect
from .models import Measure, SecuritySettings

DATA_DIR = Path(__file__).parent / "data"
FILE_PATTERN = re.compile(r"^measures-v(\d+)\.ya?ml$")
LANGUAGES = ("sv", "en")
# The fields a catalogue version decides; the organisation's own additions (usability easing,
# active or not) are not compared.
SHIPPED_FIELDS = (
    "theme",
    "kind",
    "title",
    "guidance",
    "supplier_requirement",
    "usability_impact",
    *(f"required_{aspect}" for aspect in Aspect.values),
)


def shipped_versions(directory=None):
    """{version: path} of the catalogue files in ``directory`` (default: the shipped ones)."""
    directory = directory or DATA_DIR
    versions = {}
    for path in Path(directory).glob("measures-v*.y*ml"):
        match = FILE_PATTERN.match(path.name)
        if match:
            versions[int(match.group(1))] = path
    return versions


def read_catalogue(path):
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    data["version"] = int(data["version"])
    return data


def newest_catalogue(directory=None):
    versions = shipped_versions(directory)
    if not versions:
        raise FileNotFoundError(f"No measure catalogue in {directory or DATA_DIR}")
    return read_catalogue(versions[max(versions)])


def catalogue_language(language=None):
    language = (language or settings.LANGUAGE_CODE or "sv").lower()
    return "en" if language.startswith("en") else "sv"


def _text(value, language):
    if isinstance(value, dict):
        return (value.get(language) or value.get("sv") or value.get("en") or "").strip()
    return (value or "").strip()


def shipped_fields(spec, language):
    """The values a catalogue entry gives a measure, in ``language``."""
    required = spec.get("required_from") or {}
    fields = {
        "theme": spec["theme"],
        "kind": spec["kind"],
        "title": _text(spec.get("title"), language)[:200],
        "guidance": _text(spec.get("guidance"), language),
        "supplier_requirement": _text(spec.get("supplier_requirement"), language),
        "usability_impact": _text(spec.get("usability"), language),
    }
    for aspect in Aspect.values:
        level = required.get(aspect)
        fields[f"required_{aspect}"] = int(level) if level is not None else None
    return fields


def _current(measure):
    return {name: getattr(measure, name) for name in SHIPPED_FIELDS}


def _normalised(values):
    return {name: (value.strip() if isinstance(value, str) else value) for name, value in values.items()}


def edited(measure, directory=None, _cache=None):
    """True when the organisation changed the measure since it was loaded (or wrote it itself)."""
    if measure.catalogue_version is None:
        return True
    cache = _cache if _cache is not None else {}
    version = measure.catalogue_version
    if version not in cache:
        path = shipped_versions(directory).get(version)
        cache[version] = {s["code"]: s for s in read_catalogue(path)["measures"]} if path else {}
    spec = cache[version].get(measure.code)
    if spec is None:
        return True
    current = _normalised(_current(measure))
    return all(current != shipped_fields(spec, language) for language in LANGUAGES)


def settings_of(organisation):
    return SecuritySettings.objects.filter(organisation=organisation).first() or SecuritySettings(
        organisation=organisation
    )


@transaction.atomic
def load_catalogue(*, acting_user, organisation, catalogue=None, directory=None, language=None):
    """Load the newest shipped catalogue (or ``catalogue``, a read file) into ``organisation``.

    Returns {"version", "created", "updated", "kept", "unchanged", "deactivated"}: codes per outcome
    ("kept": edited by the organisation, left as it is). Running it twice changes nothing.
    """
    catalogue = catalogue or newest_catalogue(directory)
    version = catalogue["version"]
    language = catalogue_language(language)
    outcome = {"version": version, "created": [], "updated": [], "kept": [], "unchanged": [], "deactivated": []}
    existing = {m.code: m for m in Measure.objects.in_organisation(organisation)}
    cache = {version: {s["code"]: s for s in catalogue["measures"]}}
    for spec in catalogue["measures"]:
        fields = shipped_fields(spec, language)
        measure = existing.get(spec["code"])
        if measure is None:
            save_validated(
                Measure(organisation=organisation, code=spec["code"], catalogue_version=version, **fields),
                acting_user=acting_user,
            )
            outcome["created"].append(spec["code"])
        elif measure.catalogue_version is not None and measure.catalogue_version >= version:
            outcome["unchanged"].append(spec["code"])
        elif edited(measure, directory, cache):
            outcome["kept"].append(spec["code"])
        else:
            for name, value in fields.items():
                setattr(measure, name, value)
            measure.catalogue_version = version
            save_validated(measure, acting_user=acting_user)
            outcome["updated"].append(spec["code"])
    codes = {spec["code"] for spec in catalogue["measures"]}
    for code, measure in existing.items():
        dropped = measure.catalogue_version is not None and measure.catalogue_version < version and code not in codes
        if dropped and measure.is_active and not edited(measure, directory, cache):
            measure.is_active = False
            save_validated(measure, acting_user=acting_user)
            outcome["deactivated"].append(code)
    rules = settings_of(organisation)
    if rules.catalogue_version is None or rules.catalogue_version < version:
        rules.catalogue_version = version
        save_validated(rules, acting_user=acting_user)
    return outcome
