"""Who may do what in information security."""

import rules  # noqa: F401

from styrbord.core.predicates import has_role, is_member  # noqa: F401
from styrbord.organisations.choices import Role  # noqa: F401

# --- classification side
from . import classification_rules  # noqa: E402, F401 - classification, findings, settings

# --- measure side
# isort: split
from . import measure_rules  # noqa: E402, F401 - catalogue, self-assessment, action plan
