"""Forms of the portal, the staff ticket page, the queue, maintenance plans and the desk settings.

Choices are always limited to the current organisation's rows the user may see; the
services check the rest and their errors come back to the fields.
"""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrbord.catalog.choices import ChargeUnit, Priority, ServiceStatus
from styrbord.catalog.models import CompetenceArea, Service, ServiceLevel
from styrbord.organisations.models import Department, User

from .attachments import allowed_extensions, max_bytes
from .choices import TRANSITIONS, Level, LinkKind, TicketKind, TicketStatus
from .models import DESK_STAFF_ROLES, DeskSettings, MaintenancePlan, Ticket

CHANNELS = [
    ("phone", _("Phone")),
    ("email", _("E-mail")),
    ("walk_in", _("In person")),
    ("portal", _("Portal")),
]
LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def desk_staff(organisation):
    """The people who may be assigned tickets: the organisation's desk staff."""
    return (
        User.objects.filter(
            is_active=True,
            role_assignments__organisation=organisation,
            role_assignments__role__in=DESK_STAFF_ROLES,
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


def services_for(user, organisation):
    return (
        Service.objects.restrict(user)
        .in_organisation(organisation)
        .exclude(status=ServiceStatus.RETIRED)
        .select_related("area")
        .order_by("area__order", "name")
    )


def queues_for(organisation):
    return CompetenceArea.objects.in_organisation(organisation).filter(is_active=True).order_by("order", "name")


def departments_for(organisation):
    return Department.objects.in_organisation(organisation).filter(is_active=True).order_by("path")


def _indent(department):
    return "– " * department.depth + department.name


class ScopedChoicesMixin:
    """Limit the form's relation fields to the organisation (and what the user may see)."""

    def limit_choices(self, user, organisation):
        choices = {
            "service": lambda: services_for(user, organisation),
            "department": lambda: departments_for(organisation),
            "queue": lambda: queues_for(organisation),
            "assignee": lambda: desk_staff(organisation),
            "reporter": lambda: User.objects.in_organisation(organisation).filter(is_active=True),
        }
        for name, queryset in choices.items():
            if name in self.fields:
                self.fields[name].queryset = queryset()
        if "department" in self.fields:
            self.fields["department"].label_from_instance = _indent
        if "service" in self.fields:
            self.fields["service"].label_from_instance = lambda s: f"{s.area.name}: {s.name}"


class ReportForm(ScopedChoicesMixin, forms.Form):
    """An employee's fault report (felanmälan) in the portal."""

    title = forms.CharField(
        label=_("What is the problem?"),
        max_length=200,
        help_text=_("A short summary, e.g. 'The printer on floor 2 jams'."),
    )
    description = forms.CharField(
        label=_("Describe it"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("What happened, what you expected, any error message, and where you are."),
    )
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        required=False,
        label=_("Which service does it concern?"),
        help_text=_("Leave empty if you do not know."),
    )
    impact = forms.TypedChoiceField(
        label=_("How many are affected?"),
        coerce=int,
        initial=Level.MEDIUM,
        choices=[
            (Level.LOW, _("Only me")),
            (Level.MEDIUM, _("Several people or my whole workplace")),
            (Level.HIGH, _("A whole department or many people")),
        ],
    )
    urgency = forms.TypedChoiceField(
        label=_("How urgent is it?"),
        coerce=int,
        initial=Level.MEDIUM,
        choices=[
            (Level.LOW, _("It can wait a few days")),
            (Level.MEDIUM, _("It hinders my work")),
            (Level.HIGH, _("Work has stopped")),
        ],
    )

    def __init__(self, *args, user=None, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(user, organisation)


class RequestForm(ReportForm):
    """An order from the catalogue (a service request) in the portal."""

    field_order = ["service", "requested_level", "requested_quantity", "requested_from", "title", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["impact"]
        service = self.fields["service"]
        service.required = True
        service.label = _("Service")
        service.help_text = _("What you order from the service catalogue.")
        self.fields["title"].label = _("What do you need?")
        self.fields["title"].help_text = _("E.g. 'A laptop for a new employee, starting 1 March'.")
        self.fields["description"].label = _("Details")
        self.fields["description"].help_text = _("Who it is for, when, where, and anything else IT needs to know.")
        self.fields["urgency"].choices = [
            (Level.LOW, _("No hurry")),
            (Level.MEDIUM, _("Normal")),
            (Level.HIGH, _("Urgent: work cannot go on without it")),
        ]
        self.fields["requested_level"].queryset = ServiceLevel.objects.filter(
            service__in=self.fields["service"].queryset, is_active=True
        ).select_related("service")
        self.fields["requested_level"].label_from_instance = lambda level: f"{level.service.name}: {level.name}"

    requested_level = forms.ModelChoiceField(
        queryset=ServiceLevel.objects.none(),
        required=False,
        label=_("Service level"),
        help_text=_("Leave empty for the service's default level."),
    )
    requested_quantity = forms.IntegerField(
        min_value=1,
        max_value=100000,
        initial=1,
        required=False,
        label=_("Quantity"),
        help_text=_("How many, e.g. 3 laptops. Empty means one."),
    )
    requested_from = forms.DateField(
        required=False,
        label=_("Wanted from"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The date you need it from."),
    )

    def clean(self):
        cleaned = super().clean()
        level, service = cleaned.get("requested_level"), cleaned.get("service")
        if level is not None and service is not None and level.service_id != service.pk:
            self.add_error("requested_level", _("Choose one of the chosen service's levels."))
        if "requested_quantity" in cleaned and cleaned["requested_quantity"] is None:
            cleaned["requested_quantity"] = 1
        return cleaned


class StaffTicketForm(ScopedChoicesMixin, forms.ModelForm):
    """IT staff log a ticket for someone, e.g. from a phone call, possibly at an earlier time."""

    channel = forms.ChoiceField(label=_("Received by"), choices=CHANNELS, initial="phone")
    reported_at = forms.DateTimeField(
        label=_("Reported at"),
        required=False,
        widget=LOCAL_DATETIME,
        help_text=_("When the person got in touch; empty means now. Cannot be in the future."),
    )

    class Meta:
        model = Ticket
        fields = [
            "kind",
            "reporter",
            "department",
            "service",
            "title",
            "description",
            "impact",
            "urgency",
            "queue",
            "assignee",
            "channel",
            "reported_at",
        ]
        help_texts = {
            "department": _("Empty: the reporter's department."),
            "queue": _("Empty: the service's competence area."),
        }

    def __init__(self, *args, user=None, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(user, organisation)
        self.fields["reported_at"].widget.attrs["max"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    def validate_unique(self):
        """The service validates the ticket."""

    def _post_clean(self):
        """The service builds and validates the ticket; the form only parses the input."""


class ClassifyForm(ScopedChoicesMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TicketKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    service = forms.ModelChoiceField(queryset=Service.objects.none(), required=False, label=_("Service"))
    department = forms.ModelChoiceField(queryset=Department.objects.none(), required=False, label=_("Department"))
    impact = forms.TypedChoiceField(label=_("Impact"), coerce=int, choices=Level.choices)
    urgency = forms.TypedChoiceField(label=_("Urgency"), coerce=int, choices=Level.choices)
    is_security_incident = forms.BooleanField(
        label=_("Security incident"),
        required=False,
        help_text=_("The case concerns information security; counted in the annual follow-up."),
    )

    def __init__(self, *args, ticket=None, user=None, **kwargs):
        if ticket is not None:
            kwargs.setdefault(
                "initial",
                {
                    "is_security_incident": ticket.is_security_incident,
                    "kind": ticket.kind,
                    "title": ticket.title,
                    "description": ticket.description,
                    "service": ticket.service_id,
                    "department": ticket.department_id,
                    "impact": ticket.impact,
                    "urgency": ticket.urgency,
                },
            )
        super().__init__(*args, **kwargs)
        self.limit_choices(user, ticket.organisation if ticket else None)

    def changes(self):
        return {name: value for name, value in self.cleaned_data.items() if name in self.changed_data}


class AssignForm(ScopedChoicesMixin, forms.Form):
    queue = forms.ModelChoiceField(queryset=CompetenceArea.objects.none(), required=False, label=_("Queue"))
    assignee = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("Assignee"), empty_label=_("Nobody (unassigned)")
    )

    def __init__(self, *args, organisation=None, user=None, ticket=None, **kwargs):
        if ticket is not None:
            kwargs.setdefault("initial", {"queue": ticket.queue_id, "assignee": ticket.assignee_id})
        super().__init__(*args, **kwargs)
        self.limit_choices(user, organisation or (ticket.organisation if ticket else None))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=())
    text = forms.CharField(
        label=_("Note on the change"),
        required=False,
        max_length=500,
        help_text=_("Optional; shown in the ticket's timeline."),
    )

    def __init__(self, *args, ticket=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[TicketStatus(ticket.status)] if ticket is not None else set()
        self.fields["status"].choices = [(value, label) for value, label in TicketStatus.choices if value in allowed]


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 5}))
    internal = forms.BooleanField(
        label=_("Internal note (only IT staff see it)"),
        required=False,
    )

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["internal"]
        else:
            self.fields["body"].label = _("Reply or note")


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    internal = forms.BooleanField(label=_("Internal file (only IT staff see it)"), required=False)

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(size)s. Allowed types: %(types)s.") % {
            "size": filesizeformat(max_bytes()),
            "types": ", ".join(allowed_extensions()),
        }
        self.fields["file"].widget.attrs["accept"] = ",".join("." + ext for ext in allowed_extensions())
        if not staff:
            del self.fields["internal"]


class TimeEntryForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=24 * 60)
    billable = forms.BooleanField(
        label=_("Billable"),
        required=False,
        help_text=_("Charged to the ticket's department through finance."),
    )
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("This ticket is"), choices=LinkKind.choices)
    target = forms.CharField(label=_("Ticket"), max_length=20, help_text=_("The other ticket's number, e.g. #123."))

    def __init__(self, *args, tickets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tickets = tickets

    def clean_target(self):
        raw = self.cleaned_data["target"].strip().lstrip("#")
        if not raw.isdigit():
            raise forms.ValidationError(_("Enter a ticket number, e.g. #123."))
        target = self.tickets.filter(pk=int(raw)).first() if self.tickets is not None else None
        if target is None:
            raise forms.ValidationError(_("There is no ticket #%(number)s that you can see.") % {"number": raw})
        return target


class BulkAssignForm(ScopedChoicesMixin, forms.Form):
    tickets = forms.ModelMultipleChoiceField(
        queryset=Ticket.objects.none(),
        label=_("Tickets"),
        error_messages={"required": _("Select at least one ticket.")},
    )
    queue = forms.ModelChoiceField(
        queryset=CompetenceArea.objects.none(),
        required=False,
        label=_("Move to queue"),
        empty_label=_("Keep the queue"),
    )
    assignee = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("Assign to"), empty_label=_("Nobody (unassigned)")
    )

    def __init__(self, *args, tickets=None, organisation=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(user, organisation)
        self.fields["tickets"].queryset = tickets if tickets is not None else Ticket.objects.none()


class MaintenancePlanForm(ScopedChoicesMixin, forms.ModelForm):
    class Meta:
        model = MaintenancePlan
        fields = list(MaintenancePlan.EDITABLE_FIELDS)
        widgets = {"starts_on": DATE}

    def __init__(self, *args, user=None, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.limit_choices(user, organisation)

    def _post_clean(self):
        """The service validates the plan and reports on the fields."""


class DeskSettingsForm(forms.ModelForm):
    """The desk settings and the organisation's impact × urgency → priority matrix."""

    levels = list(Level)

    class Meta:
        model = DeskSettings
        fields = list(DeskSettings.EDITABLE_FIELDS)

    def __init__(self, *args, matrix=None, user=None, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["hourly_service"].queryset = services_for(user, organisation).filter(unit=ChargeUnit.HOUR)
        matrix = matrix or {}
        self.cells = []
        for impact in Level:
            row = []
            for urgency in Level:
                name = cell_name(impact, urgency)
                self.fields[name] = forms.TypedChoiceField(
                    label=_("Priority when impact is %(impact)s and urgency is %(urgency)s")
                    % {"impact": impact.label.lower(), "urgency": urgency.label.lower()},
                    coerce=int,
                    choices=Priority.choices,
                    initial=matrix.get((impact, urgency)),
                )
                row.append(name)
            self.cells.append((impact, row))

    def visible_settings(self):
        return [self[name] for name in self._meta.fields]

    def matrix_rows(self):
        return [(impact, [self[name] for name in names]) for impact, names in self.cells]

    def matrix(self):
        return {
            (impact, urgency): self.cleaned_data[cell_name(impact, urgency)] for impact in Level for urgency in Level
        }

    def settings_changes(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def _post_clean(self):
        """The service validates the settings."""


def cell_name(impact, urgency):
    return f"cell_{int(impact)}_{int(urgency)}"


class QueueMemberForm(forms.Form):
    area = forms.ModelChoiceField(queryset=CompetenceArea.objects.none(), label=_("Queue"))
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Person"))
    is_lead = forms.BooleanField(
        label=_("Queue lead"), required=False, help_text=_("Leads are told when a ticket is at risk or breached.")
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = queues_for(organisation)
        self.fields["user"].queryset = desk_staff(organisation)
