"""Who may read and change the CMDB.

The IT unit (head of IT, support lead, IT staff) and the information-security coordinator read
it; the head of IT and IT staff maintain items, relations and imports; only the head of IT
defines item types. The reconciliation with finance is read by the IT unit and finance.
Everyone else in the organisation sees the items a system runs on by name on the system's page,
not the CMDB itself.
"""

import rules

from styrbord.core.predicates import has_role

from .choices import CMDB_EDITORS, CMDB_READERS, RECONCILERS, TYPE_EDITORS

reads_cmdb = has_role(*CMDB_READERS)
edits_cmdb = has_role(*CMDB_EDITORS)
edits_types = has_role(*TYPE_EDITORS)
reconciles = has_role(*RECONCILERS)

rules.add_perm("infra.view_itemtype", reads_cmdb)
rules.add_perm("infra.add_itemtype", edits_types)
rules.add_perm("infra.change_itemtype", edits_types)

rules.add_perm("infra.view_configurationitem", reads_cmdb)
rules.add_perm("infra.add_configurationitem", edits_cmdb)
rules.add_perm("infra.change_configurationitem", edits_cmdb)
rules.add_perm("infra.export_configurationitem", reads_cmdb)

rules.add_perm("infra.view_itemrelation", reads_cmdb)
rules.add_perm("infra.add_itemrelation", edits_cmdb)
rules.add_perm("infra.change_itemrelation", edits_cmdb)
rules.add_perm("infra.delete_itemrelation", edits_cmdb)

rules.add_perm("infra.view_importbatch", edits_cmdb)
rules.add_perm("infra.add_importbatch", edits_cmdb)

rules.add_perm("infra.view_reconciliation", reconciles)
