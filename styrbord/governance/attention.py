"""What the home page asks of forum chairs, the head of IT and the management group."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrbord.core.navigation import Attention, register_attention
from styrbord.core.tenancy import access

from . import services
from .choices import STRATEGY_OWNERS, DecisionStatus, EscalationStatus, ForumRole
from .models import Decision, Escalation, ForumMember


def _chaired(request):
    return list(
        ForumMember.objects.filter(
            person=request.user, role=ForumRole.CHAIR, forum__organisation=request.organisation
        ).values_list("forum_id", flat=True)
    )


@register_attention
def decisions_to_follow_up(request):
    """A forum's chair (the head of IT for decisions outside a forum): follow-up dates have passed."""
    organisation = request.organisation
    if organisation is None:
        return []
    chaired = _chaired(request)
    scope = Q(forum_id__in=chaired)
    if access(request.user).has_role(organisation.pk, "it_head"):
        scope |= Q(forum__isnull=True)
    if not chaired and not access(request.user).has_role(organisation.pk, "it_head"):
        return []
    due = Decision.objects.in_organisation(organisation).filter(
        scope, status=DecisionStatus.IN_FORCE, follow_up_date__lt=timezone.localdate()
    )
    count = due.count()
    if not count:
        return []
    first = due.order_by("follow_up_date").first()
    return [
        Attention(
            title=ngettext(
                "%(count)d decision is due for follow-up",
                "%(count)d decisions are due for follow-up",
                count,
            )
            % {"count": count},
            text=_("The follow-up date has passed; record what the follow-up found."),
            url=first.get_absolute_url() if count == 1 else reverse("governance:decision_list") + "?status=in_force",
            severity="warning",
            count=count,
        )
    ]


@register_attention
def escalations_waiting(request):
    """The chair of a higher forum: questions escalated to it wait for a decision."""
    organisation = request.organisation
    if organisation is None:
        return []
    chaired = _chaired(request)
    if not chaired:
        return []
    waiting = Escalation.objects.in_organisation(organisation).filter(
        to_forum_id__in=chaired, status__in=[EscalationStatus.OPEN, EscalationStatus.ON_AGENDA]
    )
    count = waiting.count()
    if not count:
        return []
    unplanned = waiting.filter(status=EscalationStatus.OPEN).count()
    return [
        Attention(
            title=ngettext(
                "%(count)d escalated question waits for your forum",
                "%(count)d escalated questions wait for your forum",
                count,
            )
            % {"count": count},
            text=_("Plan a meeting: some are not on any agenda yet.") if unplanned else "",
            url=reverse("governance:escalation_list") + "?status=" + ("open" if unplanned else "on_agenda"),
            severity="warning" if unplanned else "info",
            count=count,
        )
    ]


@register_attention
def strategy_review_due(request):
    """The head of IT and the management group: the strategy is not reviewed in this mandate period."""
    organisation = request.organisation
    if organisation is None or not access(request.user).has_role(organisation.pk, *STRATEGY_OWNERS):
        return []
    strategy = services.current_strategy(organisation)
    if strategy is None:
        return []
    state = services.review_state(strategy)
    if not state["is_due"]:
        return []
    return [
        Attention(
            title=_("Review the IT strategy in this mandate period"),
            text=_("%(strategy)s has not been reviewed since the period started %(start)s; due by %(due)s.")
            % {"strategy": strategy, "start": state["period_start"], "due": state["due_by"]},
            url=reverse("governance:strategy"),
            severity="danger" if state["overdue"] else "warning",
        )
    ]


@register_attention
def levels_to_set_up(request):
    """The head of IT: the organisation lacks some of the default decision levels (e.g. a new organisation)."""
    organisation = request.organisation
    if organisation is None or not access(request.user).has_role(organisation.pk, "it_head"):
        return []
    if not services.missing_levels(organisation):
        return []
    return [
        Attention(
            title=_("Set up the decision levels"),
            text=_("Forums and decisions need the levels of the governance model; set up the default ones."),
            url=reverse("governance:level_list"),
            severity="warning",
        )
    ]
