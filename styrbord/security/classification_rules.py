"""Who may read and change classifications, information types, findings and the settings.

- Every member reads the classification list and the classifications, except that a
  classification with confidentiality need 3 or more is shown only to the system's role holders
  (for the system or its management object), the security coordinator and the head of IT
  (``classification.can_see``); to others it does not exist (404).
- The system's manager and owner classify their system together with the security coordinator
  (KLASSA): they, the coordinator and the head of IT create, edit and adopt classifications,
  keep the information types and mark a system as changed.
- The settings (valid years, reminders, hosting requirements) are the head of IT's and the
  security coordinator's.
- Findings name weaknesses of specific systems: shown to the head of IT, the security
  coordinator, IT staff and the management group, and to system role holders for their own
  systems (the page filters to what each may see).
"""

import rules

from styrbord.core.predicates import has_role, is_member
from styrbord.organisations.choices import Role
from styrbord.systems.access import system_roles
from styrbord.systems.choices import RoleKind
from styrbord.systems.rules import holds

from .choices import ClassificationStatus
from .classification import can_see

KEEPERS = (Role.IT_HEAD, Role.SECURITY_COORDINATOR)
FINDING_READERS = (Role.IT_HEAD, Role.SECURITY_COORDINATOR, Role.IT_STAFF, Role.MANAGEMENT_GROUP)

keeps_settings = has_role(*KEEPERS)
classifies = has_role(*KEEPERS) | holds(RoleKind.MANAGER, RoleKind.OWNER)


@rules.predicate
def sees_classification(user, classification=None):
    return classification is None or can_see(user, classification)


@rules.predicate
def is_draft(user, classification=None):
    return classification is not None and classification.status == ClassificationStatus.DRAFT


@rules.predicate
def holds_any_system_role(user, organisation=None):
    return system_roles(user).any


reads_findings = has_role(*FINDING_READERS) | (is_member & holds_any_system_role)

rules.add_perm("security.view_classification", is_member & sees_classification)
rules.add_perm("security.add_classification", is_member & classifies)  # object: the system
rules.add_perm("security.change_classification", is_member & sees_classification & classifies & is_draft)
rules.add_perm("security.adopt_classification", is_member & sees_classification & classifies & is_draft)
rules.add_perm("security.delete_classification", is_member & sees_classification & classifies & is_draft)
rules.add_perm("security.reclassify_system", is_member & classifies)  # object: the system
rules.add_perm("security.view_informationtype", is_member)
rules.add_perm("security.add_informationtype", is_member & classifies)  # object: the system
rules.add_perm("security.change_informationtype", is_member & classifies)
rules.add_perm("security.view_securitysettings", keeps_settings)
rules.add_perm("security.change_securitysettings", keeps_settings)
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"security.{action}_hostingrequirement", keeps_settings)
rules.add_perm("security.view_findings", reads_findings)
