"""The catalogue every employee browses, and the head of IT's pages that maintain it."""

import copy
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from styrbord.core.views import (
    CreateInOrganisationView,
    HistoryView,
    ScopedDetailView,
    ScopedListView,
    ScopedObjectFormView,
)

from . import services
from .calendar import closed_days, weekly_segments
from .choices import CATALOGUE_STATUSES, PriceListStatus, Priority, ServiceStatus, Weekday
from .filtersets import ServiceFilterSet
from .forms import (
    AreaForm,
    CalendarForm,
    ClosedDayForm,
    LevelForm,
    PriceListForm,
    PriceTableForm,
    PublishForm,
    ServiceForm,
    format_ranges,
)
from .models import (
    BusinessCalendar,
    ClosedDay,
    CompetenceArea,
    OpeningSegment,
    Price,
    PriceList,
    Service,
    ServiceLevel,
)
from .rules import reads_drafts

FORM_TEMPLATE = "catalog/form.html"


def this_year():
    return timezone.localdate().year


def order_url(service):
    """Where an employee starts an order of the service, when the finance app offers it."""
    try:
        return f"{reverse('finance:order_create')}?service={service.pk}"
    except NoReverseMatch:
        return ""


def business_time(minutes):
    """Business minutes as people say them: "30 min", "4 h", "1 h 30 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(minutes)s min") % {"minutes": rest}
    if not rest:
        return _("%(hours)s h") % {"hours": hours}
    return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}


def percent(value):
    """99.900 → "99,9" (in Swedish); 100.000 → "100"."""
    return number_format(f"{value.normalize():f}")


def opening_hours(calendar):
    """The calendar's week in short lines: "Monday–Friday 08:00–17:00", or "Open 24/7"."""
    if calendar.always_open:
        return [_("Open 24/7")]
    segments = weekly_segments(calendar)
    groups = []  # [first weekday, last weekday, ranges]
    for weekday in Weekday.values:
        ranges = segments.get(weekday, [])
        if groups and groups[-1][2] == ranges and groups[-1][1] == weekday - 1:
            groups[-1][1] = weekday
        else:
            groups.append([weekday, weekday, ranges])
    lines = []
    for first, last, ranges in groups:
        if ranges:
            days = Weekday(first).label if first == last else f"{Weekday(first).label}–{Weekday(last).label}"
            lines.append(f"{days} {format_ranges(ranges)}")
    return lines


def closing_rules(calendar):
    """What closes the calendar besides its weekly hours, in words."""
    rules = []
    if calendar.closed_on_public_holidays:
        rules.append(_("public holidays"))
    if calendar.closed_on_de_facto_holidays:
        rules.append(_("Easter, Whitsun, Midsummer, Christmas and New Year's Eve"))
    return rules


class CatalogueEditView(ScopedObjectFormView):
    """Edit a catalogue row with the service function ``write(obj, acting_user=…, **changes)``.

    The form works on a copy of the row, so that the service sees what changed.
    """

    template_name = FORM_TEMPLATE
    title = ""
    write = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": copy.copy(self.object), **self.form_context()}

    def form_context(self):
        return {"organisation": self.object.organisation}

    def changes(self, form):
        return {name: form.cleaned_data[name] for name in form.changed_data}

    def perform(self, form):
        return self.write(self.object, acting_user=self.request.user, **self.changes(form))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)


class CatalogueCreateView(CreateInOrganisationView):
    """Create a row in the current organisation with ``write(acting_user=…, organisation=…, **data)``."""

    template_name = FORM_TEMPLATE
    title = ""
    write = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.request.organisation}

    def data(self, form):
        return form.cleaned_data

    def perform(self, form):
        return self.write(acting_user=self.request.user, organisation=self.request.organisation, **self.data(form))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)


# The catalogue ---------------------------------------------------------------------------


class CatalogueView(ScopedListView):
    """Every service of the catalogue grouped by competence area, with search."""

    model = Service
    template_name = "catalog/catalogue.html"
    filterset_class = ServiceFilterSet
    paginate_by = None

    def get_queryset(self):
        queryset = (
            super()
            .get_queryset()
            .select_related("area")
            .annotate(level_count=Count("levels", filter=Q(levels__is_active=True)))
            .order_by("area__order", "area__name", "name")
        )
        if not self.request.GET.get("status"):
            queryset = queryset.filter(status__in=CATALOGUE_STATUSES)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        year = this_year()
        lowest = (
            Price.objects.restrict(self.request.user)
            .filter(
                price_list__organisation=organisation,
                price_list__year=year,
                price_list__status=PriceListStatus.PUBLISHED,
            )
            .values("service_id")
            .annotate(lowest=Min("amount"))
        )
        prices = {row["service_id"]: row["lowest"] for row in lowest}
        groups = {}
        for service in context["object_list"]:
            service.lowest_price = prices.get(service.pk)
            groups.setdefault(service.area, []).append(service)
        context.update(
            groups=list(groups.items()),
            year=year,
            areas=CompetenceArea.objects.in_organisation(organisation).filter(is_active=True),
            statuses=ServiceStatus.choices if reads_drafts(self.request.user, organisation) else None,
            can_add=self.request.user.has_perm("catalog.add_service", organisation),
        )
        return context


class ServiceDetailView(ScopedDetailView):
    model = Service
    template_name = "catalog/service_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("area", "responsible")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        service = self.object
        user = self.request.user
        year = this_year()
        levels = service.levels.select_related("calendar").prefetch_related(
            "targets", Prefetch("calendar__segments", queryset=OpeningSegment.objects.order_by("weekday", "opens"))
        )
        if not user.has_perm("catalog.change_service", service):
            levels = levels.filter(is_active=True)
        prices = {
            (price.price_list.year, price.level_id): price
            for price in Price.objects.restrict(user)
            .filter(service=service, price_list__year__in=[year, year + 1])
            .select_related("price_list")
        }
        context.update(
            year=year,
            next_year=year + 1,
            includes=[line.strip() for line in service.includes.splitlines() if line.strip()],
            excludes=[line.strip() for line in service.excludes.splitlines() if line.strip()],
            levels=[self.level_row(level, prices, year) for level in levels],
            price=prices.get((year, None)),
            next_price=prices.get((year + 1, None)),
            order_url=order_url(service) if service.is_orderable else "",
            can_change=user.has_perm("catalog.change_service", service),
        )
        return context

    def level_row(self, level, prices, year):
        targets = {target.priority: target for target in level.targets.all()}
        return {
            "level": level,
            "availability": percent(level.availability_target),
            "hours": opening_hours(level.calendar),
            "closing": closing_rules(level.calendar),
            "targets": [
                (
                    label,
                    business_time(targets[priority].response_minutes) if priority in targets else "–",
                    business_time(targets[priority].resolution_minutes) if priority in targets else "–",
                )
                for priority, label in Priority.choices
            ],
            "price": prices.get((year, level.pk)),
            "next_price": prices.get((year + 1, level.pk)),
        }


class ServiceCreateView(CatalogueCreateView):
    model = Service
    form_class = ServiceForm
    title = gettext_lazy("New service")
    success_message = gettext_lazy("The service was created. Add its levels next.")
    write = staticmethod(services.create_service)


class ServiceEditView(CatalogueEditView):
    model = Service
    form_class = ServiceForm
    title = gettext_lazy("Edit service")
    success_message = gettext_lazy("The service was saved.")
    write = staticmethod(services.update_service)


class ServiceHistoryView(HistoryView):
    model = Service


# Service levels ---------------------------------------------------------------------------


class LevelCreateView(ScopedObjectFormView):
    """Add a level to a service: changing a service's levels needs the right to change the service."""

    model = Service
    form_class = LevelForm
    template_name = "catalog/level_form.html"
    success_message = gettext_lazy("The level was created.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "service": self.object}

    def perform(self, form):
        return services.create_level(
            acting_user=self.request.user, service=self.object, targets=form.targets(), **form.level_data()
        )

    def get_context_data(self, **kwargs):
        title = _("New level of %(service)s") % {"service": self.object}
        return super().get_context_data(title=title, service=self.object, **kwargs)


class LevelEditView(CatalogueEditView):
    model = ServiceLevel
    form_class = LevelForm
    template_name = "catalog/level_form.html"
    title = gettext_lazy("Edit service level")
    success_message = gettext_lazy("The level was saved.")
    write = staticmethod(services.update_level)

    def get_queryset(self):
        return super().get_queryset().select_related("service")

    def form_context(self):
        return {"service": self.object.service}

    def changes(self, form):
        return {"targets": form.targets(), **form.level_data()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(service=self.object.service, **kwargs)


class LevelHistoryView(HistoryView):
    model = ServiceLevel


# Competence areas -------------------------------------------------------------------------


class AreaListView(ScopedListView):
    model = CompetenceArea
    template_name = "catalog/area_list.html"
    paginate_by = None

    def get_queryset(self):
        return super().get_queryset().annotate(service_count=Count("services"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        context["can_add"] = self.request.user.has_perm("catalog.add_competencearea", organisation)
        context["can_change"] = self.request.user.has_perm("catalog.change_competencearea", organisation)
        return context


class AreaCreateView(CatalogueCreateView):
    model = CompetenceArea
    form_class = AreaForm
    title = gettext_lazy("New competence area")
    success_message = gettext_lazy("The area was created.")
    write = staticmethod(services.create_area)


class AreaEditView(CatalogueEditView):
    model = CompetenceArea
    form_class = AreaForm
    title = gettext_lazy("Edit competence area")
    success_message = gettext_lazy("The area was saved.")
    write = staticmethod(services.update_area)


class AreaDefaultsView(LoginRequiredMixin, View):
    """Add the default competence areas that the organisation lacks."""

    def post(self, request):
        if not request.user.has_perm("catalog.add_competencearea", request.organisation):
            raise PermissionDenied
        created = services.create_default_areas(acting_user=request.user, organisation=request.organisation)
        messages.success(
            request,
            ngettext("%(count)s default area was added.", "%(count)s default areas were added.", len(created))
            % {"count": len(created)},
        )
        return redirect("catalog:area_list")


# Business calendars -----------------------------------------------------------------------


class CalendarListView(ScopedListView):
    model = BusinessCalendar
    template_name = "catalog/calendar_list.html"
    paginate_by = None

    def get_queryset(self):
        return super().get_queryset().prefetch_related("segments").annotate(level_count=Count("levels"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        for calendar in context["object_list"]:
            calendar.hours = opening_hours(calendar)
        context["closed_days"] = ClosedDay.objects.restrict(self.request.user).filter(
            organisation=organisation, calendar__isnull=True, date__gte=timezone.localdate() - timedelta(days=31)
        )
        context["can_add"] = self.request.user.has_perm("catalog.add_businesscalendar", organisation)
        context["can_delete_day"] = self.request.user.has_perm("catalog.delete_closedday", organisation)
        return context


class CalendarDetailView(ScopedDetailView):
    model = BusinessCalendar
    template_name = "catalog/calendar_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        calendar = self.object
        segments = weekly_segments(calendar)
        today = timezone.localdate()
        context.update(
            week=[(label, format_ranges(segments.get(day, []))) for day, label in Weekday.choices],
            closing=closing_rules(calendar),
            upcoming=sorted(closed_days(calendar, today, today + timedelta(days=365)).items()),
            own_days=calendar.closed_days.filter(date__gte=today - timedelta(days=31)),
            levels=calendar.levels.select_related("service").order_by("service__name", "order"),
            can_change=self.request.user.has_perm("catalog.change_businesscalendar", calendar),
            can_delete_day=self.request.user.has_perm("catalog.delete_closedday", calendar),
        )
        return context


class CalendarCreateView(CatalogueCreateView):
    model = BusinessCalendar
    form_class = CalendarForm
    title = gettext_lazy("New calendar")
    success_message = gettext_lazy("The calendar was created.")
    write = staticmethod(services.create_calendar)

    def data(self, form):
        return {"segments": form.segments(), **form.calendar_data()}


class CalendarEditView(CatalogueEditView):
    model = BusinessCalendar
    form_class = CalendarForm
    title = gettext_lazy("Edit calendar")
    success_message = gettext_lazy("The calendar was saved.")
    write = staticmethod(services.update_calendar)

    def changes(self, form):
        changed = {name: value for name, value in super().changes(form).items() if name in CalendarForm.Meta.fields}
        return {"segments": form.segments(), **changed}


class CalendarHistoryView(HistoryView):
    model = BusinessCalendar


class ClosedDayCreateView(CatalogueCreateView):
    model = ClosedDay
    form_class = ClosedDayForm
    title = gettext_lazy("New closed day")
    success_message = gettext_lazy("The closed day was added.")

    def get_initial(self):
        calendar = self.request.GET.get("calendar", "")
        return {"calendar": calendar} if calendar.isdigit() else {}

    write = staticmethod(services.add_closed_day)


class ClosedDayDeleteView(LoginRequiredMixin, View):
    def post(self, request, pk):
        day = get_object_or_404(ClosedDay.objects.restrict(request.user), pk=pk)
        if not request.user.has_perm("catalog.delete_closedday", day):
            raise PermissionDenied
        services.delete_closed_day(day, acting_user=request.user)
        messages.success(request, _("The closed day %(day)s was removed.") % {"day": day})
        return redirect(day.get_absolute_url())


# Price lists ------------------------------------------------------------------------------


class PriceListListView(ScopedListView):
    model = PriceList
    template_name = "catalog/price_list_list.html"
    paginate_by = None

    def get_queryset(self):
        return super().get_queryset().select_related("published_by").annotate(price_count=Count("prices"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["year"] = this_year()
        context["can_add"] = self.request.user.has_perm("catalog.add_pricelist", self.request.organisation)
        return context


class PriceListCreateView(CatalogueCreateView):
    """A new draft: empty, or a copy of another year with a change in per cent."""

    model = PriceList
    form_class = PriceListForm
    title = gettext_lazy("New price list")
    success_message = gettext_lazy("The draft price list was created.")

    def get_initial(self):
        initial = {"year": this_year() + 1}
        source = PriceList.objects.in_organisation(self.request.organisation).filter(
            pk=self.request.GET.get("source") if self.request.GET.get("source", "").isdigit() else None
        )
        for price_list in source:
            initial.update(source=price_list.pk, year=price_list.year + 1)
        return initial

    def perform(self, form):
        data = form.cleaned_data
        if data["source"] is None:
            return services.create_price_list(
                acting_user=self.request.user,
                organisation=self.request.organisation,
                year=data["year"],
                note=data["note"],
            )
        return services.copy_price_list(
            data["source"],
            acting_user=self.request.user,
            year=data["year"],
            percent=data["percent"] or 0,
            whole_kronor=data["whole_kronor"],
            note=data["note"] or None,
        )


def price_table(price_list, user):
    """Rows of (area, [(service, level, price or None), ...]) for the services the user may see."""
    prices = {(p.service_id, p.level_id): p for p in price_list.prices.all()}
    groups = {}
    for service, level in services.priced_items(price_list.organisation, Service.objects.restrict(user)):
        price = prices.get((service.pk, getattr(level, "pk", None)))
        if price is not None or not price_list.is_published:
            groups.setdefault(service.area, []).append((service, level, price))
    return list(groups.items())


class PriceListDetailView(ScopedDetailView):
    model = PriceList
    template_name = "catalog/price_list_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        price_list = self.object
        user = self.request.user
        can_change = user.has_perm("catalog.change_pricelist", price_list)
        context.update(
            groups=price_table(price_list, user),
            missing=services.missing_prices(price_list) if not price_list.is_published else [],
            can_change=can_change and not price_list.is_published,
            can_copy=user.has_perm("catalog.add_pricelist", price_list.organisation),
            can_publish=user.has_perm("catalog.publish_pricelist", price_list) and not price_list.is_published,
        )
        return context


class PriceListPricesView(ScopedObjectFormView):
    """Set every price of a draft list in one table; a published list is shown frozen."""

    model = PriceList
    form_class = PriceTableForm
    template_name = "catalog/price_list_prices.html"
    success_message = gettext_lazy("The prices were saved.")

    def items(self):
        return list(services.priced_items(self.object.organisation))

    def get_form_kwargs(self):
        prices = {(p.service_id, p.level_id): p.amount for p in self.object.prices.all()}
        return {**super().get_form_kwargs(), "items": self.items(), "prices": prices}

    def perform(self, form):
        return services.set_prices(self.object, form.price_rows(), acting_user=self.request.user)

    def get_success_url(self):
        return reverse("catalog:price_list_prices", args=[self.object.pk])


class PriceListPublishView(ScopedObjectFormView):
    model = PriceList
    permission_action = "publish"
    form_class = PublishForm
    template_name = "catalog/price_list_publish.html"
    success_message = gettext_lazy("The price list was published. Its prices are now frozen.")

    def perform(self, form):
        return services.publish_price_list(self.object, acting_user=self.request.user)

    def get_context_data(self, **kwargs):
        missing = services.missing_prices(self.object) if not self.object.is_published else []
        return super().get_context_data(missing=missing, **kwargs)


class PriceListHistoryView(HistoryView):
    model = PriceList
