import re
from datetime import time
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from styrbord.organisations.choices import IT_ROLES
from styrbord.organisations.models import RoleAssignment, User

from .choices import Priority, Weekday
from .models import BusinessCalendar, ClosedDay, CompetenceArea, PriceList, Service, ServiceLevel

RANGE_RE = re.compile(r"^(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})$")


def parse_ranges(text):
    """ "08:00-12:00, 13:00-17:00" → [(time(8), time(12)), (time(13), time(17))]; empty text: none."""
    ranges = []
    for part in filter(None, (piece.strip() for piece in (text or "").split(","))):
        match = RANGE_RE.match(part)
        if not match:
            raise ValidationError(
                _("Write the hours as 08:00-17:00; separate several periods with commas."), code="format"
            )
        try:
            opens = time(int(match[1]), int(match[2]))
            closes = time(int(match[3]), int(match[4]))
        except ValueError:
            raise ValidationError(_("%(value)s is not a time of day.") % {"value": part}, code="time") from None
        if closes <= opens:
            raise ValidationError(_("%(value)s closes before it opens.") % {"value": part}, code="order")
        ranges.append((opens, closes))
    return ranges


def format_ranges(ranges, dash="–"):
    """[(time(8), time(17))] → "08:00–17:00"; the inverse of ``parse_ranges``."""
    return ", ".join(f"{opens:%H:%M}{dash}{closes:%H:%M}" for opens, closes in ranges)


class AreaForm(forms.ModelForm):
    class Meta:
        model = CompetenceArea
        fields = ["name", "code", "description", "order", "is_active"]

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation

    def validate_unique(self):
        """The service validates the code and reports it on the field."""


def it_people(organisation, also=None):
    """People who hold an IT role in the organisation (those who can answer for a service), and ``also``."""
    holders = RoleAssignment.objects.filter(organisation=organisation, role__in=IT_ROLES).values("user_id")
    return User.objects.filter(Q(pk__in=holders, is_active=True) | Q(pk=also))


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = [
            "name",
            "code",
            "area",
            "summary",
            "description",
            "includes",
            "excludes",
            "unit",
            "status",
            "is_base",
            "is_standard",
            "requires_it_review",
            "responsible",
            "default_level",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "includes": forms.Textarea(attrs={"rows": 4}),
            "excludes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "includes": _("One item per line."),
            "excludes": _("One item per line."),
            "summary": _("One sentence shown in the catalogue list."),
        }

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["area"].queryset = CompetenceArea.objects.in_organisation(organisation).filter(is_active=True)
        self.fields["responsible"].queryset = it_people(organisation, also=self.instance.responsible_id)
        if self.instance.pk:
            self.fields["default_level"].queryset = self.instance.levels.filter(is_active=True)
        else:
            del self.fields["default_level"]

    def validate_unique(self):
        """The service validates the code and reports it on the field."""


def target_field_names(priority):
    return f"p{priority}_response", f"p{priority}_resolution"


def amount_field(label, **kwargs):
    """A decimal field typed the local way (a decimal comma in Swedish)."""
    field = forms.DecimalField(label=label, localize=True, **kwargs)
    field.widget.attrs["inputmode"] = "decimal"
    return field


def hours_field(label):
    return amount_field(label, min_value=Decimal("0.25"), max_digits=7, decimal_places=2)


class LevelForm(forms.ModelForm):
    """A level with its response and resolution targets for P1–P4, in business hours."""

    class Meta:
        model = ServiceLevel
        fields = ["name", "description", "calendar", "availability_target", "maintenance_window", "order", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        localized_fields = ["availability_target"]

    def __init__(self, *args, service=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.service = service
        self.fields["calendar"].queryset = BusinessCalendar.objects.in_organisation(service.organisation)
        current = {t.priority: t for t in self.instance.targets.all()} if self.instance.pk else {}
        self.priorities = []
        for priority, label in Priority.choices:
            response, resolution = target_field_names(priority)
            self.fields[response] = hours_field(_("%(priority)s: response (hours)") % {"priority": label})
            self.fields[resolution] = hours_field(_("%(priority)s: resolution (hours)") % {"priority": label})
            if priority in current:
                self.initial[response] = Decimal(current[priority].response_minutes) / 60
                self.initial[resolution] = Decimal(current[priority].resolution_minutes) / 60
            self.priorities.append((label, [self[response], self[resolution]]))

    def visible_fields(self):
        """The level's own fields; the template lays out the targets as a table."""
        return [self[name] for name in self.Meta.fields]

    def clean(self):
        cleaned = super().clean()
        for priority in Priority.values:
            response, resolution = target_field_names(priority)
            if (
                cleaned.get(response) is not None
                and cleaned.get(resolution) is not None
                and cleaned[resolution] < cleaned[response]
            ):
                self.add_error(resolution, _("Resolution cannot come before the response."))
        return cleaned

    def targets(self):
        """The targets as the service expects them, in business minutes."""
        data = self.cleaned_data
        return [
            {
                "priority": priority,
                "response_minutes": round(data[target_field_names(priority)[0]] * 60),
                "resolution_minutes": round(data[target_field_names(priority)[1]] * 60),
            }
            for priority in Priority.values
        ]

    def level_data(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def validate_unique(self):
        """The service validates the name and reports it on the field."""


def weekday_field_name(weekday):
    return f"hours_{weekday}"


class CalendarForm(forms.ModelForm):
    """A calendar with its opening hours as one line per weekday ("08:00-12:00, 13:00-17:00")."""

    class Meta:
        model = BusinessCalendar
        fields = ["name", "description", "always_open", "closed_on_public_holidays", "closed_on_de_facto_holidays"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        current = {}
        if self.instance.pk:
            for segment in self.instance.segments.all():
                current.setdefault(segment.weekday, []).append((segment.opens, segment.closes))
        for weekday, label in Weekday.choices:
            name = weekday_field_name(weekday)
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                help_text=_("For example 08:00-17:00, or 08:00-12:00, 13:00-17:00. Empty: closed."),
            )
            self.initial[name] = format_ranges(sorted(current.get(weekday, [])), dash="-")

    def clean(self):
        cleaned = super().clean()
        self._segments = []
        for weekday in Weekday.values:
            name = weekday_field_name(weekday)
            try:
                ranges = parse_ranges(cleaned.get(name))
            except ValidationError as error:
                self.add_error(name, error)
                continue
            self._segments += [{"weekday": weekday, "opens": o, "closes": c} for o, c in ranges]
        if not cleaned.get("always_open") and not self._segments and not self.errors:
            self.add_error(
                weekday_field_name(Weekday.MONDAY), _("Give the opening hours, or make the calendar open 24/7.")
            )
        return cleaned

    def segments(self):
        return self._segments

    def calendar_data(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def validate_unique(self):
        """The service validates the name and reports it on the field."""


class ClosedDayForm(forms.ModelForm):
    class Meta:
        model = ClosedDay
        fields = ["date", "name", "calendar"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["calendar"].queryset = BusinessCalendar.objects.in_organisation(organisation)
        self.fields["calendar"].empty_label = _("Every calendar")


class PriceListForm(forms.Form):
    """A new price list for a year: empty, or copied from another year with a change in per cent."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    source = forms.ModelChoiceField(
        queryset=PriceList.objects.none(),
        required=False,
        label=_("Copy prices from"),
        empty_label=_("Start empty"),
    )
    percent = amount_field(
        _("Change in per cent"),
        initial=Decimal("0"),
        max_digits=6,
        decimal_places=2,
        required=False,
        help_text=_("Applied to every copied price, e.g. 3 for a 3 per cent increase or -2 for a decrease."),
    )
    whole_kronor = forms.BooleanField(
        label=_("Round to whole kronor"),
        required=False,
        initial=True,
        help_text=_("Prices under 10 kr, such as prices per GB, keep their öre."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = PriceList.objects.in_organisation(organisation)


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that the prices are frozen once the list is published."), required=True
    )


def price_field_name(service, level):
    return f"price_{service.pk}_{getattr(level, 'pk', 0)}"


class PriceTableForm(forms.Form):
    """One price field per service and level; an empty field means no price."""

    def __init__(self, *args, items=(), prices=None, **kwargs):
        super().__init__(*args, **kwargs)
        prices = prices or {}
        self.rows = []
        for service, level in items:
            name = price_field_name(service, level)
            label = f"{service} – {level.name}" if level is not None else str(service)
            self.fields[name] = amount_field(
                label, required=False, min_value=Decimal("0"), max_digits=12, decimal_places=2
            )
            self.initial[name] = prices.get((service.pk, getattr(level, "pk", None)))
            self.rows.append((service, level, self[name]))

    def visible_fields(self):
        """None: the template lays out the prices as a table (core/form.html shows only the errors)."""
        return []

    def price_rows(self):
        """(service, level, amount or None) for every row."""
        return [(service, level, self.cleaned_data.get(field.name)) for service, level, field in self.rows]
