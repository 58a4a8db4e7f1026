"""Who runs and who reads the customer surveys.

- The head of IT and the support lead create, edit, open and close rounds, read every result
  and the answers (never who gave them in an anonymous round).
- The management group reads every round's results (strategic level).
- Department heads read the results of their own departments (tactical level).
- Answering is for the invited person only, through the link in the invitation.
"""

import rules

from styrbord.core.predicates import has_role

from .choices import DEPARTMENT_READERS, MANAGERS, READERS

is_manager = has_role(*MANAGERS)
is_reader = has_role(*READERS)
is_department_reader = has_role(*DEPARTMENT_READERS)

rules.add_perm("surveys.list_surveyround", is_reader | is_department_reader)
rules.add_perm("surveys.view_surveyround", is_reader | is_department_reader)
rules.add_perm("surveys.add_surveyround", is_manager)
rules.add_perm("surveys.change_surveyround", is_manager)
rules.add_perm("surveys.view_response", is_manager)

# Anyone signed in may post an answer; the token and the invitation decide whether it counts.
rules.add_perm("surveys.add_response", rules.is_authenticated)
