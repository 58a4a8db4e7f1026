"""Who may read and change the service catalogue, its calendars and price lists.

Every member reads the published catalogue. What is not published yet (planned services,
draft price lists) is read by the IT unit and finance only; ``CatalogueQuerySet.restrict``
hides it from everyone else, so it answers 404. The head of IT changes everything.
"""

import rules

from styrbord.core.predicates import has_role, is_member
from styrbord.organisations.choices import IT_ROLES, Role

from .choices import DRAFT_READERS

is_it_head = has_role(Role.IT_HEAD)
reads_drafts = has_role(*DRAFT_READERS)
works_in_it = has_role(*IT_ROLES)


@rules.predicate
def is_public(user, obj=None):
    """The object is published for every member (an organisation or no object: nothing to hide)."""
    return getattr(obj, "is_public", True)


reads_catalogue_row = is_member & (is_public | reads_drafts)

rules.add_perm("catalog.view_competencearea", is_member)
rules.add_perm("catalog.add_competencearea", is_it_head)
rules.add_perm("catalog.change_competencearea", is_it_head)

rules.add_perm("catalog.view_service", reads_catalogue_row)
rules.add_perm("catalog.add_service", is_it_head)
rules.add_perm("catalog.change_service", is_it_head)

rules.add_perm("catalog.view_servicelevel", reads_catalogue_row)
rules.add_perm("catalog.add_servicelevel", is_it_head)
rules.add_perm("catalog.change_servicelevel", is_it_head)

rules.add_perm("catalog.view_businesscalendar", is_member)
rules.add_perm("catalog.add_businesscalendar", is_it_head)
rules.add_perm("catalog.change_businesscalendar", is_it_head)

rules.add_perm("catalog.view_closedday", is_member)
rules.add_perm("catalog.add_closedday", is_it_head)
rules.add_perm("catalog.change_closedday", is_it_head)
rules.add_perm("catalog.delete_closedday", is_it_head)

rules.add_perm("catalog.view_pricelist", reads_catalogue_row)
rules.add_perm("catalog.add_pricelist", is_it_head)
rules.add_perm("catalog.change_pricelist", is_it_head)
rules.add_perm("catalog.publish_pricelist", is_it_head)

rules.add_perm("catalog.view_price", reads_catalogue_row)
rules.add_perm("catalog.add_price", is_it_head)
rules.add_perm("catalog.change_price", is_it_head)
rules.add_perm("catalog.delete_price", is_it_head)
