"""Who runs and who reads the customer surveys.

- The head of IT and the support lead create, edit, open and close rounds, read every result
  and the answers (never who gave them in an anonymous round).
- The management group reads every round's results (strategic level).
- Department heads read the results of their own departments (tactical level).
- Questions: read with the round by the head of IT, support lead and management group; added,
  edited, moved and removed by the head of IT and the support lead (and only while the round is
  a draft: ``services.py``).
- Answering is for the invited person only, through the link in the invitation.
"""

import rules

from styrbord.core.predicates import has_role
from styrbord.core.tenancy import access

from .choices import DEPARTMENT_READERS, MANAGERS, READERS

is_manager = has_role(*MANAGERS)
is_reader = has_role(*READERS)
is_department_reader = has_role(*DEPARTMENT_READERS)

rules.add_perm("surveys.list_surveyround", is_reader | is_department_reader)
rules.add_perm("surveys.view_surveyround", is_reader | is_department_reader)
rules.add_perm("surveys.add_surveyround", is_manager)
rules.add_perm("surveys.change_surveyround", is_manager)
rules.add_perm("surveys.view_response", is_manager)

rules.add_perm("surveys.view_question", is_reader)
rules.add_perm("surveys.add_question", is_manager)
rules.add_perm("surveys.change_question", is_manager)
rules.add_perm("surveys.delete_question", is_manager)

# Anyone signed in may post an answer; the token and the invitation decide whether it counts.
rules.add_perm("surveys.add_response", rules.is_authenticated)


def readable_departments(user, organisation):
    """Whose figures ``user`` reads: None for every department, else the departments a department
    head holds the role for."""
    from styrbord.organisations.models import Department

    if user.is_superuser or is_reader(user, organisation):
        return None
    paths = access(user).department_paths(organisation.pk, *DEPARTMENT_READERS)
    return list(Department.objects.filter(organisation=organisation, path__in=paths))


def organisations_with(user, roles):
    """The organisations where ``user`` holds one of ``roles`` (the API lists rounds, questions and
    answers only there)."""
    user_access = access(user)
    return [org for org in user_access.organisation_ids if user_access.has_role(org, *roles)]
