"""Each role's key figures on the home page, computed by the report's own figure functions."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrbord.core.navigation import KeyFigure, register_dashboard
from styrbord.core.tenancy import access
from styrbord.organisations.choices import Role

from . import figures
from .charts import fmt


def _roles(request):
    organisation = request.organisation
    if organisation is None:
        return set()
    return access(request.user).roles_in(organisation.pk)


@register_dashboard
def it_head(request):
    if Role.IT_HEAD not in _roles(request):
        return []
    organisation, year = request.organisation, timezone.localdate().year
    start, now = figures.this_month()
    sla = figures.sla_totals(organisation, start, now)
    economy = figures.economy(organisation, year)
    items = [
        KeyFigure(
            _("Resolution target met this month"),
            fmt(sla["resolution_share"], "%"),
            ngettext(
                "%(n)d ticket with a known outcome", "%(n)d tickets with a known outcome", sla["resolution_decided"]
            )
            % {"n": sla["resolution_decided"]},
        ),
        KeyFigure(
            _("Cost coverage %(year)d") % {"year": year},
            fmt(economy["coverage"], "%"),
            _("Charges against the IT unit's cost budget."),
            reverse("followup:report_list"),
        ),
    ]
    security = figures.security(organisation, year)
    if security is not None:
        items.append(KeyFigure(_("Overdue security actions"), fmt(security.get("actions_overdue"))))
    systems = figures.systems(organisation, year)
    items.append(
        KeyFigure(
            _("Vital systems with gaps"),
            fmt(systems["vital_systems"] - systems["compliant"]),
            ngettext("of %(n)d vital system", "of %(n)d vital systems", systems["vital_systems"])
            % {"n": systems["vital_systems"]},
            reverse("systems:compliance"),
        )
    )
    return items


@register_dashboard
def department_head(request):
    roles = _roles(request)
    if Role.DEPARTMENT_HEAD not in roles:
        return []
    from styrbord.finance.reports import own_departments

    organisation, year = request.organisation, timezone.localdate().year
    departments = own_departments(request.user, organisation)
    if not departments:
        return []
    economy = figures.economy(organisation, year, departments)
    total = economy["total"]
    items = [
        KeyFigure(
            _("IT costs %(year)d against budget") % {"year": year},
            f"{fmt(total['total'], 'kr')} / {fmt(total['budget'], 'kr')}",
            _("Charged and forecast, for %(departments)s.") % {"departments": ", ".join(d.name for d in departments)},
        ),
        KeyFigure(_("Open tickets in your departments"), fmt(figures.open_tickets(organisation, departments))),
    ]
    start, end = figures.year_bounds(year)
    satisfaction = figures.ticket_satisfaction(organisation, start, end, departments)
    items.append(
        KeyFigure(
            _("Satisfaction after closed tickets %(year)d") % {"year": year},
            fmt(satisfaction["mean"]),
            ngettext("average of %(n)d answer (1–5)", "average of %(n)d answers (1–5)", satisfaction["answers"])
            % {"n": satisfaction["answers"]},
        )
    )
    surveys = figures.survey_results(organisation, year, departments)
    if isinstance(surveys, dict) and surveys.get("nki") is not None:
        items.append(KeyFigure(_("Customer survey (NKI) %(year)d") % {"year": year}, fmt(surveys["nki"])))
    return items


@register_dashboard
def support_lead(request):
    if Role.SUPPORT_LEAD not in _roles(request):
        return []
    from styrbord.catalog.models import CompetenceArea
    from styrbord.servicedesk.models import with_queue_counts

    queues = with_queue_counts(CompetenceArea.objects.filter(organisation=request.organisation, is_active=True))
    items = []
    breached = 0
    for queue in queues.order_by("order", "name"):
        breached += queue.breached_count
        items.append(
            KeyFigure(
                _("Queue %(queue)s") % {"queue": queue.name},
                fmt(queue.open_count),
                _("%(unassigned)d unassigned, %(breached)d past the target")
                % {"unassigned": queue.unassigned_count, "breached": queue.breached_count},
                reverse("servicedesk:queue") + f"?queue={queue.pk}",
            )
        )
    items.append(KeyFigure(_("Open tickets past their resolution target"), fmt(breached)))
    return items
